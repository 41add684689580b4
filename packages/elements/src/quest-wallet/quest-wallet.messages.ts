/** The wallet element's labels: ids of `wallet.*` messages in the shared i18n catalogs. */
export const WALLET_LABELS = [
  'connect',
  'connecting',
  'reconnecting',
  'devWallet',
  'account',
  'chain',
  'disconnect',
  'signIn',
  'signingIn',
  'signedIn',
  'switchChain',
  'confirmInWallet',
  'pickerTitle',
  'close',
  'noWallet',
  'installHint',
  'findWallet',
  'walletConnect',
  'walletConnectHint',
  'devWalletHint',
  'retry',
  'reconnect',
  'dismiss',
] as const;

/** Every label, in the element's locale (from the catalog) or as replaced through `messages`. */
export type WalletMessages = Record<(typeof WALLET_LABELS)[number], string>;

export function fill(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : String(params[name]),
  );
}
