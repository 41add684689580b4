/**
 * Shared story helpers: the sample campaign, and backends seeded with progress so every state
 * of the board can be shown without clicking through it.
 */
import {
  type Campaign,
  type KeyValueStorage,
  memoryBackend,
  type QuestBackend,
  STORAGE_VERSION,
} from '@questboard/core';
import sample from '../examples/campaigns/questboard-101.json' with { type: 'json' };

export const sampleCampaign = sample as Campaign;

function storageWith(entries: Record<string, string>): KeyValueStorage {
  const data = new Map(Object.entries(entries));
  return {
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
    get length() {
      return data.size;
    },
    key: (index) => [...data.keys()][index] ?? null,
  };
}

/**
 * A memory backend that keeps progress for this story only (never the page's localStorage),
 * starting with `completed` tasks done and `claimed` tiers claimed.
 */
export function seededBackend(
  completed: string[] = [],
  claimed: string[] = [],
  campaign: Campaign = sampleCampaign,
): QuestBackend {
  const at = '2026-01-01T00:00:00.000Z';
  const points = new Map(campaign.tiers.flatMap((t) => t.tasks.map((k) => [k.id, k.points])));
  const stored = {
    v: STORAGE_VERSION,
    campaignId: campaign.id,
    address: 'anonymous',
    completed: Object.fromEntries(completed.map((id) => [id, { at, points: points.get(id) ?? 0 }])),
    claimed: Object.fromEntries(claimed.map((id) => [id, { at }])),
  };
  return memoryBackend({
    storage: storageWith({
      [`questboard:v${STORAGE_VERSION}:progress:${campaign.id}:anonymous`]: JSON.stringify(stored),
    }),
  });
}

/** A backend whose campaign never arrives: the loading state. */
export function loadingBackend(): QuestBackend {
  return { ...seededBackend(), loadCampaign: () => new Promise<Campaign>(() => {}) };
}

/** The sample campaign with three mistakes: the invalid-campaign state. */
export function brokenCampaign(): Campaign {
  const broken = structuredClone(sampleCampaign) as unknown as {
    id: string;
    tiers: { title: unknown; tasks: { points: number }[] }[];
  };
  broken.id = 'not a valid id!';
  broken.tiers[0]!.tasks[0]!.points = -5;
  broken.tiers[2]!.title = 42;
  return broken as unknown as Campaign;
}

/** A campaign with wallet and on-chain tasks. */
export const walletCampaign: Campaign = {
  schemaVersion: 1,
  id: 'wallet-tasks',
  title: 'Wallet tasks',
  description: 'Connect, sign in, switch network and act on-chain.',
  chains: { '8453': { name: 'Base', rpcUrls: ['https://mainnet.base.org'] } },
  tiers: [
    {
      id: 'wallet',
      title: 'Your wallet',
      tasks: [
        { id: 'connect', kind: 'wallet.connect', title: 'Connect a wallet', points: 10 },
        { id: 'sign-in', kind: 'wallet.signIn', title: 'Sign in with Ethereum', points: 10 },
        { id: 'base', kind: 'wallet.chain', title: 'Switch to Base', points: 10, chainId: 8453 },
        {
          id: 'swap',
          kind: 'onchain',
          title: 'Make a first transaction on Base',
          points: 30,
          url: 'https://example.org/swap',
          rule: { type: 'onchain.txCount', chainId: 8453, min: 1 },
        },
      ],
      reward: { title: 'On-chain badge' },
    },
  ],
};
