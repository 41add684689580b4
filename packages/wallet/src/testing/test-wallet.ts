import type { Address } from '@questboard/core';
import { announceProvider } from 'mipd';
import { privateKeyToAccount } from 'viem/accounts';
import { createEmitter, ProviderRpcError } from '../emitter.js';
import { parseChainId } from '../provider.js';
import type { EIP1193Provider, WalletInfo } from '../types.js';

/** anvil's well-known dev keys #0–#2: for local chains and tests only. */
export const TEST_KEYS = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fec0e1e2e8c8ee9e3d',
] as const;

export interface TestWalletOptions {
  /** Private keys of the wallet's accounts (default the three anvil keys). */
  keys?: readonly `0x${string}`[];
  /** Starting chain (default 1). */
  chainId?: number;
  /** Chains the wallet knows (default `[chainId]`); switching elsewhere fails with 4902. */
  chains?: number[];
  /** Whether the site is already authorised (a dApp that already connected it). Default false. */
  authorized?: boolean;
  name?: string;
  rdns?: string;
  icon?: string;
}

/** One request the page made, in order. */
export interface RecordedRequest {
  method: string;
  params: unknown;
}

const DEFAULT_ICON =
  'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"%3E%3Crect width="32" height="32" rx="8" fill="%23475569"/%3E%3C/svg%3E';

/**
 * A real EIP-1193 wallet for tests: accounts are viem local accounts (real secp256k1
 * signatures a real SIWE verifier accepts), with the behaviours of a browser wallet a visitor
 * can meet: a prompt the test approves or rejects, a locked state, a request already pending,
 * account and chain switches, a disconnect. `announce()` offers it over EIP-6963.
 */
