/** The `on` / `removeListener` half of an EIP-1193 provider, for providers this package creates. */
export function createEmitter() {
  // biome-ignore lint/suspicious/noExplicitAny: EIP-1193 listeners take event-specific arguments
  const listeners = new Map<string, Set<(...args: any[]) => void>>();
  return {
    // biome-ignore lint/suspicious/noExplicitAny: EIP-1193 listeners take event-specific arguments
    on(event: string, listener: (...args: any[]) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
    },
    // biome-ignore lint/suspicious/noExplicitAny: EIP-1193 listeners take event-specific arguments
    removeListener(event: string, listener: (...args: any[]) => void) {
      listeners.get(event)?.delete(listener);
    },
    emit(event: string, ...args: unknown[]) {
      for (const listener of [...(listeners.get(event) ?? [])]) listener(...args);
    },
    listenerCount(event: string) {
      return listeners.get(event)?.size ?? 0;
    },
  };
}

/** An EIP-1193 error (`{ code, message }`), as wallets throw them. */
export class ProviderRpcError extends Error {
  override name = 'ProviderRpcError';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}
