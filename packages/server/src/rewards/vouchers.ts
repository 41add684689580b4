/**
 * Badge vouchers for `QuestBadge.claim(voucher, signature)`. The functions live in
 * `@questboard/core` (the memory backend signs with a dev issuer the same way); the server
 * signs with its credential issuer key (`RewardService`) and stores each voucher with its claim.
 */
export type {
  BadgeContract,
  BadgeVoucher,
  BadgeVoucherJson,
  CreateBadgeVoucherInput,
} from '@questboard/core';
export {
  badgeVoucherFromJson,
  badgeVoucherToJson,
  badgeVoucherTypedData,
  createBadgeVoucher,
  randomVoucherNonce,
  rewardKey,
  signBadgeVoucher,
  VOUCHER_CLOCK_SKEW_SECONDS,
  VOUCHER_TTL_SECONDS,
} from '@questboard/core';
