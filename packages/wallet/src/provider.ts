import type { Address } from '@questboard/core';
import {
  type Checksum,
  isAddressLike,
  loadChecksum,
  loadedChecksum,
  utf8ToHex,
} from './address.js';
import { toWalletError, walletConfig } from './errors.js';
import type { Connection, ConnectorEvent, EIP1193Provider } from './types.js';

// Raw EIP-1193 requests instead of a viem client: the board needs five methods, and this
// costs a few hundred bytes where `createWalletClient` costs 68 KB gzip (TOOLING.md).

/** True for anything with an EIP-1193 `request` function. */
export function isEip1193Provider(value: unknown): value is EIP1193Provider {
  return (
    !!value && typeof value === 'object' && typeof (value as EIP1193Provider).request === 'function'
  );
}

export function assertProvider(value: unknown, what: string): EIP1193Provider {
  if (!isEip1193Provider(value))
    throw walletConfig(`${what} is not an EIP-1193 provider (an object with a request() method).`);
  return value;
}

/** Sends one request; wallet failures become `QuestError`s with wallet codes. */
export async function rpc<T = unknown>(
  provider: EIP1193Provider,
  method: string,
  params?: readonly unknown[],
): Promise<T> {
  try {
    return (await provider.request(params ? { method, params } : { method })) as T;
  } catch (error) {
    throw toWalletError(error);
  }
}

/** The addresses in a wallet's answer, checksummed with `checksum`; anything else is dropped. */
export const accountsIn = (value: unknown, checksum: Checksum): Address[] =>
  Array.isArray(value) ? value.filter(isAddressLike).map((address) => checksum(address)) : [];

export function parseChainId(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : null;
  if (typeof value === 'string' && /^(0x[0-9a-f]+|\d+)$/i.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) && n > 0 ? n : null;
  }
  return null;
}

export async function getChainId(provider: EIP1193Provider): Promise<number> {
  const id = parseChainId(await rpc(provider, 'eth_chainId'));
  if (id === null) throw toWalletError(new Error('The wallet returned an invalid chain id.'));
  return id;
}

/**
 * The wallet's account and chain. With `prompt`, asks the wallet (`eth_requestAccounts`), which
 * may open its window; without, only reads (`eth_accounts`) and resolves null when the site is
 * not authorised.
 */
export async function readConnection(
  provider: EIP1193Provider,
  prompt: boolean,
): Promise<Connection | null> {
  const checksum = loadChecksum();
  const answer = await rpc(provider, prompt ? 'eth_requestAccounts' : 'eth_accounts');
  const address = accountsIn(answer, await checksum)[0];
  if (!address) {
    if (!prompt) return null;
    // A wallet that answers eth_requestAccounts with no account is locked (some never throw 4100).
    throw toWalletError({ code: 4100, message: 'eth_requestAccounts returned no account' });
  }
  return { address, chainId: await getChainId(provider) };
}

/** EIP-191 `personal_sign` of a UTF-8 message. */
export async function personalSign(
  provider: EIP1193Provider,
  address: Address,
  message: string,
): Promise<`0x${string}`> {
  const signature = await rpc(provider, 'personal_sign', [utf8ToHex(message), address]);
  if (typeof signature !== 'string' || !/^0x[0-9a-fA-F]+$/.test(signature))
    throw toWalletError(new Error('The wallet returned an invalid signature.'), 'SIGN_IN_FAILED');
  return signature as `0x${string}`;
}

/** Follows a provider's `accountsChanged` / `chainChanged` / `disconnect`. */
export function watchProvider(
  provider: EIP1193Provider,
  listener: (event: ConnectorEvent) => void,
): () => void {
  if (typeof provider.on !== 'function') return () => {};
  let stopped = false;
  let waiting: ((checksum: Checksum) => void)[] | null = null;
  // Events are passed on in order. Until the checksum module is loaded (a wallet's very first
  // answer), they wait for it together; afterwards they are passed on at once.
  const deliver = (send: (checksum: Checksum) => void) => {
    const loaded = loadedChecksum();
    if (waiting) waiting.push(send);
    else if (loaded) send(loaded);
    else {
      const queue = [send];
      waiting = queue;
      void loadChecksum().then((checksum) => {
        for (let i = 0; i < queue.length; i++) if (!stopped) queue[i]!(checksum);
        waiting = null;
      });
    }
  };
  const onAccounts = (accounts: unknown) =>
    deliver((checksum) => listener({ type: 'accounts', accounts: accountsIn(accounts, checksum) }));
  const onChain = (chainId: unknown) => {
    const id = parseChainId(chainId);
    if (id !== null) deliver(() => listener({ type: 'chain', chainId: id }));
  };
  const onDisconnect = (error?: unknown) => deliver(() => listener({ type: 'disconnect', error }));
  provider.on('accountsChanged', onAccounts);
  provider.on('chainChanged', onChain);
  provider.on('disconnect', onDisconnect);
  return () => {
    stopped = true;
    provider.removeListener?.('accountsChanged', onAccounts);
    provider.removeListener?.('chainChanged', onChain);
    provider.removeListener?.('disconnect', onDisconnect);
  };
}
