import type { LocalAccount } from 'viem';
import { afterNextPaint } from './after-paint.js';
import type {
  ClaimRequest,
  ClaimResult,
  LeaderboardPage,
  QuestBackend,
  ReferralRequest,
  RewardDelivery,
  Session,
  SignInRequest,
  VerifyRequest,
  VerifyResult,
} from './backends/backend.js';
import type { Address, Campaign, Tier } from './campaign/campaign.js';
import { checkCampaignPatterns, parseCampaignLazily } from './campaign/schema.js';
import type { Credential } from './credential.js';
import { QuestError } from './errors.js';
import { findTier } from './ladder/engine.js';
import { addCompletion, emptyProgress, type Progress } from './ladder/progress.js';
import {
  DEFAULT_LEADERBOARD_LIMIT,
  type LedgerEntry,
  leaderboardPeriod,
  MAX_LEADERBOARD_LIMIT,
  pageOfStandings,
  standingsOf,
} from './leaderboard.js';
import { randomHex } from './random.js';
import { claimGate, type Refused, type VerifyFacts, verifyTask } from './verify/verify.js';

/**
 * The memory backend's storage format, exported for tests and stories (never copy the key
 * format). Bumped whenever the stored shape changes; older or foreign data is reset, never trusted.
 */
export const STORAGE_VERSION = 1;
export const STORAGE_PREFIX = `questboard:v${STORAGE_VERSION}:`;

/** The subject of a progress record: the lowercased address, or `anonymous` without a wallet. */
export const storageSubject = (address: Address | null | undefined) =>
  address ? address.toLowerCase() : 'anonymous';

/** Where the progress of `address` (or of the visitor without a wallet) in a campaign is kept. */
export const progressStorageKey = (campaignId: string, address: Address | null | undefined) =>
  `${STORAGE_PREFIX}progress:${campaignId}:${storageSubject(address)}`;

/** Where the last failed check per task of a visitor is kept (for tasks' `retryAfter`). */
export const failuresStorageKey = (campaignId: string, address: Address | null | undefined) =>
  `${STORAGE_PREFIX}failures:${campaignId}:${storageSubject(address)}`;

/** Where a memory-backend session is kept (so a reload keeps it, like a server's). */
export const sessionStorageKey = (token: string) => `${STORAGE_PREFIX}session:${token}`;

/** Where the delivery of a claimed badge or token tier is kept (the same voucher on a repeat). */
export const deliveryStorageKey = (campaignId: string, address: Address, tierId: string) =>
  `${STORAGE_PREFIX}delivery:${campaignId}:${storageSubject(address)}:${tierId}`;

/** A stored progress record (JSON under `progressStorageKey`). */
export interface StoredProgress {
  v: typeof STORAGE_VERSION;
  campaignId: string;
  address: string;
  completed: Progress['completed'];
  /** Scheduled tasks' completions by task and period key (absent when there are none). */
  periods?: Progress['periods'];
  claimed: Progress['claimed'];
}

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
  /**
   * Called with a plain-language warning (and a `STORAGE_CORRUPT` error) when stored data was
   * corrupt and has been reset. Default: `console.warn`.
   */
  onWarning?: (message: string, error: QuestError) => void;
  /**
   * A development issuer that signs badge vouchers in the browser (Storybook, widget tests,
   * local demos), e.g. `privateKeyToAccount(anvilKey)`; the `QuestBadge` contract's `issuer`
   * must be its address. Without it a badge or token tier cannot be claimed here
   * (`REWARD_NEEDS_SERVER`): a key in a page is anyone's key, so never give it a real one.
   */
  issuer?: Pick<LocalAccount, 'address' | 'signTypedData'>;
  /**
   * Let `loadCampaign` resolve before input tasks' patterns are checked (the RE2 engine is then
   * loaded after the board's first paint, in the task after the next animation frame, when no
   * rule-backed task needs it earlier). Every
   * `verify` and `claim` waits for the check first, and a campaign it refuses answers them, and
   * `campaignChecked`, with the `CAMPAIGN_INVALID` error naming `tiers[i].tasks[j].pattern`:
   * nothing is stored for it. Default `false`: `loadCampaign` itself refuses such a campaign.
   */
  deferPatternCheck?: boolean;
  /**
   * Saved segments for tiers gated on one (`unlock.segment`), so offline and demo boards can
   * show the gate: by name, the member addresses (any case) or a test of an address. Progress
   * reports the ones the loaded campaign names that the wallet is in (`Progress.segments`); a
   * segment not given here has no members, and a visitor without a wallet is in none.
   */
  segments?: Record<string, readonly string[] | ((address: Address) => boolean)>;
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
    const probe = `${STORAGE_PREFIX}probe`;
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    // No DOM (SSR, workers) or storage blocked (privacy modes): keep progress for this page only.
    return memoryStorage();
  }
}

