/**
 * The script-tag entry: registers the elements and re-exports what a page without a build step
 * needs, e.g. `import { memoryBackend } from 'https://…/quest-board.js'`.
 *
 * `<quest-passport>` is not in this file: like Shoelace's autoloader, the first
 * `<quest-passport>` that appears in the document loads it (a chunk beside this file), so pages
 * without one never pay for it. `await loadPassport()` loads it on demand (e.g. before using it
 * inside another shadow root, which the document observer cannot see).
 */
import './quest-board/quest-board.js';

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
  lazyBackend,
  memoryBackend,
  parseCampaignLazily,
  QuestError,
} from '@questboard/core';
export type * from './index.js';
export {
  $catalogs,
  defineElement,
  formatMessage,
  loadLocale,
  QuestBoard,
  QuestProgress,
  QuestReward,
  QuestTask,
  QuestTier,
  QuestWallet,
  registerLocale,
  resolveLocale,
  StoreController,
  supportedLocales,
  translator,
  VERSION,
} from './index.js';

/** Loads and registers `<quest-passport>`. */
export function loadPassport(): Promise<typeof import('./quest-passport/quest-passport.js')> {
  return import('./quest-passport/quest-passport.js');
}

if (typeof document !== 'undefined' && typeof MutationObserver !== 'undefined') {
  const check = () => {
    if (customElements.get('quest-passport')) return true;
    if (!document.querySelector('quest-passport')) return false;
    void loadPassport();
    return true;
  };
  if (!check()) {
    const observer = new MutationObserver(() => {
      if (check()) observer.disconnect();
    });
    observer.observe(document.documentElement, { childList: true, subtree: true });
  }
}
