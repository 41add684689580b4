import type { QuestErrorCode } from '@questboard/core';

/** Plural forms by `Intl.PluralRules` category, selected by the `n` parameter. */
export type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** A message: text with `{name}` parameters, or plural forms. */
export type Message = string | PluralMessage;

/**
 * Every message id the elements use: the eager English catalog's (./en.ts) and those of the
 * lazy elements, whose English messages load with them (./en.*.ts).
 */
export type MessageId =
  | keyof typeof import('./en.js')['en']['messages']
  | keyof typeof import('./en.passport.js')['passportMessages']
  | keyof typeof import('./en.leaderboard.js')['leaderboardMessages']
  | keyof typeof import('./en.insights.js')['insightsMessages']
  | keyof typeof import('./en.invite.js')['inviteMessages']
  | keyof typeof import('./en.wallet.js')['walletMessages']
  | keyof typeof import('./en.claim.js')['claimMessages']
  | keyof typeof import('./en.failure.js')['failureMessages']
  | keyof typeof import('./en.schedule.js')['scheduleMessages']
  | keyof typeof import('./en.moments.js')['momentMessages'];

/**
 * One locale's catalog: every message, and error texts by `QuestError` code (a code left out
 * shows the error's own `shortMessage`).
 */
export interface Catalog {
  messages: Record<string, Message>;
  errors: Partial<Record<QuestErrorCode, string>>;
}

/** A complete catalog for a locale (every message id of the English one). */
export interface LocaleCatalog extends Catalog {
  messages: Record<MessageId, Message>;
}
