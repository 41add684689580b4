import type { Address } from '@questboard/core';

/** An EIP-1193 request. */
export interface RequestArguments {
  readonly method: string;
  readonly params?: readonly unknown[] | object;
}

/**
 * The EIP-1193 provider shape the board talks to: what an injected wallet, wagmi's
 * `connector.getProvider()`, AppKit/Web3Modal, RainbowKit, WalletConnect or ethers'
 * `BrowserProvider` source hold. Only `request` is required; events are followed when present.
 */
export interface EIP1193Provider {
  request(args: RequestArguments): Promise<unknown>;
  // biome-ignore lint/suspicious/noExplicitAny: EIP-1193 listeners take event-specific arguments
  on?(event: string, listener: (...args: any[]) => void): unknown;
  // biome-ignore lint/suspicious/noExplicitAny: EIP-1193 listeners take event-specific arguments
  removeListener?(event: string, listener: (...args: any[]) => void): unknown;
}

/** EIP-6963 provider info, as announced by the wallet. */
export interface WalletInfo {
  uuid: string;
  name: string;
  /** A `data:` URI (EIP-6963 requires one). */
  icon: string;
  /** Reverse-DNS id, e.g. `io.metamask`: the key wallets are deduplicated by. */
  rdns: string;
}

export type ConnectorKind = 'injected' | 'host' | 'walletconnect' | 'dev';

/** The account and chain a connector is on. */
export interface Connection {
  address: Address;
  chainId: number;
}

/** What a connector reports after it connected. */
export type ConnectorEvent =
  | { type: 'accounts'; accounts: Address[] }
  | { type: 'chain'; chainId: number }
  /** The wallet went away (EIP-1193 `disconnect`, a session ended on the phone). */
  | { type: 'disconnect'; error?: unknown };

/** One way to reach a wallet. All connectors speak EIP-1193 underneath. */
export interface Connector {
  /** Stable id: `injected:<rdns>`, `injected:legacy`, `host`, `walletconnect`, `dev`. */
  readonly id: string;
  readonly name: string;
  /** A `data:` or same-origin image URL, when known. */
  readonly icon?: string;
  readonly kind: ConnectorKind;
  /** EIP-6963 reverse-DNS id (injected wallets). */
  readonly rdns?: string;
  /** Asks the wallet for accounts (may prompt). */
  connect(): Promise<Connection>;
  /**
   * Reads accounts without prompting (`eth_accounts`); null when the wallet has not
   * authorised this site. Used to restore a connection on reload.
   */
  reconnect(): Promise<Connection | null>;
  /** Forgets the connection on our side (and ends a WalletConnect session). */
  disconnect(): Promise<void>;
  /** The provider, once there is one (WalletConnect and the dev wallet create it on connect). */
  getProvider(): EIP1193Provider;
  /** Follows account, chain and disconnect events. Returns an unsubscribe function. */
  subscribe(listener: (event: ConnectorEvent) => void): () => void;
}
