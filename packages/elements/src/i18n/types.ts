import type { QuestErrorCode } from '@questboard/core';

/** Plural forms by `Intl.PluralRules` category, selected by the `n` parameter. */
export type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** A message: text with `{name}` parameters, or plural forms. */
export type Message = string | PluralMessage;

/** Every message id the elements use. */
export type MessageId = keyof typeof import('./en.js')['en']['messages'];

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
