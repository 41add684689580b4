import type { Address } from '@questboard/core';
import { createEmitter, ProviderRpcError } from '../emitter.js';
import { parseChainId, readConnection, watchProvider } from '../provider.js';
import { STORAGE_PREFIX, webStorage } from '../session-store.js';
import type { Connector, EIP1193Provider } from '../types.js';
import type { DevWalletOptions } from './dev.js';

type LocalAccount = ReturnType<typeof import('viem/accounts').privateKeyToAccount>;

const KEY = `${STORAGE_PREFIX}dev:key`;
const CONNECTED = `${STORAGE_PREFIX}dev:connected`;
const CHAIN = `${STORAGE_PREFIX}dev:chain`;

/** The dev wallet itself, loaded by `devWalletConnector` when it is first used. */
export function createDevWallet(options: DevWalletOptions): Connector {
  const storage = options.storage ?? webStorage('sessionStorage');
  const emitter = createEmitter();
  const known = new Set<number>([options.chainId ?? 31337, ...(options.chainIds ?? [])]);
  const rpcUrls = new Map<number, string>(
    Object.entries(options.rpcUrls ?? {}).map(([id, url]) => [Number(id), url]),
  );
  if (options.rpcUrl) rpcUrls.set(options.chainId ?? 31337, options.rpcUrl);
  for (const id of rpcUrls.keys()) known.add(id);
  let account: Promise<LocalAccount> | undefined;
  let rpcId = 0;

  const loadAccount = () =>
    (account ??= import('./dev-signer.js').then(({ generatePrivateKey, privateKeyToAccount }) => {
      let key = storage.getItem(KEY);
      if (!key || !/^0x[0-9a-f]{64}$/i.test(key)) {
        key = generatePrivateKey();
        storage.setItem(KEY, key);
      }
      return privateKeyToAccount(key as `0x${string}`);
    }));
  const chainId = () => parseChainId(storage.getItem(CHAIN)) ?? options.chainId ?? 31337;
  const connected = () => storage.getItem(CONNECTED) === '1';

  const forward = async (method: string, params: unknown): Promise<unknown> => {
    const url = rpcUrls.get(chainId());
    if (!url)
      throw new ProviderRpcError(
        4200,
        `The dev wallet has no RPC URL for chain ${chainId()} (${method}).`,
      );
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method, params: params ?? [] }),
    });
    const body = (await response.json()) as {
      result?: unknown;
      error?: { code: number; message: string };
    };
    if (body.error) throw new ProviderRpcError(body.error.code, body.error.message);
    return body.result;
  };

  /** Fills what the page left out (nonce, gas, EIP-1559 fees) from the node, signs, sends. */
  const sendTransaction = async (tx: Record<string, `0x${string}` | undefined>) => {
    const acct = await loadAccount();
    if (!connected()) throw new ProviderRpcError(4100, 'The dev wallet is not connected.');
    if (tx.from && tx.from.toLowerCase() !== acct.address.toLowerCase())
      throw new ProviderRpcError(4100, `The dev wallet does not hold ${tx.from}.`);
    const data = tx.data ?? tx.input;
    const call = { from: acct.address, to: tx.to, value: tx.value, data };
    const [nonce, gas, priority, block] = await Promise.all([
      tx.nonce ?? forward('eth_getTransactionCount', [acct.address, 'pending']),
      tx.gas ?? forward('eth_estimateGas', [call]),
      tx.maxPriorityFeePerGas ?? forward('eth_maxPriorityFeePerGas', []),
      forward('eth_getBlockByNumber', ['latest', false]),
    ]);
    const baseFee = BigInt((block as { baseFeePerGas?: string } | null)?.baseFeePerGas ?? 0);
    const tip = BigInt(priority as string);
    const raw = await acct.signTransaction({
      type: 'eip1559',
      chainId: chainId(),
      nonce: Number(nonce),
      gas: BigInt(gas as string),
      maxPriorityFeePerGas: tip,
      maxFeePerGas: tx.maxFeePerGas ? BigInt(tx.maxFeePerGas) : 2n * baseFee + tip,
      ...(tx.to ? { to: tx.to } : {}),
      ...(tx.value ? { value: BigInt(tx.value) } : {}),
      ...(data ? { data } : {}),
    });
    return forward('eth_sendRawTransaction', [raw]);
  };

  const provider: EIP1193Provider & {
    on: typeof emitter.on;
    removeListener: typeof emitter.removeListener;
  } = {
    on: emitter.on,
    removeListener: emitter.removeListener,
    async request({ method, params }) {
      const args = (Array.isArray(params) ? params : []) as unknown[];
      switch (method) {
        case 'eth_accounts':
          return connected() ? [(await loadAccount()).address] : [];
        case 'eth_requestAccounts': {
          const { address } = await loadAccount();
          storage.setItem(CONNECTED, '1');
          return [address];
        }
        case 'eth_chainId':
          return `0x${chainId().toString(16)}`;
        case 'personal_sign': {
          const acct = await loadAccount();
          const [message, address] = args as [`0x${string}`, Address];
          if (!connected() || String(address).toLowerCase() !== acct.address.toLowerCase())
            throw new ProviderRpcError(4100, 'The dev wallet has not authorised this account.');
          return acct.signMessage({ message: { raw: message } });
        }
        case 'eth_signTypedData_v4': {
          const acct = await loadAccount();
          if (!connected()) throw new ProviderRpcError(4100, 'The dev wallet is not connected.');
          const data = typeof args[1] === 'string' ? JSON.parse(args[1]) : args[1];
          return acct.signTypedData(data);
        }
        case 'wallet_addEthereumChain': {
          const chain = args[0] as { chainId?: unknown; rpcUrls?: unknown } | undefined;
          const id = parseChainId(chain?.chainId);
          if (id === null)
            throw new ProviderRpcError(-32602, 'wallet_addEthereumChain needs a chainId.');
          known.add(id);
          const [url] = Array.isArray(chain?.rpcUrls) ? chain.rpcUrls : [];
          if (typeof url === 'string' && !rpcUrls.has(id)) rpcUrls.set(id, url);
          return null;
        }
        case 'eth_sendTransaction':
          return sendTransaction((args[0] ?? {}) as Record<string, `0x${string}` | undefined>);
        case 'wallet_switchEthereumChain': {
          const id = parseChainId((args[0] as { chainId?: unknown } | undefined)?.chainId);
          if (id === null || !known.has(id))
            throw new ProviderRpcError(4902, `Unrecognized chain ID ${String(id)}.`);
          if (id !== chainId()) {
            storage.setItem(CHAIN, String(id));
            emitter.emit('chainChanged', `0x${id.toString(16)}`);
          }
          return null;
        }
        default:
          return forward(method, params);
      }
    },
  };

  return {
    id: 'dev',
    name: 'Dev wallet',
    kind: 'dev',
    connect: async () => (await readConnection(provider, true))!,
    reconnect: () => readConnection(provider, false),
    disconnect: async () => {
      storage.removeItem(CONNECTED);
    },
    getProvider: () => provider,
    subscribe: (listener) => watchProvider(provider, listener),
  };
}
