import type { Reward, RewardKind, Tier, TokenReward } from './campaign.js';

/** The largest amount a token reward may pay (and a `QuestDrop` leaf may hold): 2²⁵⁶ − 1. */
export const MAX_TOKEN_AMOUNT = (1n << 256n) - 1n;

/** A reward's kind: `credential` when `kind` is absent. */
export function rewardKind(reward: Reward): RewardKind {
  return reward.kind ?? 'credential';
}

/** The points a tier's tasks add up to. */
export function tierPoints(tier: Tier): number {
  return tier.tasks.reduce((sum, task) => sum + task.points, 0);
}

/**
 * What a token tier pays, in the token's base units: the fixed `amount`, or `perPoint` × the
 * points of the tier's tasks. Throws when the tier has no token reward. The campaign schema
 * guarantees the result fits uint256.
 */
export function tierTokenAmount(tier: Tier): bigint {
  const reward = tier.reward;
  if (reward?.kind !== 'token') throw new TypeError(`Tier "${tier.id}" has no token reward.`);
  return tokenAmountOf(reward, tierPoints(tier));
}

/** A token reward's amount for a tier worth `points`, in base units. */
export function tokenAmountOf(reward: Pick<TokenReward, 'amount'>, points: number): bigint {
  return typeof reward.amount === 'string'
    ? BigInt(reward.amount)
    : BigInt(reward.amount.perPoint) * BigInt(points);
}

/**
 * A base-unit amount as the token's display units (`1500000` with 6 decimals → `"1.5"`): exact,
 * trailing zeros dropped. For cards and buttons ("Claim 1.5 USDC").
 */
export function formatTokenAmount(amount: bigint | string, decimals: number): string {
  const value = BigInt(amount);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
