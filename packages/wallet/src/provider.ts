import type { Address } from '@questboard/core';
import { checksumAddress, isAddressLike, utf8ToHex } from './address.js';
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

export function parseAccounts(value: unknown): Address[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isAddressLike).map(checksumAddress);
}

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
  const accounts = parseAccounts(
    await rpc(provider, prompt ? 'eth_requestAccounts' : 'eth_accounts'),
  );
  const address = accounts[0];
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
  const onAccounts = (accounts: unknown) =>
    listener({ type: 'accounts', accounts: parseAccounts(accounts) });
  const onChain = (chainId: unknown) => {
    const id = parseChainId(chainId);
    if (id !== null) listener({ type: 'chain', chainId: id });
  };
  const onDisconnect = (error?: unknown) => listener({ type: 'disconnect', error });
  provider.on('accountsChanged', onAccounts);
  provider.on('chainChanged', onChain);
  provider.on('disconnect', onDisconnect);
  return () => {
    provider.removeListener?.('accountsChanged', onAccounts);
    provider.removeListener?.('chainChanged', onChain);
    provider.removeListener?.('disconnect', onDisconnect);
  };
}
