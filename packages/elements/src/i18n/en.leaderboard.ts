import type { Message } from './types.js';

/**
 * `<quest-leaderboard>`'s messages, in English: out of the eager catalog (./en.ts), loaded with the code that shows them
 * (quest-leaderboard.component.ts: a chunk of the script-tag build), which adds them with `addEnglish`.
 * Every other locale's catalog still has them (`LocaleCatalog`: every `MessageId`).
 */
export const leaderboardMessages = {
  'leaderboard.label': 'Leaderboard',
  'leaderboard.periods': 'Period',
  'leaderboard.period.all': 'All time',
  'leaderboard.period.day': 'Today',
  'leaderboard.period.week': 'This week',
  'leaderboard.period.month': 'This month',
  'leaderboard.rank': 'Rank',
  'leaderboard.wallet': 'Wallet',
  'leaderboard.points': 'Points',
  'leaderboard.you': 'You',
  'leaderboard.loading': 'Loading the leaderboard…',
  'leaderboard.empty': 'No one has points here yet.',
  'leaderboard.error': 'The leaderboard could not be loaded.',
  'leaderboard.retry': 'Try again',
  'leaderboard.previous': 'Previous page',
  'leaderboard.next': 'Next page',
  'leaderboard.total': { one: '{n} wallet ranked', other: '{n} wallets ranked' },
  'leaderboard.page': 'Page {page}',
} as const satisfies Record<string, Message>;
