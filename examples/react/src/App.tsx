import type { Campaign } from '@questboard/core';
import type {
  QuestBoard,
  QuestClaimEvent,
  QuestCompleteEvent,
  QuestErrorEvent,
  QuestUnlockEvent,
  QuestWalletRequestEvent,
} from '@questboard/elements';
import type {} from '@questboard/elements/jsx-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { EIP1193Provider } from 'viem';
import { useConnect, useConnection, useConnectors, useDisconnect } from 'wagmi';
import sample from '../../campaigns/questboard-101.json';

// The JSON import is plain data; the board validates it when it loads.
const campaign = sample as Campaign;

export function App() {
  const board = useRef<QuestBoard>(null);
  const { connector, address, isConnected } = useConnection();
  const connectors = useConnectors();
  const { connect, error: connectError } = useConnect();
  const { disconnect } = useDisconnect();
  const [log, setLog] = useState<{ id: number; line: string }[]>([]);
  const [points, setPoints] = useState(0);

  // Reuse the app's wagmi connection: hand the connected EIP-1193 provider to the board, so it
  // sees the same account and chain (and clear it on disconnect).
  useEffect(() => {
    const el = board.current;
    if (!el) return;
    if (!isConnected || !connector) {
      el.provider = null;
      return;
    }
    let current = true;
    void connector.getProvider().then((provider) => {
      if (current) el.provider = provider as EIP1193Provider;
    });
    return () => {
      current = false;
    };
  }, [connector, isConnected]);

  const record = useCallback(
    (line: string) =>
      setLog((lines) => [{ id: (lines[0]?.id ?? 0) + 1, line }, ...lines].slice(0, 20)),
    [],
  );

  const onComplete = (event: QuestCompleteEvent) => {
    setPoints(event.detail.totalPoints);
    record(`quest-complete ${event.detail.taskId} +${event.detail.points}`);
  };
  const onUnlock = (event: QuestUnlockEvent) =>
    record(`quest-unlock ${event.detail.tierIds.join(', ') || event.detail.taskIds.join(', ')}`);
  const onClaim = (event: QuestClaimEvent) => record(`quest-claim ${event.detail.tierId}`);
  const onError = (event: QuestErrorEvent) =>
    record(`quest-error ${event.detail.error.code}: ${event.detail.error.shortMessage}`);
  // A wallet task wants a wallet: while the app is not connected, connect through wagmi (one
  // connect flow for the whole app). Once connected, the board uses `provider` itself.
  const onWalletRequest = (event: QuestWalletRequestEvent) => {
    const injected = connectors[0];
    if (isConnected || !injected) return;
    event.preventDefault();
    connect({ connector: injected });
  };

  return (
    <main>
      <header className="site">
        <strong>Acme Protocol</strong>
        {isConnected ? (
          <span>
            <code data-testid="address">{address}</code>{' '}
            <button type="button" onClick={() => disconnect()}>
              Disconnect
            </button>
          </span>
        ) : (
          <button
            type="button"
            onClick={() => connectors[0] && connect({ connector: connectors[0] })}
          >
            Connect wallet
          </button>
        )}
      </header>
      {connectError ? <p role="alert">{connectError.message.split('\n')[0]}</p> : null}
      <h1>Climb the Questboard 101 ladder (React)</h1>
      <p>
        Points this session: <output data-testid="points">{points}</output>
      </p>
      <quest-board
        ref={board}
        campaign={campaign}
        theme="auto"
        onquest-complete={onComplete}
        onquest-unlock={onUnlock}
        onquest-claim={onClaim}
        onquest-error={onError}
        onquest-wallet-request={onWalletRequest}
      />
      <section aria-labelledby="log-title">
        <h2 id="log-title">Events</h2>
        <ol data-testid="log">
          {log.map((entry) => (
            <li key={entry.id}>{entry.line}</li>
          ))}
        </ol>
      </section>
    </main>
  );
}
