import type { Message } from './types.js';

/**
 * The board's moment lines (level up, streaks, reward ready), in English: out of the eager catalog (./en.ts), loaded with the code that shows them
 * (moments.ts: a chunk of the script-tag build), which adds them with `addEnglish`.
 * Every other locale's catalog still has them (`LocaleCatalog`: every `MessageId`).
 */
export const momentMessages = {
  'moment.level': 'Level up: you reached {level}.',
  'moment.streak': '“{task}”: {streak}!',
  'moment.campaignStreak': 'Campaign streak: {streak}!',
  'moment.claimable': 'Reward ready to claim: {reward}.',
} as const satisfies Record<string, Message>;
