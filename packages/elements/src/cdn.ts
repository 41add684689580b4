/**
 * The script-tag entry: registers the elements and re-exports what a page without a build step
 * needs, e.g. `import { memoryBackend } from 'https://…/quest-board.js'`.
 *
 * `<quest-wallet>` is not in this file either: a board loads it when its campaign needs a wallet
 * (or the page configures one), `await loadWallet()` loads it for use on its own.
 *
 * `<quest-passport>` is not in this file: like Shoelace's autoloader, the first
 * `<quest-passport>` that appears in the document loads it (a chunk beside this file), so pages
 * without one never pay for it. `await loadPassport()` loads it on demand (e.g. before using it
 * inside another shadow root, which the document observer cannot see).
 */
// First: asks for what the boards already in the page need (./internal/early-campaign.ts) before
// the rest of this file is evaluated.
import './internal/early-start.js';
import type { HttpBackendOptions, MemoryBackendOptions, QuestBackend } from '@questboard/core';
import { lazyBackend } from '@questboard/core';
import { lazyMemoryBackend } from './internal/memory-backend.js';
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
  QuestError,
} from '@questboard/core';

/**
 * `memoryBackend(options)` for pages without a build step: the same backend, its code loaded on
 * first use (a chunk beside this file), so the script-tag file stays small. Loading a campaign
 * URL does not wait for that chunk: the campaign is requested beside it.
 */
export function memoryBackend(options?: MemoryBackendOptions): QuestBackend {
  return lazyMemoryBackend(options);
}

/** `httpBackend({ endpoint })`, loaded on first use like `memoryBackend`. */
export function httpBackend(options: HttpBackendOptions): QuestBackend {
  return lazyBackend(() => import('@questboard/core/http').then((m) => m.httpBackend(options)), {
    prefetch: true,
  });
}
export {
  $catalogs,
  formatMessage,
  loadLocale,
  registerLocale,
  resolveLocale,
  supportedLocales,
  translator,
} from './i18n/index.js';
// Named modules, not ./index.js: that one references <quest-passport>, which must stay lazy here.
export type * from './index.js';
export { defineElement } from './internal/define.js';
export { StoreController } from './internal/store-controller.js';
export { VERSION } from './internal/version.js';
export type { QuestTheme } from './quest-board/quest-board.component.js';
export { QuestBoard } from './quest-board/quest-board.component.js';
export { QuestProgress } from './quest-progress/quest-progress.component.js';
export { QuestReward } from './quest-reward/quest-reward.component.js';
export { QuestTask } from './quest-task/quest-task.component.js';
export { QuestTier } from './quest-tier/quest-tier.component.js';
export { darkTokens, lightTokens } from './styles/tokens.js';

/**
 * Loads and registers `<quest-wallet>` (a chunk beside this file). A board loads it itself when
 * its campaign needs a wallet; call this to use `<quest-wallet>` on its own.
 */
export function loadWallet(): Promise<typeof import('./quest-wallet/quest-wallet.js')> {
  return import('./quest-wallet/quest-wallet.js');
}

/** Loads and registers `<quest-passport>`. */
export function loadPassport(): Promise<typeof import('./quest-passport/quest-passport.js')> {
  return import('./quest-passport/quest-passport.js');
}

/**
 * Loads and registers `<quest-leaderboard>` (a chunk beside this file, kept out of this one:
 * the size budget). Loaded by itself when the page has a `<quest-leaderboard>`.
 */
export function loadLeaderboard(): Promise<
  typeof import('./quest-leaderboard/quest-leaderboard.js')
> {
  return import('./quest-leaderboard/quest-leaderboard.js');
}

/**
 * Loads and registers `<quest-insights>` (the operator's view; a chunk beside this file, kept out
 * of this one: the size budget). Loaded by itself when the page has a `<quest-insights>`.
 */
export function loadInsights(): Promise<typeof import('./quest-insights/quest-insights.js')> {
  return import('./quest-insights/quest-insights.js');
}

/**
 * The first `<tag>` that appears in the document loads its element (`load`): at once when one is
 * already there, else when one is added (a MutationObserver, dropped once it has seen one).
 */
function autoload(tag: string, load: () => Promise<unknown>): void {
  if (typeof document === 'undefined' || typeof MutationObserver === 'undefined') return;
  const found = () => {
    if (customElements.get(tag)) return true;
    if (!document.querySelector(tag)) return false;
    void load();
    return true;
  };
  if (found()) return;
  const observer = new MutationObserver(() => {
    if (found()) observer.disconnect();
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
}

autoload('quest-leaderboard', loadLeaderboard);
autoload('quest-passport', loadPassport);
autoload('quest-insights', loadInsights);
