import type { Address, Session } from '@questboard/core';
import type { WalletState } from './state.js';

/** What receives the wallet's identity: `createQuestState()`'s `setIdentity`, for example. */
export interface IdentityTarget {
  setIdentity(address: Address | null, session: Session | null): unknown;
}

/**
 * Keeps a quest state's identity on the wallet's account and session: progress and sessions
 * belong to the address, so an account switch shows the new account's progress (the quest state
 * drops answers still in flight for the old one). Changes in one tick are passed on once.
 * Returns the function that stops it.
 */
export function linkIdentity(wallet: WalletState, target: IdentityTarget): () => void {
  let last: { address: Address | null; session: Session | null } | null = null;
  let queued = false;
  const flush = () => {
    queued = false;
    const address = wallet.$account.get();
    const session = wallet.$session.get();
    if (last && last.address === address && last.session === session) return;
    last = { address, session };
    void target.setIdentity(address, session);
  };
  const schedule = () => {
    if (queued) return;
    queued = true;
    queueMicrotask(flush);
  };
  const stops = [wallet.$account.listen(schedule), wallet.$session.listen(schedule)];
  flush();
  return () => {
    for (const stop of stops) stop();
  };
}
