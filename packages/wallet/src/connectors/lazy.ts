import { QuestError } from '@questboard/core';
import { loadFailed, walletConfig } from '../errors.js';
import type { Connector, ConnectorEvent, ConnectorKind } from '../types.js';

/**
 * A connector whose code is loaded the first time it is used (connect, or restore on reload).
 * Size trade-off: the dev wallet and WalletConnect are rare, so the script-tag file carries only
 * this shell (~0.4 KB) and each loads its own chunk (dev ~2 KB, WalletConnect ~2 KB gzip) when
 * picked, instead of ~3.5 KB gzip for every visitor.
 */
export function lazyConnector(
  info: { id: string; name: string; kind: ConnectorKind },
  load: () => Promise<Connector>,
  canRestore = true,
): Connector {
  let real: Connector | undefined;
  let loading: Promise<Connector> | undefined;
  const listeners = new Set<(event: ConnectorEvent) => void>();
  const get = () =>
    (loading ??= Promise.resolve()
      .then(load)
      .then(
        (connector) => {
          real = connector;
          connector.subscribe((event) => {
            for (const listener of listeners) listener(event);
          });
          return connector;
        },
        (error) => {
          loading = undefined;
          throw error instanceof QuestError ? error : loadFailed(error);
        },
      ));
  return {
    ...info,
    connect: async () => (await get()).connect(),
    reconnect: async () => (canRestore ? (await get()).reconnect() : null),
    disconnect: async () => real?.disconnect(),
    getProvider() {
      if (!real) throw walletConfig(`${info.name} is not connected yet: call connect() first.`);
      return real.getProvider();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
