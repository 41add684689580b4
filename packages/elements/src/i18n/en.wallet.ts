import type { Message } from './types.js';

/**
 * `<quest-wallet>`'s messages (and the chain name the reward's claim line falls back to); the board's own `wallet.statement` stays in ./en.ts, in English: out of the eager catalog (./en.ts), loaded with the code that shows them
 * (quest-wallet.component.ts, quest-reward.claim.ts: a chunk of the script-tag build), which adds them with `addEnglish`.
 * Every other locale's catalog still has them (`LocaleCatalog`: every `MessageId`).
 */
export const walletMessages = {
  'wallet.connect': 'Connect wallet',
  'wallet.connecting': 'Connecting…',
  'wallet.reconnecting': 'Reconnecting…',
  'wallet.devWallet': 'dev wallet',
  'wallet.account': 'Connected account {address}',
  'wallet.chain': 'Chain {chainId}',
  'wallet.disconnect': 'Disconnect',
  'wallet.signIn': 'Sign in',
  'wallet.signingIn': 'Signing in…',
  'wallet.signedIn': 'Signed in',
  'wallet.switchChain': 'Switch to {chain}',
  'wallet.confirmInWallet': 'Confirm in your wallet',
  'wallet.pickerTitle': 'Choose a wallet',
  'wallet.close': 'Close',
  'wallet.noWallet': 'No wallet found in this browser.',
  'wallet.installHint': 'Install a wallet, then reload this page:',
  'wallet.findWallet': 'Find a wallet',
  'wallet.walletConnect': 'WalletConnect',
  'wallet.walletConnectHint': 'Scan with your phone',
  'wallet.devWalletHint': 'Burner key for demos; never holds anything of value',
  'wallet.retry': 'Try again',
  'wallet.reconnect': 'Reconnect',
  'wallet.dismiss': 'Dismiss',
} as const satisfies Record<string, Message>;
