import { QuestError, type QuestErrorCode } from '@questboard/core';

const DOCS = '/docs/wallet.md#errors';

/** EIP-1193 / JSON-RPC error codes a visitor can hit, and what the board says for each. */
const BY_CODE: Record<number, { code: QuestErrorCode; message: string }> = {
  4001: {
    code: 'WALLET_REJECTED',
    message: 'You rejected the request in your wallet. Try again when you are ready.',
  },
  4100: {
    code: 'WALLET_LOCKED',
    message: 'Your wallet is locked or has not authorised this site. Unlock it, then try again.',
  },
  4200: { code: 'NOT_SUPPORTED', message: 'Your wallet does not support this request.' },
  4900: {
    code: 'WALLET_DISCONNECTED',
    message: 'Your wallet is disconnected. Reconnect it, then try again.',
  },
  4901: {
    code: 'WALLET_DISCONNECTED',
    message: 'Your wallet is not connected to this network. Reconnect it, then try again.',
  },
  4902: {
    code: 'WALLET_WRONG_CHAIN',
    message: 'Your wallet does not know this network. Add it in your wallet, then try again.',
  },
  [-32002]: {
    code: 'WALLET_REQUEST_PENDING',
    message: 'Your wallet already has a request waiting. Open your wallet to finish or dismiss it.',
  },
};

/** The EIP-1193 `code` of an error, looking through the wrappers wallets and libraries add. */
export function rpcErrorCode(error: unknown): number | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const value = current as {
      code?: unknown;
      data?: { originalError?: unknown };
      cause?: unknown;
    };
    if (typeof value.code === 'number') return value.code;
    current = value.data?.originalError ?? value.cause;
  }
  return undefined;
}

/**
 * Maps anything a wallet threw to a `QuestError` with a code the UI can show. QuestErrors pass
 * through unchanged; unknown failures get `fallback`.
 */
export function toWalletError(error: unknown, fallback: QuestErrorCode = 'UNKNOWN'): QuestError {
  if (error instanceof QuestError) return error;
  const rpc = rpcErrorCode(error);
  const known = rpc === undefined ? undefined : BY_CODE[rpc];
  const text =
    error instanceof Error
      ? error.message
      : typeof error === 'object' && error && 'message' in error
        ? String((error as { message: unknown }).message)
        : String(error);
  return new QuestError(
    known?.code ?? fallback,
    known?.message ?? 'Your wallet reported an error.',
    {
      cause: error,
      details: text,
      docsPath: DOCS,
    },
  );
}

export function walletNotFound(details?: string): QuestError {
  return new QuestError(
    'WALLET_NOT_FOUND',
    'No wallet found in this browser. Install one, or connect from your phone.',
    { docsPath: DOCS, details },
  );
}

export function walletDisconnected(details?: string): QuestError {
  return new QuestError('WALLET_DISCONNECTED', 'Your wallet disconnected. Reconnect it to go on.', {
    docsPath: DOCS,
    details,
  });
}

export function walletConfig(message: string, details?: string): QuestError {
  return new QuestError('WALLET_CONFIG', message, {
    docsPath: '/docs/wallet.md#configuration',
    details,
  });
}

/** A lazily loaded part of the wallet code could not be fetched (offline, CDN down). */
export function loadFailed(error: unknown): QuestError {
  return new QuestError(
    'NETWORK',
    'Part of the wallet could not be loaded. Check your connection and try again.',
    {
      cause: error,
      retryable: true,
      details: (error as Error)?.message,
    },
  );
}
