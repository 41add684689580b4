import type { Address, Session } from '@questboard/core';

/** The subset of the Web Storage API used for sessions and the last-used wallet. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const STORAGE_PREFIX = 'questboard:v1:wallet:';

/** A storage that keeps values for this page only (SSR, blocked storage, tests). */
export function memoryStorage(): KeyValueStorage {
  const data = new Map<string, string>();
  return {
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, String(v)),
    removeItem: (k) => void data.delete(k),
  };
}

/** `localStorage` or `sessionStorage` when usable, else a per-page map. */
export function webStorage(kind: 'localStorage' | 'sessionStorage'): KeyValueStorage {
  try {
    const storage = (globalThis as unknown as Record<string, KeyValueStorage | undefined>)[kind];
    if (!storage) return memoryStorage();
    const probe = `${STORAGE_PREFIX}probe`;
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    return memoryStorage();
  }
}

const sessionKey = (scope: string, address: Address) =>
  `${STORAGE_PREFIX}session:${scope}:${address.toLowerCase()}`;

/** Sessions kept within this margin of their expiry are not reused (the request could race it). */
export const SESSION_MARGIN_MS = 60_000;

function isSession(value: unknown): value is Session {
  const s = value as Session;
  return (
    !!s &&
    typeof s === 'object' &&
    typeof s.address === 'string' &&
    typeof s.token === 'string' &&
    typeof s.chainId === 'number' &&
    typeof s.expiresAt === 'string' &&
    !Number.isNaN(Date.parse(s.expiresAt))
  );
}

/**
 * Sessions per (scope, address): a scope is the backend endpoint or campaign id, so two boards
 * for different backends never hand one's token to the other, and an account never sees another's.
 */
export function sessionStore(storage: KeyValueStorage, now: () => number) {
  return {
    /** The stored session for this address, if it is still valid; expired or corrupt ones are removed. */
    get(scope: string, address: Address): Session | null {
      const key = sessionKey(scope, address);
      let value: unknown;
      try {
        value = JSON.parse(storage.getItem(key) ?? 'null');
      } catch {
        value = null;
      }
      if (
        !isSession(value) ||
        value.address.toLowerCase() !== address.toLowerCase() ||
        Date.parse(value.expiresAt) - SESSION_MARGIN_MS <= now()
      ) {
        if (value !== null) storage.removeItem(key);
        return null;
      }
      return value;
    },
    set(scope: string, session: Session): void {
      try {
        storage.setItem(sessionKey(scope, session.address), JSON.stringify(session));
      } catch {
        // Storage full or blocked: the session still holds for this page.
      }
    },
    remove(scope: string, address: Address): void {
      storage.removeItem(sessionKey(scope, address));
    },
  };
}
