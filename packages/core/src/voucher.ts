/**
 * Badge vouchers for `QuestBadge.claim(voucher, signature)`: built here, signed with EIP-712 by
 * the issuer key, redeemed on chain by the visitor (or a relayer). Pure functions shared by the
 * server (which signs with its issuer key) and the memory backend (a dev issuer for Storybook
 * and tests); the domain and types come from `@questboard/contracts`, the constants the
 * contract is tested against, so a voucher signed here is one the contract accepts.
 */

import { badgeVoucherTypes, questBadgeDomain } from '@questboard/contracts';
import {
  type Address,
  getAddress,
  type Hex,
  isAddress,
  keccak256,
  type LocalAccount,
  stringToBytes,
  type TypedDataDefinition,
  toHex,
} from 'viem';
import { QuestError } from './errors.js';

/** A voucher exactly as `QuestBadge.claim` takes it. */
export interface BadgeVoucher {
  to: Address;
  /** `rewardKey(campaignId)`. */
  campaign: Hex;
  /** `rewardKey(tierId)`. */
  tier: Hex;
  nonce: bigint;
  /** Unix seconds: valid when `validAfter <= block.timestamp < validBefore`. */
  validAfter: bigint;
  validBefore: bigint;
}

/** A voucher on the wire: integers as decimal strings (JSON has no bigint). */
export type BadgeVoucherJson = {
  [K in keyof BadgeVoucher]: BadgeVoucher[K] extends bigint ? string : BadgeVoucher[K];
};

/** Where a voucher is redeemed: the chain and the QuestBadge contract (the EIP-712 domain). */
export interface BadgeContract {
  chainId: number;
  address: Address;
}

/** Default voucher lifetime: 30 days. */
export const VOUCHER_TTL_SECONDS = 30 * 24 * 60 * 60;
/** How far back `validAfter` is set, so a chain whose clock lags a little still accepts it. */
export const VOUCHER_CLOCK_SKEW_SECONDS = 5 * 60;

/**
 * The `bytes32` a campaign or tier id becomes on chain: `keccak256` of its UTF-8 bytes (ids
 * may be longer than 32 bytes). The same id always gives the same key.
 */
export function rewardKey(id: string): Hex {
  if (id.length === 0) throw new QuestError('BAD_REQUEST', 'A campaign or tier id is empty.');
  return keccak256(stringToBytes(id));
}

/** A random 256-bit voucher nonce (each nonce is accepted once by the contract). */
export function randomVoucherNonce(): bigint {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return BigInt(toHex(bytes));
}

export interface CreateBadgeVoucherInput {
  /** Who receives the badge. */
  to: string;
  campaignId: string;
  tierId: string;
  /** Default: a random 256-bit nonce. */
  nonce?: bigint;
  /** Unix time in milliseconds the voucher is made at. Default: `Date.now()`. */
  now?: number;
  /** Seconds the voucher stays valid. Default: {@link VOUCHER_TTL_SECONDS}. */
  ttlSeconds?: number;
}

/**
 * A voucher for `to`'s badge of (campaign, tier), valid from a few minutes before `now`
 * ({@link VOUCHER_CLOCK_SKEW_SECONDS}) until `now + ttlSeconds`.
 */
export function createBadgeVoucher(input: CreateBadgeVoucherInput): BadgeVoucher {
  if (!isAddress(input.to))
    throw new QuestError('BAD_REQUEST', `"${input.to}" is not an address (0x and 40 hex digits).`);
  const ttl = input.ttlSeconds ?? VOUCHER_TTL_SECONDS;
  if (!Number.isSafeInteger(ttl) || ttl <= 0)
    throw new QuestError('BAD_REQUEST', `ttlSeconds must be a positive integer, not ${ttl}.`);
  const now = Math.floor((input.now ?? Date.now()) / 1000);
  return {
    to: getAddress(input.to),
    campaign: rewardKey(input.campaignId),
    tier: rewardKey(input.tierId),
    nonce: input.nonce ?? randomVoucherNonce(),
    validAfter: BigInt(Math.max(0, now - VOUCHER_CLOCK_SKEW_SECONDS)),
    validBefore: BigInt(now + ttl),
  };
}

/** The EIP-712 typed data of a voucher for one QuestBadge contract (what the issuer signs). */
export function badgeVoucherTypedData(
  contract: BadgeContract,
  voucher: BadgeVoucher,
): TypedDataDefinition<typeof badgeVoucherTypes, 'BadgeVoucher'> {
  return {
    domain: { ...questBadgeDomain, chainId: contract.chainId, verifyingContract: contract.address },
    types: badgeVoucherTypes,
    primaryType: 'BadgeVoucher',
    message: voucher,
  };
}

/**
 * Signs a voucher with the issuer's key (any viem account that signs typed data locally, such
 * as `privateKeyToAccount(key)`). The contract's `issuer` must be this account's address.
 */
export function signBadgeVoucher(
  issuer: Pick<LocalAccount, 'signTypedData'>,
  contract: BadgeContract,
  voucher: BadgeVoucher,
): Promise<Hex> {
  return issuer.signTypedData(badgeVoucherTypedData(contract, voucher));
}

/** The wire form of a voucher (integers as decimal strings). */
export function badgeVoucherToJson(voucher: BadgeVoucher): BadgeVoucherJson {
  return {
    to: voucher.to,
    campaign: voucher.campaign,
    tier: voucher.tier,
    nonce: voucher.nonce.toString(),
    validAfter: voucher.validAfter.toString(),
    validBefore: voucher.validBefore.toString(),
  };
}

/** A voucher from its wire form, as `QuestBadge.claim` takes it. */
export function badgeVoucherFromJson(json: BadgeVoucherJson): BadgeVoucher {
  return {
    to: json.to,
    campaign: json.campaign,
    tier: json.tier,
    nonce: BigInt(json.nonce),
    validAfter: BigInt(json.validAfter),
    validBefore: BigInt(json.validBefore),
  };
}
