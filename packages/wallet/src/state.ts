import {
  type Address,
  type ChainConfig,
  type QuestBackend,
  QuestError,
  type Session,
} from '@questboard/core';
import { atom, onMount, type ReadableAtom } from 'nanostores';
import { type DevWalletOptions, devWalletConnector } from './connectors/dev.js';
import { hostConnector } from './connectors/host.js';
import { discoverInjected, type InjectedDiscovery } from './connectors/injected.js';
import { type WalletConnectOptions, walletConnectConnector } from './connectors/walletconnect.js';
import { loadFailed, toWalletError, walletNotFound } from './errors.js';
import { getChainId } from './provider.js';
import { type KeyValueStorage, STORAGE_PREFIX, sessionStore, webStorage } from './session-store.js';
import type { Connection, Connector, ConnectorEvent } from './types.js';

export type WalletStatus = 'disconnected' | 'connecting' | 'reconnecting' | 'connected';

export interface WalletStateOptions {
  /** A host dApp's EIP-1193 provider: when set, the only connector, and no picker is shown. */
  provider?: unknown;
  /** Find injected wallets through EIP-6963 (default true where there is a `window`). */
  discover?: boolean;
  /** Offer the burner dev wallet (only with an explicit `dev-wallet` attribute). */
  devWallet?: boolean | DevWalletOptions;
  /** Offer WalletConnect (the `walletconnect-project-id` attribute); loaded only when picked. */
  walletConnect?: WalletConnectOptions | null;
  /** Sessions are kept per (scope, address): pass the backend endpoint or the campaign id. */
  sessionScope?: string;
  /** Where sessions and the last-used wallet are kept (default `localStorage`). */
  storage?: KeyValueStorage;
  /** Restore the last wallet without prompting when first observed (default true). */
  autoReconnect?: boolean;
  /** Clock, for tests. */
  now?: () => number;
}

export interface SignInOptions {
  /** Defaults to `sessionScope` of the state. */
  scope?: string;
  /** RFC 3986 authority the backend expects (default `location.host`). */
  domain?: string;
  /** Default `location.origin`. */
  uri?: string;
  /** Default: the wallet's current chain. */
  chainId?: number;
  /** One line shown in the wallet. */
  statement?: string;
  /** Message lifetime (default 1440 minutes, one day); the backend may cut the session shorter. */
  expirationMinutes?: number;
  resources?: string[];
}

/** Signing in and switching chains: a chunk loaded on first use (see actions.ts). */
const actions = () =>
  import('./actions.js').catch((error) => {
    throw loadFailed(error);
  });

const LAST_KEY = `${STORAGE_PREFIX}last`;
const DEFAULT_SCOPE = 'default';

/**
 * The wallet state of one board (or one standalone `<quest-wallet>`): nanostores plus actions.
 *
 * Stores: `$account`, `$chainId`, `$status`, `$connectors` (what the picker lists),
 * `$connector` (the active one), `$session` (SIWE session of the current account, for the
 * current scope), `$error` (the last failure, a `QuestError`). Discovery starts when
 * `$connectors` is first observed; restoring the last wallet when `$account` is first observed.
 */
