import { readConnection, watchProvider } from '../provider.js';
import type {
  Connection,
  Connector,
  ConnectorEvent,
  ConnectorKind,
  EIP1193Provider,
} from '../types.js';

export interface ProviderConnectorOptions {
  id: string;
  name: string;
  kind: ConnectorKind;
  icon?: string;
  rdns?: string;
  provider: EIP1193Provider;
}

/** A connector over an EIP-1193 provider that already exists (injected or host-provided). */
export function providerConnector(options: ProviderConnectorOptions): Connector {
  const { provider } = options;
  return {
    id: options.id,
    name: options.name,
    kind: options.kind,
    ...(options.icon ? { icon: options.icon } : {}),
    ...(options.rdns ? { rdns: options.rdns } : {}),
    connect: async (): Promise<Connection> => (await readConnection(provider, true))!,
    reconnect: () => readConnection(provider, false),
    // Injected wallets cannot be disconnected by a site (EIP-2255 revocation is optional);
    // the state forgets the connection and stops following events.
    disconnect: async () => {},
    getProvider: () => provider,
    subscribe: (listener: (event: ConnectorEvent) => void) => watchProvider(provider, listener),
  };
}
