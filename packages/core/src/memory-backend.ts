import type {
  ClaimRequest,
  ClaimResult,
  LeaderboardPage,
  QuestBackend,
  Session,
  SignInRequest,
  VerifyRequest,
  VerifyResult,
} from './backends/backend.js';
import { checkInput, checkQuizAnswer } from './campaign/answers.js';
import type { Address, Campaign, Task } from './campaign/campaign.js';
import { parseCampaignLazily } from './campaign/schema.js';
import type { Credential } from './credential.js';
import { QuestError } from './errors.js';
import { deriveLadder, findTask } from './ladder/engine.js';
import { emptyProgress, type Progress } from './ladder/progress.js';

/** Bumped whenever the stored shape changes; older or foreign data is reset, never trusted. */
export const STORAGE_VERSION = 1;
const PREFIX = `questboard:v${STORAGE_VERSION}:`;

/** The subset of the Web Storage API the memory backend uses. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  readonly length: number;
  key(index: number): string | null;
}

export interface MemoryBackendOptions {
  /** Where progress is kept. Default: `localStorage` when usable, else an in-memory map. */
  storage?: KeyValueStorage | null;
  /** Fetch used to load campaign URLs (and by HTTP rules). */
  fetch?: typeof fetch;
  /** RPC URLs per chain id for on-chain rules, overriding the campaign's `chains`. */
  rpcUrls?: Record<number, string[]>;
  /** Clock, for tests. */
  now?: () => number;
  /** SIWE domain expected in messages (default: `location.host`). */
  domain?: string;
  /** Called with a plain-language warning when stored data was corrupt and has been reset. */
  onWarning?: (message: string) => void;
}

function memoryStorage(): KeyValueStorage {
  const data = new Map<string, string>();
  return {
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, String(v)),
    removeItem: (k) => void data.delete(k),
    get length() {
      return data.size;
    },
    key: (i) => [...data.keys()][i] ?? null,
  };
}

function defaultStorage(): KeyValueStorage {
  try {
    const storage = globalThis.localStorage;
    const probe = `${PREFIX}probe`;
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    // No DOM (SSR, workers) or storage blocked (privacy modes): keep progress for this page only.
    return memoryStorage();
  }
}

const subject = (address: Address | null | undefined) =>
  address ? address.toLowerCase() : 'anonymous';
const progressKey = (campaignId: string, address: Address | null | undefined) =>
  `${PREFIX}progress:${campaignId}:${subject(address)}`;

interface StoredProgress {
  v: number;
  campaignId: string;
  address: string;
  completed: Progress['completed'];
  claimed: Progress['claimed'];
}

function isRecordOf(value: unknown, check: (entry: Record<string, unknown>) => boolean): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every(
    (entry) =>
      typeof entry === 'object' && entry !== null && check(entry as Record<string, unknown>),
  );
}

/**
 * A backend that runs a campaign entirely in the browser: progress per campaign and address in
 * localStorage, `visit` / `quiz` / `input` checked locally, rule-backed tasks evaluated by
 * `@questboard/rules` (loaded lazily), SIWE verified locally (loaded lazily).
 *
 * It proves nothing to anyone but the visitor — use the HTTP backend and the reference server
 * for anything that pays out. It issues no signed credentials (it holds no issuer key).
 */
