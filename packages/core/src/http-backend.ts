import type {
  ClaimRequest,
  ClaimResult,
  LeaderboardPage,
  QuestBackend,
  Session,
  SignInRequest,
  TokenProof,
  VerifyRequest,
  VerifyResult,
} from './backends/backend.js';
import type {
  ClaimResponse,
  CredentialsResponse,
  LeaderboardResponse,
  NonceResponse,
  ProgressResponse,
  ReferralBindResponse,
  ReferralsResponse,
  SessionResponse,
  TokenProofResponse,
  VerifyBody,
  VerifyResponse,
} from './backends/protocol.js';
import type { Address, Campaign } from './campaign/campaign.js';
import { parseCampaignLazily } from './campaign/schema.js';
import type { Credential } from './credential.js';
import { QuestError, type QuestErrorCode, type QuestErrorJSON } from './errors.js';
import { emptyProgress, type Progress } from './ladder/progress.js';
import { randomHex } from './random.js';

export interface HttpBackendOptions {
  /** Base URL of a server speaking the Questboard protocol, e.g. `https://quests.example/api`. */
  endpoint: string;
  /** Sent with sign-in so the server checks the SIWE domain against this campaign's origins. */
  campaignId?: string;
  fetch?: typeof fetch;
  /** Per attempt, ms (default 10 000). */
  timeoutMs?: number;
  /** Extra attempts for idempotent calls (default 2). */
  retries?: number;
  /** First backoff delay, ms (default 300; doubled each retry, with jitter; `Retry-After` wins). */
  retryDelayMs?: number;
  /** Longest wait between attempts, ms (default 10 000). */
  maxRetryDelayMs?: number;
}

interface CallOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  /** Whether repeating the call is safe (GETs, and POSTs carrying an Idempotency-Key). */
  idempotent: boolean;
  signal?: AbortSignal;
  /** Statuses that are answers, not errors (e.g. 304). */
  accept?: number[];
}

const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

const randomKey = () => randomHex(16);

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

const toSession = (s: SessionResponse): Session => ({
  address: s.address,
  chainId: s.chainId,
  token: s.token,
  expiresAt: s.expiresAt,
});

const toProgress = (p: Progress): Progress => ({
  campaignId: p.campaignId,
  address: p.address,
  completed: p.completed,
  ...(p.periods ? { periods: p.periods } : {}),
  claimed: p.claimed,
  // The saved segments the campaign's tiers name that the wallet is in (segment-gated tiers).
  ...(Array.isArray(p.segments)
    ? { segments: p.segments.filter((s): s is string => typeof s === 'string') }
    : {}),
});

/**
 * A `QuestBackend` over the Questboard HTTP protocol (the reference server, or any server that
 * speaks it): bearer sessions from Sign-In with Ethereum, per-attempt timeouts, retries with
 * exponential backoff for idempotent calls (verify and claim carry an `Idempotency-Key`, so
 * a retry never counts twice), ETag revalidation of campaigns, and typed `QuestError`s.
 */