export function createWalletState(options: WalletStateOptions = {}) {
  const now = options.now ?? Date.now;
  const storage = options.storage ?? webStorage('localStorage');
  const sessions = sessionStore(storage, now);
  let scope = options.sessionScope ?? DEFAULT_SCOPE;

  const $account = atom<Address | null>(null);
  const $chainId = atom<number | null>(null);
  const $status = atom<WalletStatus>('disconnected');
  const $connectors = atom<Connector[]>([]);
  const $connector = atom<Connector | null>(null);
  const $session = atom<Session | null>(null);
  const $error = atom<QuestError | null>(null);

  let host: Connector | null = null;
  let injected: Connector[] = [];
  let discovery: InjectedDiscovery | null = null;
  let dev: Connector | null = null;
  let walletConnect: Connector | null = null;
  let active: { connector: Connector; unsubscribe: () => void } | null = null;
  /** Bumped on every account change: work started for another account is dropped. */
  let epoch = 0;
  let connecting: Promise<Connection> | null = null;
  let signingIn: Promise<Session> | null = null;
  let expiryTimer: ReturnType<typeof setTimeout> | undefined;
  let userActed = false;
  let observed = false;

  let pendingRestoreId: string | null = null;
  const listConnectors = () => {
    const list = host
      ? [host]
      : [...injected, ...(walletConnect ? [walletConnect] : []), ...(dev ? [dev] : [])];
    $connectors.set(list);
    // The last wallet may be offered after the board first looked (the dev wallet is enabled
    // once the campaign's chains are known, an injected wallet announces itself late).
    if (pendingRestoreId && !userActed && !active) {
      const found = list.find((c) => c.id === pendingRestoreId);
      if (found) {
        pendingRestoreId = null;
        void restore(found);
      }
    }
  };

  const setSession = (session: Session | null) => {
    clearTimeout(expiryTimer);
    $session.set(session);
    if (session) {
      const left = Date.parse(session.expiresAt) - now();
      // Long timers overflow; a session of more than ~24 days is re-checked on next account change.
      if (left < 2 ** 31 - 1) {
        expiryTimer = setTimeout(
          () => $session.get() === session && $session.set(null),
          Math.max(0, left),
        );
        // In Node (SSR, tests) a pending expiry must not keep the process alive.
        (expiryTimer as { unref?: () => void }).unref?.();
      }
    }
  };

  const setAccount = (address: Address | null) => {
    if (address === $account.get()) return;
    epoch++;
    signingIn = null;
    // Never let a listener see one account with another's session: clear, switch, then load.
    setSession(null);
    $account.set(address);
    setSession(address ? sessions.get(scope, address) : null);
  };

  /** No account, no chain: disconnected. */
  const signOff = () => {
    setAccount(null);
    $chainId.set(null);
    $status.set('disconnected');
  };

  const detach = () => {
    active?.unsubscribe();
    active = null;
    $connector.set(null);
  };

  let accountEvents = 0;
  const onEvent = (connector: Connector, event: ConnectorEvent) => {
    if (active?.connector !== connector) return;
    if (event.type === 'accounts') accountEvents++;
    switch (event.type) {
      case 'accounts': {
        const [address] = event.accounts;
        if (!address) {
          // Locked, or the site's permission revoked: keep listening, an unlock brings it back.
          setAccount(null);
          $status.set('disconnected');
          return;
        }
        const apply = () => {
          setAccount(address);
          $status.set('connected');
        };
        if ($chainId.get() !== null) return apply();
        // First account from this wallet (a host that connected later): learn its chain first,
        // so whoever reacts to the account sees the chain too.
        const seq = accountEvents;
        void getChainId(connector.getProvider()).then(
          (id) => {
            if (seq !== accountEvents || active?.connector !== connector) return;
            $chainId.set(id);
            apply();
          },
          () => seq === accountEvents && active?.connector === connector && apply(),
        );
        return;
      }
      case 'chain':
        $chainId.set(event.chainId);
        return;
      case 'disconnect':
        signOff();
        $error.set(
          toWalletError(
            event.error ?? { code: 4900, message: 'The provider disconnected.' },
            'WALLET_DISCONNECTED',
          ),
        );
        // A host provider may come back (the dApp reconnects it): keep following it.
        if (connector.kind !== 'host') detach();
        return;
    }
  };

  /** Follows a connector's events (before it has an account, for a host provider). */
  const follow = (connector: Connector) => {
    if (active?.connector === connector) return;
    detach();
    active = {
      connector,
      unsubscribe: connector.subscribe((event) => onEvent(connector, event)),
    };
    $connector.set(connector);
  };

  const attach = (connector: Connector, connection: Connection) => {
    follow(connector);
    // Chain first: whoever reacts to the account sees the chain it is on.
    $chainId.set(connection.chainId);
    setAccount(connection.address);
    $status.set('connected');
    $error.set(null);
    if (connector.kind !== 'host') storage.setItem(LAST_KEY, connector.id);
  };

  const fail = (
    error: unknown,
    fallback: Parameters<typeof toWalletError>[1] = 'UNKNOWN',
  ): never => {
    const questError = toWalletError(error, fallback);
    $error.set(questError);
    throw questError;
  };

  /** Connects silently (no prompt) to `connector` if it is still authorised. */
  const restore = async (connector: Connector): Promise<Connection | null> => {
    const before = epoch;
    $status.set('reconnecting');
    try {
      const connection = await connector.reconnect();
      // The visitor acted meanwhile (connected elsewhere, disconnected): keep their choice.
      if (before !== epoch || (userActed && active && active.connector !== connector)) return null;
      if (connection) attach(connector, connection);
      else if (!active || active.connector === connector)
        $status.set($account.get() ? 'connected' : 'disconnected');
      return connection;
    } catch {
      if (!$account.get()) $status.set('disconnected');
      return null;
    }
  };

  const tryRestore = () => {
    if (host) {
      // The host dApp may connect its wallet later: follow its events from now on.
      follow(host);
      void restore(host);
      return;
    }
    const last = storage.getItem(LAST_KEY);
    if (!last) return;
    const connector = $connectors.get().find((c) => c.id === last);
    if (connector) {
      pendingRestoreId = null;
      void restore(connector);
    } else {
      // An injected wallet may announce itself later than the board starts.
      pendingRestoreId = last;
    }
  };

  const startDiscovery = () => {
    if (discovery || options.discover === false || typeof window === 'undefined') return;
    discovery = discoverInjected();
    discovery.subscribe((list) => {
      injected = list;
      listConnectors();
    });
  };

  onMount($connectors, () => {
    startDiscovery();
    return () => {
      discovery?.destroy();
      discovery = null;
      injected = [];
      listConnectors();
    };
  });

  onMount($account, () => {
    if (!observed && options.autoReconnect !== false) {
      observed = true;
      startDiscovery();
      tryRestore();
    }
  });

  function setProvider(provider: unknown): void {
    if (provider === null || provider === undefined) {
      if (host && active?.connector === host) {
        detach();
        signOff();
      }
      host = null;
      listConnectors();
      return;
    }
    const next = hostConnector(provider);
    if (host && host.getProvider() === next.getProvider()) return;
    if (active) detach();
    host = next;
    listConnectors();
    signOff();
    if (observed) {
      follow(host);
      void restore(host);
    }
  }

  function setDevWallet(value: boolean | DevWalletOptions | undefined): void {
    dev = value ? devWalletConnector(value === true ? {} : value) : null;
    listConnectors();
  }

  function setWalletConnect(value: WalletConnectOptions | null | undefined): void {
    walletConnect = value ? walletConnectConnector(value) : null;
    listConnectors();
  }

  /**
   * Connects the connector `id` (prompting the wallet). With a host provider, always the host.
   * Without an id, the only available connector; WALLET_NOT_FOUND when there is none.
   */
  async function connect(id?: string): Promise<Connection> {
    userActed = true;
    pendingRestoreId = null;
    if (connecting) return connecting;
    startDiscovery();
    const list = $connectors.get();
    const connector =
      host ?? (id ? list.find((c) => c.id === id) : list.length === 1 ? list[0] : undefined);
    if (!connector) {
      if (list.length === 0) fail(walletNotFound());
      fail(
        id
          ? walletNotFound(
              `No wallet with id "${id}" here; available: ${list.map((c) => c.id).join(', ')}`,
            )
          : new QuestError('BAD_REQUEST', 'Several wallets are available: pick one.', {
              details: list.map((c) => c.id).join(', '),
            }),
      );
    }
    const target = connector!;
    $status.set('connecting');
    $error.set(null);
    connecting = (async () => {
      try {
        const connection = await target.connect();
        attach(target, connection);
        return connection;
      } catch (error) {
        // A failed attempt leaves an earlier connection as it was.
        $status.set(active && $account.get() ? 'connected' : 'disconnected');
        return fail(error);
      } finally {
        connecting = null;
      }
    })();
    return connecting;
  }

  /** Forgets the wallet on this page: the session of this account is dropped locally too. */
  async function disconnect(): Promise<void> {
    userActed = true;
    pendingRestoreId = null;
    const current = active?.connector;
    const address = $account.get();
    if (address) sessions.remove(scope, address);
    detach();
    signOff();
    $error.set(null);
    storage.removeItem(LAST_KEY);
    if (current) await current.disconnect();
  }

  /**
   * Asks the wallet to switch to `chainId` (EIP-3326); when it does not know the chain and
   * `chain` is given, adds it first (EIP-3085) and switches again.
   */
  async function switchChain(chainId: number, chain?: ChainConfig): Promise<void> {
    if (!Number.isSafeInteger(chainId) || chainId <= 0)
      throw new QuestError(
        'BAD_REQUEST',
        `Chain id must be a positive integer, not ${String(chainId)}.`,
      );
    const connector = active?.connector;
    if (!connector || !$account.get())
      fail(new QuestError('WALLET_REQUIRED', 'Connect a wallet first.'));
    if ($chainId.get() === chainId) return;
    try {
      await (await actions()).runSwitchChain(connector!.getProvider(), chainId, chain, (id) =>
        $chainId.set(id),
      );
    } catch (error) {
      fail(error);
    }
    $error.set(null);
  }

  /**
   * Sign-In with Ethereum: reuses the stored session of this account (no new signature) until it
   * expires; otherwise gets a nonce from the backend, builds the EIP-4361 message, asks the wallet
   * to sign it (`personal_sign`) and hands it to `backend.signIn`. A sign-in whose account changed
   * midway is discarded (SIGN_IN_FAILED).
   */
  async function signIn(
    backend: QuestBackend,
    signInOptions: SignInOptions = {},
  ): Promise<Session> {
    const address = $account.get();
    const connector = active?.connector;
    if (!address || !connector)
      return fail(new QuestError('WALLET_REQUIRED', 'Connect a wallet to sign in.'));
    const sessionScope = signInOptions.scope ?? scope;
    const stored = sessions.get(sessionScope, address);
    if (stored) {
      if (sessionScope === scope) setSession(stored);
      return stored;
    }
    if (signingIn) return signingIn;
    const guard = accountGuard();
    const run = (async () => {
      try {
        const session = await (await actions()).runSignIn({
          backend,
          provider: connector.getProvider(),
          address,
          options: signInOptions,
          now,
          chainId: () => $chainId.get(),
          isCurrent: () => guard.isCurrent() && $account.get() === address,
        });
        sessions.set(sessionScope, session);
        if (sessionScope === scope) setSession(session);
        $error.set(null);
        return session;
      } catch (error) {
        return fail(error);
      }
    })();
    signingIn = run;
    const settle = () => {
      if (signingIn === run) signingIn = null;
    };
    run.then(settle, settle);
    return run;
  }

  /** Ends the session of the current account, at the backend and here. */
  async function signOut(backend: QuestBackend): Promise<void> {
    const session = $session.get();
    const address = $account.get();
    if (address) sessions.remove(scope, address);
    setSession(null);
    if (session) await backend.signOut(session);
  }

  /**
   * Forgets the current account's session here only (the backend no longer knows it: a server
   * restarted, a session expired or revoked), so the visitor is shown signed out and can sign
   * in again. The wallet stays connected.
   */
  function dropSession(): void {
    const address = $account.get();
    if (address) sessions.remove(scope, address);
    setSession(null);
  }

  /** Sessions are per scope: call when the campaign or endpoint is known or changes. */
  function setSessionScope(next: string): void {
    if (next === scope) return;
    scope = next;
    const address = $account.get();
    setSession(address ? sessions.get(scope, address) : null);
  }

  /**
   * A check that stays true while the account is the one it was taken for: work started for one
   * account (a verification in flight) is dropped when `isCurrent()` turns false.
   */
  function accountGuard(): { address: Address | null; isCurrent: () => boolean } {
    const at = epoch;
    return { address: $account.get(), isCurrent: () => at === epoch };
  }

  /** Stops discovery and event following (the board's `disconnectedCallback`). */
  function destroy(): void {
    clearTimeout(expiryTimer);
    detach();
    discovery?.destroy();
    discovery = null;
  }

  if (options.provider !== undefined && options.provider !== null)
    host = hostConnector(options.provider);
  if (options.devWallet)
    dev = devWalletConnector(options.devWallet === true ? {} : options.devWallet);
  if (options.walletConnect) walletConnect = walletConnectConnector(options.walletConnect);
  listConnectors();

  return {
    $account: $account as ReadableAtom<Address | null>,
    $chainId: $chainId as ReadableAtom<number | null>,
    $status: $status as ReadableAtom<WalletStatus>,
    $connectors: $connectors as ReadableAtom<Connector[]>,
    $connector: $connector as ReadableAtom<Connector | null>,
    $session: $session as ReadableAtom<Session | null>,
    $error: $error as ReadableAtom<QuestError | null>,
    connect,
    disconnect,
    switchChain,
    signIn,
    signOut,
    dropSession,
    setProvider,
    setDevWallet,
    setWalletConnect,
    setSessionScope,
    accountGuard,
    /** Clears `$error` (the UI dismissed it). */
    clearError: () => $error.set(null),
    /** Whether a host provider is set: then no picker may be shown. */
    hasHostProvider: () => host !== null,
    destroy,
  };
}

export type WalletState = ReturnType<typeof createWalletState>;