export function memoryBackend(options: MemoryBackendOptions = {}): QuestBackend {
  const storage = options.storage ?? defaultStorage();
  const now = options.now ?? Date.now;
  const warn = options.onWarning ?? ((m: string) => console.warn(`[questboard] ${m}`));
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const campaigns = new Map<string, Campaign>();
  const nonces = new Map<string, number>();
  const sessions = new Map<string, Session>();

  function read(campaignId: string, address: Address | null | undefined): Progress {
    const key = progressKey(campaignId, address);
    const raw = storage.getItem(key);
    const empty = emptyProgress(campaignId, address ?? null);
    if (raw === null) return empty;
    let data: StoredProgress | undefined;
    try {
      data = JSON.parse(raw) as StoredProgress;
    } catch {
      data = undefined;
    }
    const valid =
      data &&
      data.v === STORAGE_VERSION &&
      data.campaignId === campaignId &&
      data.address === subject(address) &&
      isRecordOf(data.completed, (c) => typeof c.at === 'string' && typeof c.points === 'number') &&
      isRecordOf(data.claimed, (c) => typeof c.at === 'string');
    if (!valid) {
      storage.removeItem(key);
      warn(
        `Stored progress for campaign "${campaignId}" was unreadable or not this campaign's; it has been reset.`,
      );
      return empty;
    }
    return { ...empty, completed: { ...data!.completed }, claimed: { ...data!.claimed } };
  }

  function write(progress: Progress): void {
    const data: StoredProgress = {
      v: STORAGE_VERSION,
      campaignId: progress.campaignId,
      address: subject(progress.address),
      completed: progress.completed,
      claimed: progress.claimed,
    };
    try {
      storage.setItem(progressKey(progress.campaignId, progress.address), JSON.stringify(data));
    } catch (error) {
      throw new QuestError(
        'SERVER',
        'Progress could not be saved in this browser (storage is full or blocked). Allow site data for this page or free some space, then try again.',
        {
          cause: error,
        },
      );
    }
  }

  function campaignOf(campaignId: string): Campaign {
    const campaign = campaigns.get(campaignId);
    if (!campaign)
      throw new QuestError(
        'CAMPAIGN_NOT_FOUND',
        `Campaign "${campaignId}" is not loaded: call loadCampaign() with it first.`,
      );
    return campaign;
  }

  function validSession(
    session: Session | null | undefined,
    address: Address | null | undefined,
  ): boolean {
    if (!session || !address) return false;
    const known = sessions.get(session.token);
    return (
      !!known &&
      known.address.toLowerCase() === address.toLowerCase() &&
      Date.parse(known.expiresAt) > now()
    );
  }

  async function check(
    task: Task,
    campaign: Campaign,
    request: VerifyRequest,
  ): Promise<VerifyResult | true> {
    const address = request.address ?? null;
    switch (task.kind) {
      case 'visit':
        return true;
      case 'quiz':
        return (await checkQuizAnswer(task, request.input ?? ''))
          ? true
          : { ok: false, code: 'WRONG_ANSWER', reason: 'That answer is not right. Try again.' };
      case 'input':
        return checkInput(task, request.input ?? '')
          ? true
          : {
              ok: false,
              code: 'INPUT_MISMATCH',
              reason: 'That does not match what this task asks for.',
            };
      case 'wallet.connect':
        if (!address)
          throw new QuestError('WALLET_REQUIRED', 'Connect a wallet to complete this task.');
        return true;
      case 'wallet.signIn':
        if (!address)
          throw new QuestError('WALLET_REQUIRED', 'Connect a wallet to complete this task.');
        if (!validSession(request.session, address))
          throw new QuestError(
            'SIGN_IN_REQUIRED',
            'Sign in with your wallet to complete this task.',
          );
        return true;
      case 'wallet.chain':
        if (!address)
          throw new QuestError('WALLET_REQUIRED', 'Connect a wallet to complete this task.');
        return request.chainId === task.chainId
          ? true
          : {
              ok: false,
              code: 'VERIFY_FAILED',
              reason: `Your wallet is on another network. Switch to chain ${task.chainId}.`,
            };
      default: {
        if (!address)
          throw new QuestError('WALLET_REQUIRED', 'Connect a wallet to complete this task.');
        const { evaluateTaskRule } = await import('./verify/rule-eval.js');
        return evaluateTaskRule(task, campaign, address, {
          fetch: doFetch,
          ...(options.rpcUrls ? { rpcUrls: options.rpcUrls } : {}),
        });
      }
    }
  }

  return {
    async loadCampaign(ref, opts) {
      let input: unknown = ref;
      if (typeof ref === 'string') {
        let response: Response;
        try {
          const base = typeof document !== 'undefined' ? document.baseURI : undefined;
          response = await doFetch(new URL(ref, base).href, {
            signal: opts?.signal,
            headers: { accept: 'application/json' },
          });
        } catch (error) {
          throw new QuestError(
            'CAMPAIGN_FETCH_FAILED',
            `The campaign could not be loaded from ${ref}.`,
            {
              cause: error,
              details: (error as Error).message,
              retryable: true,
            },
          );
        }
        if (!response.ok)
          throw new QuestError(
            'CAMPAIGN_FETCH_FAILED',
            `The campaign could not be loaded from ${ref} (HTTP ${response.status}).`,
            {
              retryable: response.status >= 500,
            },
          );
        try {
          input = await response.json();
        } catch (error) {
          throw new QuestError('CAMPAIGN_INVALID', `The campaign at ${ref} is not valid JSON.`, {
            cause: error,
          });
        }
      }
      const campaign = await parseCampaignLazily(input);
      campaigns.set(campaign.id, campaign);
      return campaign;
    },

    async getProgress(campaignId, address) {
      return read(campaignId, address);
    },

    async verify(request) {
      const campaign = campaignOf(request.campaignId);
      const found = findTask(campaign, request.taskId);
      if (!found)
        throw new QuestError(
          'TASK_NOT_FOUND',
          `Task "${request.taskId}" is not part of this campaign.`,
        );
      const { task } = found;
      const progress = read(campaign.id, request.address);
      if (progress.completed[task.id]) return { ok: true, progress };
      const ladder = deriveLadder(campaign, progress, { now: now() });
      const state = ladder.tiers.flatMap((t) => t.tasks).find((t) => t.task.id === task.id)!.state;
      if (state === 'upcoming')
        throw new QuestError('CAMPAIGN_NOT_STARTED', 'This campaign has not started yet.');
      if (state === 'ended') throw new QuestError('CAMPAIGN_ENDED', 'This campaign has ended.');
      if (state === 'locked')
        throw new QuestError(
          'TASK_LOCKED',
          'This task is still locked: finish the steps before it first.',
        );
      const outcome = await check(task, campaign, request);
      if (outcome !== true) return outcome;
      // Re-read: another tab may have completed it meanwhile; never count twice.
      const latest = read(campaign.id, request.address);
      if (!latest.completed[task.id]) {
        latest.completed[task.id] = { at: new Date(now()).toISOString(), points: task.points };
        write(latest);
      }
      return { ok: true, progress: latest };
    },

    async claim(request: ClaimRequest): Promise<ClaimResult> {
      const campaign = campaignOf(request.campaignId);
      const tier = campaign.tiers.find((t) => t.id === request.tierId);
      if (!tier)
        throw new QuestError(
          'TIER_NOT_FOUND',
          `Tier "${request.tierId}" is not part of this campaign.`,
        );
      if (!tier.reward)
        throw new QuestError('BAD_REQUEST', `Tier "${tier.id}" has no reward to claim.`);
      const progress = read(campaign.id, request.address);
      if (progress.claimed[tier.id]) return { progress, firstClaim: false };
      const ladderTier = deriveLadder(campaign, progress, { now: now() }).tiers.find(
        (t) => t.tier.id === tier.id,
      )!;
      if (!ladderTier.claimable)
        throw new QuestError(
          'TIER_NOT_COMPLETE',
          'Finish every task of this tier to claim its reward.',
        );
      progress.claimed[tier.id] = { at: new Date(now()).toISOString() };
      write(progress);
      return { progress, firstClaim: true };
    },

    async getNonce() {
      const bytes = crypto.getRandomValues(new Uint8Array(16));
      const nonce = Array.from(bytes, (b) => b.toString(36).padStart(2, '0'))
        .join('')
        .slice(0, 24);
      nonces.set(nonce, now() + 10 * 60_000);
      return nonce;
    },

    async signIn(request: SignInRequest) {
      // Signature crypto (secp256k1, keccak) is loaded only when someone signs in.
      const { verifySiwe } = await import('./siwe.js');
      const domain = options.domain ?? (typeof location !== 'undefined' ? location.host : '');
      const verified = await verifySiwe({
        message: request.message,
        signature: request.signature,
        domains: [domain],
        now: now(),
        checkNonce: (nonce: string) => {
          const expiry = nonces.get(nonce);
          nonces.delete(nonce);
          return expiry !== undefined && expiry > now();
        },
      });
      const token = Array.from(crypto.getRandomValues(new Uint8Array(24)), (b) =>
        b.toString(16).padStart(2, '0'),
      ).join('');
      const maxExpiry = now() + 24 * 3600_000;
      const expires = verified.expiresAt
        ? Math.min(Date.parse(verified.expiresAt), maxExpiry)
        : maxExpiry;
      const session: Session = {
        address: verified.address,
        chainId: verified.chainId,
        token,
        expiresAt: new Date(expires).toISOString(),
      };
      sessions.set(token, session);
      return session;
    },

    async signOut(session) {
      sessions.delete(session.token);
    },

    async leaderboard(campaignId, page = {}): Promise<LeaderboardPage> {
      const offset = Math.max(0, page.offset ?? 0);
      const limit = Math.min(100, Math.max(1, page.limit ?? 10));
      const prefix = `${PREFIX}progress:${campaignId}:0x`;
      const rows: { address: Address; points: number }[] = [];
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i);
        if (!key?.startsWith(prefix)) continue;
        const address = key.slice(prefix.length - 2) as Address;
        const progress = read(campaignId, address);
        rows.push({
          address,
          points: Object.values(progress.completed).reduce((s, c) => s + c.points, 0),
        });
      }
      rows.sort((a, b) => b.points - a.points || a.address.localeCompare(b.address));
      return {
        entries: rows.slice(offset, offset + limit).map((r, i) => ({ rank: offset + i + 1, ...r })),
        total: rows.length,
        offset,
        limit,
      };
    },

    async credentials(): Promise<Credential[]> {
      return [];
    },

    subscribe(campaignId, address, listener) {
      if (typeof window === 'undefined' || storage !== globalThis.localStorage) return () => {};
      const key = progressKey(campaignId, address);
      const onStorage = (event: StorageEvent) => {
        if (event.key === key) listener(read(campaignId, address));
      };
      window.addEventListener('storage', onStorage);
      return () => window.removeEventListener('storage', onStorage);
    },
  };
}
