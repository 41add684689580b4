// The rarer wallet actions, loaded when first used (state.ts imports this module dynamically).
// Size trade-off: signing in (with the EIP-4361 formatter) and switching chains are a click
// away and talk to the wallet and the backend anyway, so the script-tag file does not carry them:
// ~1.1 KB gzip less for every visitor, one 1.9 KB gzip chunk (cached) for those who use them.
import {
  type Address,
  type ChainConfig,
  type QuestBackend,
  QuestError,
  type Session,
  toQuestError,
} from '@questboard/core';
import { rpcErrorCode } from './errors.js';
import { getChainId, personalSign, rpc } from './provider.js';
import { formatSiweMessage } from './siwe.js';
import type { SignInOptions } from './state.js';
import type { EIP1193Provider } from './types.js';

export interface SignInRun {
  backend: QuestBackend;
  provider: EIP1193Provider;
  address: Address;
  options: SignInOptions;
  now: () => number;
  /** The wallet's chain when the message is written. */
  chainId: () => number | null;
  /** False once the account changed since the sign-in started. */
  isCurrent: () => boolean;
}

/** Nonce, EIP-4361 message, `personal_sign`, `backend.signIn`: the session, or a QuestError. */
export async function runSignIn(run: SignInRun): Promise<Session> {
  try {
    return await signIn(run);
  } catch (error) {
    throw toQuestError(error, 'SIGN_IN_FAILED');
  }
}

async function signIn(run: SignInRun): Promise<Session> {
  const { backend, address, options } = run;
  const stale = () => {
    if (!run.isCurrent())
      throw new QuestError(
        'SIGN_IN_FAILED',
        'The account changed while signing in. Sign in again with the new account.',
      );
  };
  const nonce = await backend.getNonce();
  stale();
  const issued = run.now();
  const expiration = options.expirationMinutes ?? 24 * 60;
  if (!(expiration > 0)) throw new QuestError('BAD_REQUEST', 'expirationMinutes must be positive.');
  const message = formatSiweMessage({
    domain: options.domain ?? globalThis.location?.host ?? '',
    address,
    ...(options.statement ? { statement: options.statement } : {}),
    uri: options.uri ?? globalThis.location?.origin ?? '',
    chainId: options.chainId ?? run.chainId() ?? 1,
    nonce,
    issuedAt: new Date(issued),
    expirationTime: new Date(issued + expiration * 60_000),
    ...(options.resources ? { resources: options.resources } : {}),
  });
  const signature = await personalSign(run.provider, address, message);
  stale();
  const session = await backend.signIn({ message, signature });
  stale();
  if (session.address.toLowerCase() !== address.toLowerCase())
    throw new QuestError(
      'SIGN_IN_FAILED',
      'The backend signed in another address than the wallet’s.',
      {
        details: `${session.address} ≠ ${address}`,
      },
    );
  return session;
}

/**
 * EIP-3326 switch; when the wallet does not know the chain and `chain` has RPC URLs, EIP-3085
 * add, then switch again; then reads the chain the wallet is on.
 */
export async function runSwitchChain(
  provider: EIP1193Provider,
  chainId: number,
  chain: ChainConfig | undefined,
  /** Told the chain the wallet is on afterwards, before a WALLET_WRONG_CHAIN is thrown. */
  setChain: (chainId: number) => void,
): Promise<void> {
  const hexId = `0x${chainId.toString(16)}`;
  try {
    await rpc(provider, 'wallet_switchEthereumChain', [{ chainId: hexId }]);
  } catch (error) {
    const questError = error as QuestError;
    // Some wallets report an unknown chain as -32603 with the 4902 inside, or by message.
    const unknownChain =
      questError.code === 'WALLET_WRONG_CHAIN' ||
      rpcErrorCode(questError.cause) === 4902 ||
      /unrecognized chain|unknown chain|chain.*not (been )?added/i.test(String(questError.details));
    if (!unknownChain) throw error;
    if (!chain?.rpcUrls?.length)
      throw new QuestError(
        'WALLET_WRONG_CHAIN',
        `Your wallet does not know chain ${chainId}. Add it in your wallet, then try again.`,
        { cause: error, docsPath: '/docs/wallet.md#errors' },
      );
    await rpc(provider, 'wallet_addEthereumChain', [
      {
        chainId: hexId,
        chainName: chain.name ?? `Chain ${chainId}`,
        rpcUrls: chain.rpcUrls,
        ...(chain.nativeCurrency ? { nativeCurrency: chain.nativeCurrency } : {}),
        ...(chain.explorer ? { blockExplorerUrls: [chain.explorer] } : {}),
      },
    ]);
    await rpc(provider, 'wallet_switchEthereumChain', [{ chainId: hexId }]);
  }
  const current = await getChainId(provider).catch(() => chainId);
  setChain(current);
  if (current !== chainId)
    throw new QuestError(
      'WALLET_WRONG_CHAIN',
      `Your wallet is still on chain ${current}. Switch to chain ${chainId} in your wallet.`,
    );
}