export function httpBackend(
  options: HttpBackendOptions,
): QuestBackend & Required<Pick<QuestBackend, 'leaderboard'>> {
  const base = options.endpoint.replace(/\/+$/, '');
  const doFetch =
    options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retries = options.retries ?? 2;
  const retryDelay = options.retryDelayMs ?? 300;
  const maxDelay = options.maxRetryDelayMs ?? 10_000;
  const campaignCache = new Map<string, { etag: string; campaign: Campaign }>();

  async function attempt(
    url: string,
    call: CallOptions,
  ): Promise<{ status: number; headers: Headers; body: unknown }> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onAbort = () => controller.abort(call.signal?.reason);
    call.signal?.addEventListener('abort', onAbort, { once: true });
    const headers: Record<string, string> = { accept: 'application/json', ...call.headers };
    if (call.token) headers.authorization = `Bearer ${call.token}`;
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    try {
      const response = await doFetch(url, {
        method: call.method ?? 'GET',
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: controller.signal,
      });
      const text = await response.text();
      let body: unknown = null;
      if (text) {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      return { status: response.status, headers: response.headers, body };
    } catch (error) {
      if (call.signal?.aborted) throw call.signal.reason ?? error;
      if (timedOut)
        throw new QuestError('TIMEOUT', 'The server took too long to answer.', {
          details: `no answer from ${url} within ${timeoutMs} ms`,
          retryable: true,
          cause: error,
        });
      throw new QuestError(
        'NETWORK',
        'The server cannot be reached. Check your connection and try again.',
        {
          details: `${url}: ${(error as Error)?.message ?? error}`,
          retryable: true,
          cause: error,
        },
      );
    } finally {
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', onAbort);
    }
  }

  function errorFrom(status: number, headers: Headers, body: unknown, url: string): QuestError {
    const json = (body as { error?: QuestErrorJSON } | null)?.error;
    const header = headers.get('retry-after');
    const retryAfter =
      json?.retryAfter ?? (header && /^\d+$/.test(header) ? Number(header) : undefined);
    if (json && typeof json.code === 'string' && typeof json.message === 'string') {
      return new QuestError(json.code as QuestErrorCode, json.message, {
        ...(json.details ? { details: json.details } : {}),
        ...(json.issues ? { issues: json.issues } : {}),
        retryable: json.retryable ?? RETRY_STATUSES.has(status),
        ...(retryAfter !== undefined ? { retryAfter } : {}),
      });
    }
    return new QuestError(
      status >= 500 ? 'SERVER' : 'BAD_REQUEST',
      `The server answered HTTP ${status}.`,
      {
        details: `${url}: ${typeof body === 'string' ? body.slice(0, 200) : 'no error body'}`,
        retryable: RETRY_STATUSES.has(status),
        ...(retryAfter !== undefined ? { retryAfter } : {}),
      },
    );
  }

  async function request<T>(
    path: string,
    call: CallOptions,
  ): Promise<{ status: number; body: T; headers: Headers }> {
    const url = /^https?:\/\//.test(path) ? path : `${base}${path}`;
    const attempts = call.idempotent ? retries + 1 : 1;
    let last: QuestError | undefined;
    for (let i = 0; i < attempts; i++) {
      if (i > 0) {
        const backoff = Math.min(
          maxDelay,
          retryDelay * 2 ** (i - 1) * (0.75 + Math.random() * 0.5),
        );
        const wait =
          last?.retryAfter !== undefined ? Math.min(maxDelay, last.retryAfter * 1000) : backoff;
        await sleep(wait, call.signal);
      }
      try {
        const { status, headers, body } = await attempt(url, call);
        if ((status >= 200 && status < 300) || call.accept?.includes(status))
          return { status, body: body as T, headers };
        last = errorFrom(status, headers, body, url);
      } catch (error) {
        if (!(error instanceof QuestError)) throw error;
        last = error;
      }
      if (!last.retryable) throw last;
    }
    throw last!;
  }

  function requireSession(session: Session | null | undefined): Session {
    if (!session?.token)
      throw new QuestError('SIGN_IN_REQUIRED', 'Sign in with your wallet first.');
    return session;
  }

  const seg = encodeURIComponent;

  return {
    // The server records progress only for a signed-in wallet: the board signs in before
    // verify/claim. A token the server no longer knows answers 401 SESSION_EXPIRED.
    needs: { signIn: true },

    async loadCampaign(ref, opts) {
      if (typeof ref !== 'string') return parseCampaignLazily(ref);
      const path = /^https?:\/\//.test(ref) ? ref : `/campaigns/${seg(ref)}`;
      const cached = campaignCache.get(path);
      const { status, body, headers } = await request<unknown>(path, {
        idempotent: true,
        signal: opts?.signal,
        accept: [304],
        ...(cached ? { headers: { 'if-none-match': cached.etag } } : {}),
      });
      if (status === 304 && cached) return cached.campaign;
      const campaign = await parseCampaignLazily(body);
      const etag = headers.get('etag');
      if (etag) campaignCache.set(path, { etag, campaign });
      return campaign;
    },

    async getProgress(campaignId, address) {
      if (!address) return emptyProgress(campaignId);
      const { body } = await request<ProgressResponse>(
        `/campaigns/${seg(campaignId)}/progress/${seg(address)}`,
        {
          idempotent: true,
        },
      );
      return toProgress(body);
    },

    async verify(req: VerifyRequest): Promise<VerifyResult> {
      const session = requireSession(req.session);
      const { body } = await request<VerifyResponse>(
        `/campaigns/${seg(req.campaignId)}/tasks/${seg(req.taskId)}/verify`,
        {
          method: 'POST',
          token: session.token,
          body: {
            ...(req.input !== undefined ? { input: req.input } : {}),
            ...(req.chainId !== undefined ? { chainId: req.chainId } : {}),
          } satisfies VerifyBody,
          headers: { 'idempotency-key': req.idempotencyKey ?? randomKey() },
          idempotent: true,
          signal: req.signal,
        },
      );
      if (body.ok)
        return {
          ok: true,
          progress: toProgress(body.progress),
          ...(body.credential ? { credential: body.credential } : {}),
        };
      return {
        ok: false,
        code: body.code,
        reason: body.reason,
        ...(body.current !== undefined ? { current: body.current } : {}),
        ...(body.target !== undefined ? { target: body.target } : {}),
        ...(body.retryAfter !== undefined ? { retryAfter: body.retryAfter } : {}),
      };
    },

    async claim(req: ClaimRequest): Promise<ClaimResult> {
      const session = requireSession(req.session);
      const { body } = await request<ClaimResponse>(
        `/campaigns/${seg(req.campaignId)}/tiers/${seg(req.tierId)}/claim`,
        {
          method: 'POST',
          token: session.token,
          body: {},
          headers: { 'idempotency-key': req.idempotencyKey ?? randomKey() },
          idempotent: true,
          signal: req.signal,
        },
      );
      return {
        progress: toProgress(body.progress),
        firstClaim: body.firstClaim,
        ...(body.delivery ? { delivery: body.delivery } : {}),
      };
    },

    async tokenProof(campaignId, tierId, address, opts): Promise<TokenProof | undefined> {
      const path = `/campaigns/${seg(campaignId)}/tiers/${seg(tierId)}/proof/${seg(address)}`;
      const { status, body, headers } = await request<TokenProofResponse | unknown>(path, {
        idempotent: true,
        accept: [404],
        signal: opts?.signal,
      });
      if (status === 404) {
        // Not in a closed round yet: an answer. An unknown campaign or tier is an error.
        const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
        if (code === 'NOT_FOUND') return undefined;
        throw errorFrom(status, headers, body, `${base}${path}`);
      }
      return body as TokenProof;
    },

    async getNonce() {
      // A lost answer only leaves an unused nonce behind: safe to repeat.
      const { body } = await request<NonceResponse>('/auth/nonce', {
        method: 'POST',
        idempotent: true,
      });
      return body.nonce;
    },

    async signIn(req: SignInRequest) {
      // Never repeated: the first attempt may have used the nonce up.
      const { body } = await request<SessionResponse>('/auth/verify', {
        method: 'POST',
        body: {
          message: req.message,
          signature: req.signature,
          ...(options.campaignId ? { campaignId: options.campaignId } : {}),
        },
        idempotent: false,
      });
      return toSession(body);
    },

    async checkSession(session) {
      try {
        await request('/auth/session', { token: session.token, idempotent: true });
        return true;
      } catch (error) {
        if (
          error instanceof QuestError &&
          (error.code === 'SIGN_IN_REQUIRED' || error.code === 'SESSION_EXPIRED')
        )
          return false;
        return true; // offline or failing: unknown, the next call tells
      }
    },

    async signOut(session) {
      try {
        await request('/auth/signout', { method: 'POST', token: session.token, idempotent: true });
      } catch (error) {
        // Already signed out or expired: the goal is reached.
        if (
          !(
            error instanceof QuestError &&
            (error.code === 'SIGN_IN_REQUIRED' || error.code === 'SESSION_EXPIRED')
          )
        )
          throw error;
      }
    },

    async leaderboard(campaignId, query = {}): Promise<LeaderboardPage> {
      const params = new URLSearchParams();
      if (query.period !== undefined) params.set('period', query.period);
      if (query.cursor !== undefined) params.set('cursor', query.cursor);
      if (query.limit !== undefined) params.set('limit', String(query.limit));
      if (query.address !== undefined) params.set('address', query.address);
      const qs = params.size ? `?${params}` : '';
      const { body } = await request<LeaderboardResponse>(
        `/campaigns/${seg(campaignId)}/leaderboard${qs}`,
        { idempotent: true, ...(query.signal ? { signal: query.signal } : {}) },
      );
      return body;
    },

    async bindReferral(req) {
      const session = requireSession(req.session);
      // Binding is idempotent by itself: the same code again answers the same binding.
      const { body } = await request<ReferralBindResponse>(
        `/campaigns/${seg(req.campaignId)}/referral`,
        {
          method: 'POST',
          token: session.token,
          body: { code: req.code },
          idempotent: true,
          signal: req.signal,
        },
      );
      return body;
    },

    async referrals(req) {
      const session = requireSession(req.session);
      const { body } = await request<ReferralsResponse>(
        `/campaigns/${seg(req.campaignId)}/referrals`,
        { token: session.token, idempotent: true, signal: req.signal },
      );
      return body;
    },

    async credentials(address: Address): Promise<Credential[]> {
      const { body } = await request<CredentialsResponse>(`/credentials/${seg(address)}`, {
        idempotent: true,
      });
      return body.credentials;
    },
  };
}
