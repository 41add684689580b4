/**
 * The script-tag entry: registers every element and re-exports what a page without a build
 * step needs, e.g.
 * `import { memoryBackend } from 'https://…/quest-board.js'`.
 */
import './define.js';

export type {
  Campaign,
  Ladder,
  Progress,
  QuestBackend,
  QuestState,
  VerifyResult,
} from '@questboard/core';
export {
  createQuestState,
  isQuestError,
  isSafeUrl,
  memoryBackend,
  parseCampaignLazily,
  QuestError,
} from '@questboard/core';
export * from './index.js';
