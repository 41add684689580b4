import type { Message } from './types.js';

/**
 * The on-chain claim line's messages (`<quest-reward>`'s badge mints and token claims), in English: out of the eager catalog (./en.ts), loaded with the code that shows them
 * (quest-reward.claim.ts: a chunk of the script-tag build), which adds them with `addEnglish`.
 * Every other locale's catalog still has them (`LocaleCatalog`: every `MessageId`).
 */
export const claimMessages = {
  'reward.kind.badge': 'Soulbound badge',
  'reward.kind.token': 'Tokens',
  'reward.mint': 'Mint badge',
  'reward.claimAmount': 'Claim {amount}',
  'reward.confirmInWallet': 'Confirm in your wallet…',
  'reward.pending': 'Sent, waiting for the chain…',
  'reward.transaction': 'Transaction {hash}',
  'reward.minted': 'Badge minted',
  'reward.tokensClaimed': 'Tokens claimed',
  'reward.viewTransaction': 'View the transaction',
  'reward.nextRound': 'Claimable when the next round is published',
  'reward.wrongChain': 'Your wallet is on another network.',
  'reward.switchChain': 'Switch to {chain}',
  'reward.reverted': 'The contract refused the claim: {error}.',
} as const satisfies Record<string, Message>;