const isCompletion = (c: Record<string, unknown>) =>
  typeof c.at === 'string' && typeof c.points === 'number';

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
 * for anything that pays out. It issues no signed credentials, and signs badge vouchers only
 * with a development `issuer` given to it (Storybook, tests).
 */
export function memoryBackend(
  options: MemoryBackendOptions = {},
): QuestBackend & Required<Pick<QuestBackend, 'leaderboard'>> {
  const storage = options.storage ?? defaultStorage();
  const now = options.now ?? Date.now;
  const warn = options.onWarning ?? ((m: string) => console.warn(`[questboard] ${m}`));
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const campaigns = new Map<string, Campaign>();
  const nonces = new Map<string, number>();
  /** Referrals (./referrals-memory.ts), loaded for the first campaign that has them. */
  const referralsOf = async () =>
    (await import('./referrals-memory.js')).memoryReferrals({
      storage,
      prefix: STORAGE_PREFIX,
      now,
      progressOf: (campaignId, address) => read(campaignId, address),
    });
  const needWallet = (request: ReferralRequest) => {
    if (!request.address)
      throw new QuestError('WALLET_REQUIRED', 'Connect a wallet to use invite links.');
    return campaignOf(request.campaignId);
  };

  /** Members of `options.segments`, lowercased once per segment. */
  const segmentTests = new Map<string, (address: Address) => boolean>();
  function inSegment(name: string, address: Address): boolean {
    let test = segmentTests.get(name);
    if (!test) {
      const given =
        options.segments && Object.hasOwn(options.segments, name)
          ? options.segments[name]
          : undefined;
      if (typeof given === 'function') test = given;
      else {
        const members = new Set((given ?? []).map((a) => a.toLowerCase()));
        test = (a) => members.has(a.toLowerCase());
      }
      segmentTests.set(name, test);
    }
    return test(address) === true;
  }

  /** The segments the loaded campaign's tiers name that `address` is in (undefined: it names none). */
  function segmentsOf(campaignId: string, address: Address | null | undefined) {
    const campaign = campaigns.get(campaignId);
    const names = new Set(campaign?.tiers.flatMap((t) => t.unlock?.segment ?? []) ?? []);
    if (names.size === 0) return undefined;
    return address ? [...names].filter((name) => inSegment(name, address)) : [];
  }

  function read(campaignId: string, address: Address | null | undefined): Progress {
    const key = progressStorageKey(campaignId, address);
    const raw = storage.getItem(key);
    const segments = segmentsOf(campaignId, address);
    const empty: Progress = {
      ...emptyProgress(campaignId, address ?? null),
      ...(segments ? { segments } : {}),
    };
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
      data.address === storageSubject(address) &&
      isRecordOf(data.completed, isCompletion) &&
      (data.periods === undefined ||
        isRecordOf(data.periods, (byKey) => isRecordOf(byKey, isCompletion))) &&
      isRecordOf(data.claimed, (c) => typeof c.at === 'string');
    if (!valid) {
      storage.removeItem(key);
      const message = `Stored progress for campaign "${campaignId}" was unreadable or not this campaign's; it has been reset.`;
      warn(message, new QuestError('STORAGE_CORRUPT', message, { details: key }));
      return empty;
    }
    return {
      ...empty,
      completed: { ...data!.completed },
      ...(data!.periods ? { periods: structuredClone(data!.periods) } : {}),
      claimed: { ...data!.claimed },
    };
  }

  function write(progress: Progress): void {
    const data: StoredProgress = {
      v: STORAGE_VERSION,
      campaignId: progress.campaignId,
      address: storageSubject(progress.address),
      completed: progress.completed,
      ...(progress.periods && Object.keys(progress.periods).length
        ? { periods: progress.periods }
        : {}),
      claimed: progress.claimed,
    };
    try {
      storage.setItem(
        progressStorageKey(progress.campaignId, progress.address),
        JSON.stringify(data),
      );
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

  /** The deferred pattern check of each loaded campaign (`deferPatternCheck`), by id. */
  const patternChecks = new Map<string, Promise<void>>();

  /** The loaded campaign, once its deferred checks passed (they throw `CAMPAIGN_INVALID`). */
  async function checkedCampaign(campaignId: string): Promise<Campaign> {
    await patternChecks.get(campaignId);
    return campaignOf(campaignId);
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

  /** Sessions live in storage beside progress, so a reload keeps them (no new signature). */
  function knownSession(token: string): Session | null {
    const raw = storage.getItem(sessionStorageKey(token));
    if (raw === null) return null;
    try {
      const session = JSON.parse(raw) as Session;
      if (session.token === token && Date.parse(session.expiresAt) > now()) return session;
    } catch {
      // unreadable: forgotten below
    }
    storage.removeItem(sessionStorageKey(token));
    return null;
  }

  /** The browser's facts: its wallet, the chain the wallet reports, and a session it knows. */
  function factsOf(campaign: Campaign, request: VerifyRequest): VerifyFacts {
    const address = request.address ?? null;
    let session: VerifyFacts['session'] = 'none';
    if (request.session) {
      const known = knownSession(request.session.token);
      session =
        known && address && known.address.toLowerCase() === address.toLowerCase()
          ? 'valid'
          : known
            ? 'none'
            : 'expired';
    }
    const lastFailureAt = failuresOf(campaign.id, address)[request.taskId];
    return {
      address,
      session,
      ...(request.chainId !== undefined ? { chainId: request.chainId } : {}),
      ...(request.input !== undefined ? { input: request.input } : {}),
      ...(lastFailureAt !== undefined ? { lastFailureAt } : {}),
      claimCounts: async (task, period) => claimCounts(campaign.id, task.id, period),
      evaluateRule: async (task, wallet, since) => {
        const { evaluateTaskRule } = await import('./verify/rule-eval.js');
        return evaluateTaskRule(task, campaign, wallet, {
          fetch: doFetch,
          ...(options.rpcUrls ? { rpcUrls: options.rpcUrls } : {}),
          ...(since !== undefined ? { since } : {}),
        });
      },
    };
  }

  /** The last failed check per task (Unix ms) of a visitor. */
  function failuresOf(campaignId: string, address: Address | null): Record<string, number> {
    try {
      const data: unknown = JSON.parse(
        storage.getItem(failuresStorageKey(campaignId, address)) ?? '{}',
      );
      if (typeof data !== 'object' || data === null || Array.isArray(data)) return {};
      return Object.fromEntries(
        Object.entries(data).filter((entry): entry is [string, number] =>
          Number.isFinite(entry[1]),
        ),
      );
    } catch {
      return {};
    }
  }

  function recordFailure(campaignId: string, address: Address | null, taskId: string): void {
    const failures = failuresOf(campaignId, address);
    failures[taskId] = now();
    try {
      storage.setItem(failuresStorageKey(campaignId, address), JSON.stringify(failures));
    } catch {
      // Storage full: the cooldown is a courtesy here (this backend proves nothing anyway).
    }
  }

  /** Completions of a task by every visitor this storage knows, in `period` and in total. */
  function claimCounts(campaignId: string, taskId: string, period: string) {
    const prefix = `${STORAGE_PREFIX}progress:${campaignId}:`;
    const counts = { period: 0, total: 0 };
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (!key?.startsWith(prefix)) continue;
      const subject = key.slice(prefix.length);
      const progress = read(campaignId, subject === 'anonymous' ? null : (subject as Address));
      if (period === '') {
        if (Object.hasOwn(progress.completed, taskId)) counts.period = ++counts.total;
        continue;
      }
      const byKey = progress.periods?.[taskId] ?? {};
      counts.total += Object.keys(byKey).length;
      if (Object.hasOwn(byKey, period)) counts.period++;
    }
    return counts;
  }

  /**
   * What claiming `tier` delivers. Badge and token tiers need the dev `issuer` (else
   * `REWARD_NEEDS_SERVER`) and a wallet; a badge's voucher is kept, so a repeat gives it again.
   */
  async function deliver(
    campaign: Campaign,
    tier: Tier,
    address: Address | null,
  ): Promise<RewardDelivery> {
    const reward = tier.reward!;
    if (reward.kind === 'allowlist') return { kind: 'allowlist', list: reward.list };
    if (reward.kind !== 'badge' && reward.kind !== 'token') return { kind: 'credential' };
    // On-chain rewards (and keccak, EIP-712) load only when such a tier is claimed.
    const { chainDelivery } = await import('./memory-delivery.js');
    return chainDelivery({
      campaignId: campaign.id,
      tier,
      reward,
      address,
      storage,
      now: now(),
      ...(options.issuer ? { issuer: options.issuer } : {}),
    });
  }

  const refused = (r: Refused) =>
    new QuestError(r.code, r.message, {
      ...(r.details ? { details: r.details } : {}),
      ...(r.retryAfter !== undefined ? { retryAfter: r.retryAfter } : {}),
    });

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
      const deferPatterns = options.deferPatternCheck === true;
      const campaign = await parseCampaignLazily(input, { deferPatterns });
      campaigns.set(campaign.id, campaign);
      if (deferPatterns) {
        // After the frame that shows the campaign: the RE2 chunk (the largest) must not be
        // fetched and compiled while the board renders its first paint on the same cores.
        const check = afterNextPaint().then(() => checkCampaignPatterns(campaign));
        check.catch(() => {}); // reported by campaignChecked, verify and claim
        patternChecks.set(campaign.id, check);
      } else patternChecks.delete(campaign.id);
      return campaign;
    },

    async campaignChecked(campaignId) {
      await patternChecks.get(campaignId);
    },

    async getProgress(campaignId, address) {
      return read(campaignId, address);
    },

    async verify(request): Promise<VerifyResult> {
      const campaign = await checkedCampaign(request.campaignId);
      const progress = read(campaign.id, request.address);
      const verdict = await verifyTask(
        campaign,
        progress,
        request.taskId,
        factsOf(campaign, request),
        now(),
      );
      switch (verdict.status) {
        case 'done':
          return { ok: true, progress };
        case 'refused':
          throw refused(verdict);
        case 'failed': {
          const { status: _, ...failed } = verdict;
          if (failed.retryAfter !== undefined)
            recordFailure(campaign.id, request.address ?? null, request.taskId);
          return { ok: false, ...failed };
        }
        case 'passed': {
          // Re-read: another tab may have completed it meanwhile; never count twice.
          const latest = read(campaign.id, request.address);
          const completion = { at: new Date(now()).toISOString(), points: verdict.points };
          if (addCompletion(latest, verdict.task.id, verdict.period, completion)) {
            write(latest);
            if (campaign.referral && request.address)
              (await referralsOf()).qualify(campaign, request.address);
          }
          return { ok: true, progress: latest };
        }
      }
    },

    async claim(request: ClaimRequest): Promise<ClaimResult> {
      const campaign = await checkedCampaign(request.campaignId);
      const progress = read(campaign.id, request.address);
      const verdict = claimGate(campaign, progress, request.tierId, now());
      if (verdict.status === 'refused') throw refused(verdict);
      const tier = findTier(campaign, request.tierId)!;
      // Deliver first (sign), record after: a refused delivery changes nothing.
      const delivery = await deliver(campaign, tier, request.address ?? null);
      if (verdict.status === 'claimed-before') return { progress, firstClaim: false, delivery };
      const latest = read(campaign.id, request.address);
      const firstClaim = !Object.hasOwn(latest.claimed, tier.id);
      if (firstClaim) {
        latest.claimed[tier.id] = { at: new Date(now()).toISOString() };
        write(latest);
      }
      return { progress: latest, firstClaim, delivery };
    },

    async tokenProof() {
      // No rounds here: a drop's rounds are closed by a server's operator.
      return undefined;
    },

    async adoptAnonymous(campaignId, address): Promise<Progress> {
      const anonymous = read(campaignId, null);
      const mine = read(campaignId, address);
      if (
        Object.keys(anonymous.completed).length === 0 &&
        Object.keys(anonymous.periods ?? {}).length === 0 &&
        Object.keys(anonymous.claimed).length === 0
      )
        return mine;
      // Merge: what the address already has wins (its own time and points); nothing counts twice.
      const periods: NonNullable<Progress['periods']> = { ...anonymous.periods };
      for (const [taskId, byKey] of Object.entries(mine.periods ?? {}))
        periods[taskId] = { ...periods[taskId], ...byKey };
      const merged: Progress = {
        ...mine,
        completed: { ...anonymous.completed, ...mine.completed },
        ...(Object.keys(periods).length ? { periods } : {}),
        claimed: { ...anonymous.claimed, ...mine.claimed },
      };
      write(merged);
      storage.removeItem(progressStorageKey(campaignId, null));
      return merged;
    },

    async getNonce() {
      const nonce = randomHex(12);
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
      const token = randomHex(24);
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
      try {
        storage.setItem(sessionStorageKey(token), JSON.stringify(session));
      } catch (error) {
        throw new QuestError(
          'SERVER',
          'The sign-in could not be saved in this browser (storage is full or blocked). Allow site data for this page, then try again.',
          { cause: error },
        );
      }
      return session;
    },

    async checkSession(session) {
      const known = knownSession(session.token);
      return !!known && known.address.toLowerCase() === session.address.toLowerCase();
    },

    async signOut(session) {
      storage.removeItem(sessionStorageKey(session.token));
    },

    async leaderboard(campaignId, query = {}): Promise<LeaderboardPage> {
      const period = query.period ?? 'all';
      const limit = Math.min(
        MAX_LEADERBOARD_LIMIT,
        Math.max(1, query.limit ?? DEFAULT_LEADERBOARD_LIMIT),
      );
      const prefix = `${STORAGE_PREFIX}progress:${campaignId}:0x`;
      // The ledger: every stored completion (one-off and per period) of every wallet.
      const ledger: LedgerEntry[] = [];
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i);
        if (!key?.startsWith(prefix)) continue;
        const address = key.slice(prefix.length - 2) as Address;
        const progress = read(campaignId, address);
        for (const c of [
          ...Object.values(progress.completed),
          ...Object.values(progress.periods ?? {}).flatMap((byKey) => Object.values(byKey)),
        ])
          ledger.push({ address, points: c.points, at: Date.parse(c.at) });
      }
      const range = leaderboardPeriod(campaigns.get(campaignId) ?? {}, period, now());
      let page: ReturnType<typeof pageOfStandings>;
      try {
        page = pageOfStandings(standingsOf(ledger, range), {
          period,
          limit,
          ...(range ? { key: range.key } : {}),
          ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
          ...(query.address ? { address: query.address } : {}),
        });
      } catch (error) {
        throw new QuestError('BAD_REQUEST', (error as Error).message, { cause: error });
      }
      return {
        period,
        ...(range
          ? {
              key: range.key,
              start: new Date(range.start).toISOString(),
              end: new Date(range.end).toISOString(),
            }
          : {}),
        ...page,
      };
    },

    async credentials(): Promise<Credential[]> {
      return [];
    },

    async bindReferral(request) {
      const campaign = needWallet(request);
      return (await referralsOf()).bind(campaign, request.address, request.code);
    },

    async referrals(request) {
      const campaign = needWallet(request);
      return (await referralsOf()).overview(campaign, request.address);
    },

    subscribe(campaignId, address, listener) {
      if (typeof window === 'undefined' || storage !== globalThis.localStorage) return () => {};
      const key = progressStorageKey(campaignId, address);
      const onStorage = (event: StorageEvent) => {
        if (event.key === key) listener(read(campaignId, address));
      };
      window.addEventListener('storage', onStorage);
      return () => window.removeEventListener('storage', onStorage);
    },
  };
}
