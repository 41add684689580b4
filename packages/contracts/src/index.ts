/**
 * `@questboard/contracts`: the Questboard reward contracts as typed constants. Nothing runs at
 * import time and nothing is imported: ABIs are `as const` so viem infers argument and return
 * types, the bytecode is there to deploy them, and the EIP-712 domains and types are the ones
 * the contracts hash, so an off-chain signer and the chain always agree.
 *
 * - `QuestBadge`: soulbound (ERC-5192) ERC-721 badges minted with `claim(voucher, signature)`.
 * - `QuestDrop`: cumulative merkle distributor of one ERC-20, with relayed `claimFor`.
 *
 * @packageDocumentation
 */
export { questBadgeAbi, questBadgeBytecode } from './generated/QuestBadge.js';
export { questDropAbi, questDropBytecode } from './generated/QuestDrop.js';

/** ERC-165 id of ERC-5192 (`locked(uint256)`), which QuestBadge reports. */
export const erc5192InterfaceId = '0xb45a3c0e' as const;

/**
 * The EIP-712 domain of QuestBadge without `chainId` and `verifyingContract`, which are the
 * chain's id and the deployed contract's address.
 */
export const questBadgeDomain = { name: 'QuestBadge', version: '1' } as const;

/** EIP-712 types of the voucher QuestBadge's issuer signs (primary type `BadgeVoucher`). */
export const badgeVoucherTypes = {
  BadgeVoucher: [
    { name: 'to', type: 'address' },
    { name: 'campaign', type: 'bytes32' },
    { name: 'tier', type: 'bytes32' },
    { name: 'nonce', type: 'uint256' },
    { name: 'validAfter', type: 'uint64' },
    { name: 'validBefore', type: 'uint64' },
  ],
} as const;

/**
 * The EIP-712 domain of QuestDrop without `chainId` and `verifyingContract`, which are the
 * chain's id and the deployed contract's address.
 */
export const questDropDomain = { name: 'QuestDrop', version: '1' } as const;

/**
 * EIP-712 types of the authorisation an account signs so anyone may submit its claim
 * (`claimFor`) and pay the gas (primary type `ClaimAuthorization`).
 */
export const claimAuthorizationTypes = {
  ClaimAuthorization: [
    { name: 'account', type: 'address' },
    { name: 'recipient', type: 'address' },
    { name: 'cumulativeAmount', type: 'uint256' },
    { name: 'deadline', type: 'uint64' },
  ],
} as const;

/**
 * The leaf encoding of QuestDrop's merkle tree for `@openzeppelin/merkle-tree`'s
 * `StandardMerkleTree.of(values, questDropLeafEncoding)`: `[account, cumulativeAmount]`, hashed
 * on chain as `keccak256(bytes.concat(keccak256(abi.encode(account, cumulativeAmount))))`.
 */
export const questDropLeafEncoding = ['address', 'uint256'] as const;
