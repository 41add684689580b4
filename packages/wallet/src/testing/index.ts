export { memoryStorage } from '../session-store.js';
export type { RecordedRequest, TestWallet, TestWalletOptions } from './test-wallet.js';
export { createTestWallet, TEST_KEYS } from './test-wallet.js';

/** URLs of the resources the page has requested so far whose URL contains `part`. */
export function requestedResources(part: string): string[] {
  return performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((name) => name.includes(part));
}
