/**
 * The on-chain reward shapes the reward card works with, from `@questboard/core` (the wire spec
 * of issue 14), and where such a reward stands for the visitor. Types and one guard: nothing
 * here weighs on the script-tag file.
 */
import type { BadgeReward, Reward, RewardDelivery, TokenReward } from '@questboard/core';

type Hex = `0x${string}`;

/** A reward that arrives on chain: a soulbound badge or tokens from a drop. */
export type OnchainReward = BadgeReward | TokenReward;

/** The deliveries the card sends a transaction for. */
export type OnchainDelivery = Extract<RewardDelivery, { kind: 'badge' | 'token' }>;

/** Whether a reward is minted or claimed on chain (a badge or tokens). */
export function isOnchainReward(reward: Reward | undefined | null): reward is OnchainReward {
  return reward?.kind === 'badge' || reward?.kind === 'token';
}

/**
 * Where an on-chain reward stands for the connected account, as the card shows it:
 * - `idle`: nothing read yet (no account, or no way to read the chain);
 * - `unclaimed`: on chain, nothing yet (`claimable`: tokens a published round leaves to take);
 * - `waiting-round`: claimed at the backend, no published round includes the address yet;
 * - `wrong-chain`: the wallet is on another network than the reward's;
 * - `signing`: the wallet is asked to send the claim;
 * - `pending`: sent, not mined yet (`hash` once known);
 * - `confirmed`: mined here (`hash`); `claimed`: found on chain (sent earlier or elsewhere);
 * - `failed`: the last attempt failed (`error.code` `CLAIM_REVERTED` names the contract's error).
 */
export type OnchainView =
  | { status: 'idle' }
  | { status: 'unclaimed'; claimable?: bigint }
  | { status: 'waiting-round' }
  | { status: 'wrong-chain' }
  | { status: 'signing'; sponsored: boolean }
  | { status: 'pending'; sponsored: boolean; hash?: Hex }
  | { status: 'confirmed'; sponsored: boolean; hash: Hex }
  | { status: 'claimed' }
  | { status: 'failed'; error: { code: string; shortMessage: string; details?: string } };