export function createTestWallet(options: TestWalletOptions = {}) {
  const accounts = (options.keys ?? TEST_KEYS).map((key) => privateKeyToAccount(key));
  if (accounts.length === 0) throw new Error('createTestWallet needs at least one key.');
  const emitter = createEmitter();
  const chains = new Set(options.chains ?? [options.chainId ?? 1]);
  let chainId = options.chainId ?? 1;
  chains.add(chainId);
  let current = 0;
  let authorized = options.authorized ?? false;
  let locked = false;
  let gone = false;
  let approvals: 'auto' | 'manual' = 'auto';
  const failures: { method: string | undefined; error: ProviderRpcError }[] = [];
  const holds = new Map<
    string,
    { resolve: () => void; reject: (error: ProviderRpcError) => void }[]
  >();
  const requests: RecordedRequest[] = [];
  const info: WalletInfo = {
    uuid: crypto.randomUUID(),
    name: options.name ?? 'Test Wallet',
    icon: options.icon ?? DEFAULT_ICON,
    rdns: options.rdns ?? 'org.questboard.testwallet',
  };

  const address = (): Address => accounts[current]!.address;
  const pendingFor = (method: string) => holds.get(method)?.length ?? 0;

  /** A prompt the visitor answers: immediate in `auto` mode, held until approve()/reject() in `manual`. */
  const prompt = async (method: string) => {
    if (approvals === 'auto') return;
    // Like MetaMask: a second prompt while one is open fails with -32002.
    if (pendingFor(method) > 0)
      throw new ProviderRpcError(-32002, `Request of type '${method}' already pending.`);
    await new Promise<void>((resolve, reject) => {
      const list = holds.get(method) ?? [];
      list.push({ resolve, reject });
      holds.set(method, list);
    });
  };

  const provider: EIP1193Provider & {
    on: typeof emitter.on;
    removeListener: typeof emitter.removeListener;
    isTestWallet: true;
  } = {
    isTestWallet: true,
    on: emitter.on,
    removeListener: emitter.removeListener,
    async request({ method, params }) {
      requests.push({ method, params });
      if (gone) throw new ProviderRpcError(4900, 'The provider is disconnected from all chains.');
      const failure = failures.findIndex((f) => f.method === undefined || f.method === method);
      if (failure >= 0) throw failures.splice(failure, 1)[0]!.error;
      const args = (Array.isArray(params) ? params : []) as unknown[];
      switch (method) {
        case 'eth_chainId':
          return `0x${chainId.toString(16)}`;
        case 'eth_accounts':
          return authorized && !locked ? [address()] : [];
        case 'eth_requestAccounts':
          if (locked) throw new ProviderRpcError(4100, 'The wallet is locked.');
          await prompt(method);
          if (!authorized) {
            authorized = true;
            // Like browser wallets: authorising a site tells every listener.
            emitter.emit('accountsChanged', [address()]);
          }
          return [address()];
        case 'personal_sign': {
          const [message, signer] = args as [`0x${string}`, string];
          if (!authorized || locked)
            throw new ProviderRpcError(4100, 'The requested account has not been authorized.');
          if (String(signer).toLowerCase() !== address().toLowerCase())
            throw new ProviderRpcError(4100, `Account ${signer} is not the selected account.`);
          await prompt(method);
          return accounts[current]!.signMessage({ message: { raw: message } });
        }
        case 'wallet_switchEthereumChain': {
          const id = parseChainId((args[0] as { chainId?: unknown } | undefined)?.chainId);
          if (id === null || !chains.has(id))
            throw new ProviderRpcError(4902, `Unrecognized chain ID "${String(id)}".`);
          await prompt(method);
          if (id !== chainId) {
            chainId = id;
            emitter.emit('chainChanged', `0x${id.toString(16)}`);
          }
          return null;
        }
        case 'wallet_addEthereumChain': {
          const id = parseChainId((args[0] as { chainId?: unknown } | undefined)?.chainId);
          const rpcUrls = (args[0] as { rpcUrls?: unknown } | undefined)?.rpcUrls;
          if (id === null || !Array.isArray(rpcUrls) || rpcUrls.length === 0)
            throw new ProviderRpcError(
              -32602,
              'wallet_addEthereumChain needs chainId and rpcUrls.',
            );
          await prompt(method);
          chains.add(id);
          return null;
        }
        default:
          throw new ProviderRpcError(4200, `The test wallet does not support ${method}.`);
      }
    },
  };

  return {
    provider,
    info,
    /** Checksummed addresses, in key order. */
    addresses: accounts.map((a) => a.address),
    requests,
    get address() {
      return address();
    },
    get chainId() {
      return chainId;
    },
    /** Offers the wallet over EIP-6963 (now and on every request). Returns the un-announce function. */
    announce: () => announceProvider({ info: info as never, provider: provider as never }),
    /** Prompts wait for approve()/reject() (`manual`) or pass at once (`auto`, the default). */
    setApprovals(mode: 'auto' | 'manual') {
      approvals = mode;
    },
    /** Approves the oldest open prompt of `method`. */
    approve(method = 'eth_requestAccounts') {
      holds.get(method)?.shift()?.resolve();
    },
    /** Rejects the oldest open prompt of `method` as the visitor would (4001). */
    reject(method = 'eth_requestAccounts') {
      holds.get(method)?.shift()?.reject(new ProviderRpcError(4001, 'User rejected the request.'));
    },
    pending: pendingFor,
    /** The next request (of `method`, or any) fails with this EIP-1193 error. */
    failNext(code: number, message = `Error ${code}`, method?: string) {
      failures.push({ method, error: new ProviderRpcError(code, message) });
    },
    lock() {
      locked = true;
      emitter.emit('accountsChanged', []);
    },
    unlock() {
      locked = false;
      if (authorized) emitter.emit('accountsChanged', [address()]);
    },
    /** Selects another account, as the visitor would in the wallet. */
    switchAccount(index: number) {
      if (!accounts[index]) throw new Error(`No account #${index}.`);
      current = index;
      if (authorized && !locked) emitter.emit('accountsChanged', [address()]);
    },
    /** Changes chain from inside the wallet. */
    switchChain(id: number) {
      chains.add(id);
      chainId = id;
      emitter.emit('chainChanged', `0x${id.toString(16)}`);
    },
    /** The provider goes away: a `disconnect` event, then every request fails with 4900. */
    disconnect() {
      gone = true;
      emitter.emit(
        'disconnect',
        new ProviderRpcError(4900, 'The provider is disconnected from all chains.'),
      );
    },
    listenerCount: emitter.listenerCount,
  };
}

export type TestWallet = ReturnType<typeof createTestWallet>;
