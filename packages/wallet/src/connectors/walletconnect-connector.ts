import { QuestError } from '@questboard/core';
import { walletConfig } from '../errors.js';
import { readConnection, watchProvider } from '../provider.js';
import type { Connection, Connector, ConnectorEvent, EIP1193Provider } from '../types.js';
import { checkWalletConnectOptions, type WalletConnectOptions } from './walletconnect.js';
import {
  createWalletConnectProvider,
  type WalletConnectProvider,
} from './walletconnect-provider.js';

function relayUnreachable(options: WalletConnectOptions, wait: number): QuestError {
  return new QuestError(
    'WALLET_DISCONNECTED',
    'WalletConnect could not reach its relay. Check your connection and try again.',
    {
      retryable: true,
      details: `no answer from ${options.relayUrl ?? 'the WalletConnect relay'} within ${wait} ms`,
    },
  );
}

/** WalletConnect itself, loaded by `walletConnectConnector` when it is first used. */
export function createWalletConnect(options: WalletConnectOptions): Connector {
  let provider: WalletConnectProvider | undefined;
  let creating: Promise<WalletConnectProvider> | undefined;
  const listeners = new Set<(event: ConnectorEvent) => void>();

  const create = () =>
    (creating ??= (async () => {
      checkWalletConnectOptions(options);
      const created = await createWalletConnectProvider(options);
      provider = created;
      // Followed for the provider's lifetime; listeners come and go.
      watchProvider(created, (event) => {
        for (const listener of listeners) listener(event);
      });
      return created;
    })().catch((error) => {
      creating = undefined;
      throw error;
    }));

  return {
    id: 'walletconnect',
    name: 'WalletConnect',
    kind: 'walletconnect',
    async connect(): Promise<Connection> {
      const wc = await create();
      if (!wc.session) {
        const wait = options.relayTimeoutMs ?? 15_000;
        let timer: ReturnType<typeof setTimeout> | undefined;
        const onUri = () => clearTimeout(timer);
        try {
          // The pairing URI (shown as a QR code) arrives once the relay answered; WalletConnect
          // retries a dead relay forever, which would leave the visitor waiting.
          const relayDown = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(relayUnreachable(options, wait)), wait);
          });
          wc.on('display_uri', onUri);
          await Promise.race([wc.connect(), relayDown]);
        } catch (error) {
          if (error instanceof QuestError) throw error;
          // The QR modal was closed, or the phone refused: both read as a rejection.
          throw new QuestError(
            'WALLET_REJECTED',
            'The WalletConnect request was closed or rejected. Try again when you are ready.',
            {
              cause: error,
              details: (error as Error)?.message,
            },
          );
        } finally {
          clearTimeout(timer);
          wc.removeListener('display_uri', onUri);
        }
      }
      return (await readConnection(wc, true))!;
    },
    async reconnect() {
      if (!options.projectId) return null;
      const wc = await create();
      return wc.session ? readConnection(wc, false) : null;
    },
    async disconnect() {
      const wc = provider;
      if (wc?.session) await wc.disconnect().catch(() => {});
    },
    getProvider(): EIP1193Provider {
      if (!provider)
        throw walletConfig('WalletConnect is not connected yet: call connect() first.');
      return provider;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
