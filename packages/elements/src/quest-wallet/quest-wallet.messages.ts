/**
 * The wallet element's own texts (English). Errors come from the shared catalog by code
 * (`i18n.error`); these are the labels it adds. Replace any of them through the element's
 * `messages` property until they move into the shared i18n catalog.
 */
export const walletMessages = {
  connect: 'Connect wallet',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  devWallet: 'dev wallet',
  account: 'Connected account {address}',
  chain: 'Chain {chainId}',
  disconnect: 'Disconnect',
  signIn: 'Sign in',
  signingIn: 'Signing in…',
  signedIn: 'Signed in',
  switchChain: 'Switch to chain {chainId}',
};

/** The picker's and error line's labels: their defaults load with them (quest-wallet.picker.ts). */
export interface PickerMessages {
  confirmInWallet: string;
  pickerTitle: string;
  close: string;
  noWallet: string;
  installHint: string;
  findWallet: string;
  walletConnect: string;
  walletConnectHint: string;
  devWalletHint: string;
  retry: string;
  reconnect: string;
  dismiss: string;
}

export type WalletMessages = typeof walletMessages & PickerMessages;

export function fill(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : String(params[name]),
  );
}
