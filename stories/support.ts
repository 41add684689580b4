/**
 * Shared story helpers: the sample campaign, and backends seeded with progress so every state
 * of the board can be shown without clicking through it.
 */
import {
  type Campaign,
  type KeyValueStorage,
  memoryBackend,
  type QuestBackend,
  QuestError,
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
  /** The memory backend's `segments` option (members of saved segments, for gated tiers). */
  segments?: Record<string, string[]>,
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
    ...(segments ? { segments } : {}),
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

/** A backend whose campaign fails to load with `error` (the error state, no real request). */
export function failingBackend(
  error = new QuestError(
    'CAMPAIGN_FETCH_FAILED',
    'The campaign could not be loaded from /campaigns/questboard-101.json (HTTP 503).',
    { retryable: true },
  ),
): QuestBackend {
  return { ...seededBackend(), loadCampaign: () => Promise.reject(error) };
}

/** A backend whose verifications never finish: the verifying state stays on screen. */
export function slowVerifyBackend(completed: string[] = []): QuestBackend {
  return { ...seededBackend(completed), verify: () => new Promise<never>(() => {}) };
}

/** A campaign with one task of every kind (rules are shown, never run, until Verify). */
export const everyKindCampaign: Campaign = {
  schemaVersion: 1,
  id: 'every-kind',
  title: 'Every kind of task',
  description: 'One task of each kind the board knows.',
  chains: walletCampaign.chains!,
  tiers: [
    {
      id: 'kinds',
      title: 'All kinds',
      tasks: [
        sampleCampaign.tiers[0]!.tasks[0]!,
        sampleCampaign.tiers[0]!.tasks[1]!,
        // The free-text quiz, without its `requires` (a task of another tier).
        { ...sampleCampaign.tiers[1]!.tasks[1]!, requires: [] },
        sampleCampaign.tiers[0]!.tasks[2]!,
        ...walletCampaign.tiers[0]!.tasks,
        {
          id: 'gitcoin',
          kind: 'http',
          title: 'Reach a Gitcoin Passport score of 20',
          points: 25,
          url: 'https://passport.gitcoin.co/',
          rule: {
            type: 'http',
            url: 'https://api.example.org/score/$address',
            format: 'point',
            minPoints: 20,
          },
        },
        {
          id: 'credential',
          kind: 'credential',
          title: 'Hold the Questboard 101 credential',
          points: 40,
          rule: {
            type: 'credential',
            issuer: '0x70997970C51812dc3A010C7d01b50e726dc79C8b',
            campaignId: 'questboard-101',
          },
        },
      ],
      reward: { title: 'Collector badge', description: 'For trying every kind of task.' },
    },
  ],
};

/** A long ladder: `tiers` tiers of `tasks` tasks, each tier opening after the previous one. */
export function longLadder(tiers = 12, tasks = 6): Campaign {
  return {
    schemaVersion: 1,
    id: `long-ladder-${tiers}x${tasks}`,
    title: `A ${tiers}-tier ladder`,
    description: `${tiers * tasks} tasks in ${tiers} tiers.`,
    levels: [
      { name: 'Rookie', minPoints: 0 },
      { name: 'Regular', minPoints: 100 },
      { name: 'Veteran', minPoints: 400 },
    ],
    tiers: Array.from({ length: tiers }, (_, t) => ({
      id: `tier-${t + 1}`,
      title: `Tier ${t + 1}`,
      ...(t > 0 ? { unlock: { after: `tier-${t}`, require: 'all' as const } } : {}),
      tasks: Array.from({ length: tasks }, (_, k) => ({
        id: `t${t + 1}-${k + 1}`,
        kind: 'visit' as const,
        title: `Step ${k + 1} of tier ${t + 1}`,
        points: 5 + k,
        url: `https://example.org/tier-${t + 1}/step-${k + 1}`,
      })),
      reward: { title: `Tier ${t + 1} badge` },
    })),
  };
}

const LONG =
  'This sentence is deliberately long, so that the layout has to wrap it over several lines without overflowing its box or hiding the controls next to it';
const WORD = 'Supercalifragilisticexpialidocious-0x70997970C51812dc3A010C7d01b50e726dc79C8b';

/** Long titles, descriptions, answers and an unbreakable word everywhere text can go. */
export const longTextCampaign: Campaign = {
  schemaVersion: 1,
  id: 'long-texts',
  title: `${LONG} — the campaign title`,
  description: `${LONG}. ${LONG}. ${WORD}`,
  tiers: [
    {
      id: 'long',
      title: `${WORD} ${LONG.slice(0, 100)}`,
      description: `${LONG}.`,
      tasks: [
        {
          id: 'long-visit',
          kind: 'visit',
          title: `${LONG} — a task title`,
          description: `${LONG}. ${WORD}`,
          cta: `${LONG.slice(0, 58)}…`,
          points: 1_000_000,
          url: 'https://example.org/a-very-long-path/that-goes-on-and-on/and-on',
        },
        {
          id: 'long-quiz',
          kind: 'quiz',
          title: WORD,
          question: `${LONG}?`,
          options: [LONG, WORD, 'Short'],
          points: 10,
          answer:
            sampleCampaign.tiers[0]!.tasks[1]!.kind === 'quiz'
              ? sampleCampaign.tiers[0]!.tasks[1]!.answer
              : { salt: 's', hash: '0'.repeat(64) },
        },
      ],
      reward: { title: `${LONG} — a reward`, description: `${LONG}. ${WORD}` },
    },
  ],
};

/** The sample campaign shifted in time: not started yet, or over. */
export function timedCampaign(when: 'upcoming' | 'ended'): Campaign {
  const day = 86_400_000;
  const now = Date.now();
  return {
    ...sampleCampaign,
    id: `questboard-101-${when}`,
    ...(when === 'upcoming'
      ? { startsAt: new Date(now + 3 * day).toISOString() }
      : {
          startsAt: new Date(now - 30 * day).toISOString(),
          endsAt: new Date(now - day).toISOString(),
        }),
  };
}

/**
 * The sample campaign with a bonus tier open only to a saved segment's members
 * (`unlock.segment`): a visitor outside it sees "Open to selected members only".
 */
export const segmentCampaign: Campaign = {
  ...sampleCampaign,
  id: 'questboard-101-supporters',
  tiers: [
    ...sampleCampaign.tiers,
    {
      id: 'supporters',
      title: 'For early supporters',
      unlock: { segment: 'early-supporters' },
      reward: { title: 'Supporter badge' },
      tasks: [
        {
          id: 'read-roadmap',
          kind: 'visit',
          title: 'Read the roadmap preview',
          points: 5,
          url: 'https://example.org/roadmap',
        },
      ],
    },
  ],
};

/** A daily check-in keeping a streak, in a campaign that keeps a streak too (moments stories). */
export const dailyCampaign: Campaign = {
  schemaVersion: 1,
  id: 'story-daily',
  title: 'Daily check-in',
  timeZone: 'UTC',
  streak: { every: 'day' },
  tiers: [
    {
      id: 'daily',
      title: 'Every day',
      tasks: [
        {
          id: 'check-in',
          kind: 'visit',
          title: 'Check in',
          points: 5,
          url: 'https://app.example',
          schedule: { every: 'day' },
          streak: {},
        },
      ],
    },
  ],
};
