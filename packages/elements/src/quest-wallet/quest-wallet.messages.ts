/**
 * The wallet element's own texts (English). Errors come from the shared catalog by code
 * (`i18n.error`); these are the labels it adds. Replace any of them through the element's
 * `messages` property until they move into the shared i18n catalog.
 */
export const walletMessages = {
  connect: 'Connect wallet',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  confirmInWallet: 'Confirm in your wallet',
  pickerTitle: 'Choose a wallet',
  close: 'Close',
  noWallet: 'No wallet found in this browser.',
  installHint: 'Install a wallet, then reload this page:',
  findWallet: 'Find a wallet',
  walletConnect: 'WalletConnect',
  walletConnectHint: 'Scan with your phone',
  devWallet: 'dev wallet',
  devWalletHint: 'Burner key for demos; never holds anything of value',
  account: 'Connected account {address}',
  chain: 'Chain {chainId}',
  disconnect: 'Disconnect',
  signIn: 'Sign in',
  signingIn: 'Signing in…',
  signedIn: 'Signed in',
  switchChain: 'Switch to chain {chainId}',
  retry: 'Try again',
  reconnect: 'Reconnect',
  dismiss: 'Dismiss',
};

export type WalletMessages = typeof walletMessages;

export function fill(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : String(params[name]),
  );
}
