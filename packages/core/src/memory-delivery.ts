// The memory backend's badge and token deliveries, loaded only when such a tier is claimed
// (they bring keccak and EIP-712 signing).
import type { LocalAccount } from 'viem';
import type { RewardDelivery } from './backends/backend.js';
import type { Address, BadgeReward, Tier, TokenReward } from './campaign/campaign.js';
import { tierTokenAmount } from './campaign/reward.js';
import { QuestError } from './errors.js';
import { deliveryStorageKey, type KeyValueStorage } from './memory-backend.js';
import { badgeVoucherToJson, createBadgeVoucher, signBadgeVoucher } from './voucher.js';

export interface ChainDeliveryInput {
  campaignId: string;
  tier: Tier;
  reward: BadgeReward | TokenReward;
  address: Address | null;
  issuer?: Pick<LocalAccount, 'address' | 'signTypedData'>;
  storage: KeyValueStorage;
  /** Unix milliseconds. */
  now: number;
}

/**
 * A badge tier's voucher signed by the dev issuer (kept in storage: a repeat gives the same one)
 * or a token tier's amount. Without an issuer: `REWARD_NEEDS_SERVER`; without a wallet:
 * `WALLET_REQUIRED`. Nothing is stored before the voucher is signed.
 */
export async function chainDelivery(input: ChainDeliveryInput): Promise<RewardDelivery> {
  const { reward, tier, address, issuer, storage } = input;
  if (!issuer)
    throw new QuestError(
      'REWARD_NEEDS_SERVER',
      reward.kind === 'badge'
        ? 'This badge is minted from a voucher a server signs; this campaign runs in the browser only, so it cannot be claimed here.'
        : 'These tokens are paid from rounds a server closes; this campaign runs in the browser only, so they cannot be claimed here.',
      {
        details: `memoryBackend has no issuer: tier "${tier.id}" (${reward.kind})`,
        docsPath: '/docs/rewards.md',
      },
    );
  if (!address) throw new QuestError('WALLET_REQUIRED', 'Connect a wallet to receive this reward.');
  if (reward.kind === 'token')
    return {
      kind: 'token',
      chainId: reward.chainId,
      contract: reward.contract,
      token: { ...reward.token },
      amount: tierTokenAmount(tier).toString(),
    };
  const key = deliveryStorageKey(input.campaignId, address, tier.id);
  const stored = storage.getItem(key);
  if (stored !== null) {
    try {
      const delivery = JSON.parse(stored) as RewardDelivery;
      if (
        delivery.kind === 'badge' &&
        delivery.chainId === reward.chainId &&
        delivery.contract.toLowerCase() === reward.contract.toLowerCase() &&
        delivery.voucher.to.toLowerCase() === address.toLowerCase()
      )
        return delivery;
    } catch {
      // unreadable: a new voucher replaces it
    }
  }
  const voucher = createBadgeVoucher({
    to: address,
    campaignId: input.campaignId,
    tierId: tier.id,
    now: input.now,
  });
  const delivery: RewardDelivery = {
    kind: 'badge',
    chainId: reward.chainId,
    contract: reward.contract,
    voucher: badgeVoucherToJson(voucher),
    signature: await signBadgeVoucher(
      issuer,
      { chainId: reward.chainId, address: reward.contract },
      voucher,
    ),
  };
  try {
    storage.setItem(key, JSON.stringify(delivery));
  } catch (error) {
    throw new QuestError(
      'SERVER',
      'The badge voucher could not be saved in this browser (storage is full or blocked). Allow site data for this page, then try again.',
      { cause: error },
    );
  }
  return delivery;
}
