/**
 * The on-chain reward shapes the reward card reads, as fixed in the rewards wire spec (issue 14).
 * Types only: nothing here reaches the script-tag file.
 *
 * TODO(issue 14): these mirror `@questboard/core`'s `Reward` kinds, `RewardDelivery` and
 * `TokenProof` until that branch lands; then this file re-exports core's and nothing else.
 */
import type { QuestBackend, Reward } from '@questboard/core';

type Hex = `0x${string}`;

/** An ERC-20 as a token reward names it. */
export interface RewardToken {
  address: Hex;
  symbol: string;
  /** 0..36. */
  decimals: number;
}

/** A soulbound badge minted by a QuestBadge contract. */
export interface BadgeReward {
  kind: 'badge';
  title: string;
  description?: string;
  image?: string;
  chainId: number;
  contract: Hex;
  /** The badge's name; default: `title`. */
  name?: string;
}

/** Tokens from a QuestDrop contract's merkle rounds. */
export interface TokenReward {
  kind: 'token';
  title: string;
  description?: string;
  image?: string;
  chainId: number;
  contract: Hex;
  token: RewardToken;
  /** Base units per tier (decimal string), or per point. */
  amount: string | { perPoint: string };
}

/** A reward that arrives on chain. */
export type OnchainReward = BadgeReward | TokenReward;

/** A merkle proof of an address's cumulative amount in a published round. */
export interface TokenProof {
  round: number;
  root: Hex;
  /** Cumulative, base units (decimal string). */
  amount: string;
  proof: Hex[];
}

/** The EIP-712 `BadgeVoucher`, integers as decimal strings. */
export interface BadgeVoucherJson {
  to: Hex;
  campaign: Hex;
  tier: Hex;
  nonce: string;
  validAfter: string;
  validBefore: string;
}

/** What the backend's claim answer says to do next on chain. */
export type RewardDelivery =
  | { kind: 'credential' }
  | { kind: 'badge'; chainId: number; contract: Hex; voucher: BadgeVoucherJson; signature: Hex }
  | {
      kind: 'token';
      chainId: number;
      contract: Hex;
      token: RewardToken;
      /** This tier's amount, base units. */
      amount: string;
      /** Present once a closed round includes the address. */
      proof?: TokenProof;
    }
  | { kind: 'allowlist'; list: string };

/** The delivery kinds the card sends a transaction for. */
export type OnchainDelivery = Extract<RewardDelivery, { kind: 'badge' | 'token' }>;

/** A backend that may serve token proofs (`GET /campaigns/{id}/tiers/{tierId}/proof/{address}`). */
export type ProofBackend = QuestBackend & {
  tokenProof?(campaignId: string, tierId: string, address: Hex): Promise<TokenProof | undefined>;
};

/** Whether a reward is minted or claimed on chain (a badge or tokens). */
export function isOnchainReward(
  reward: Reward | OnchainReward | undefined,
): reward is OnchainReward {
  const kind = (reward as { kind?: unknown } | undefined)?.kind;
  return kind === 'badge' || kind === 'token';
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
