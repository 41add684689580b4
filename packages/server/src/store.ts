import {
  type Address,
  addCompletion,
  type Campaign,
  type Credential,
  type Progress,
} from '@questboard/core';
import type { Queryable } from './db.js';
import { EVENT_COLUMNS, type EventInput, eventValues } from './events.js';

/** Storage queries. Every function takes the database or an open transaction. */

export interface CampaignRow {
  campaign: Campaign;
  etag: string;
  archived: boolean;
  updatedAt: string;
}

const iso = (v: unknown) => (v instanceof Date ? v : new Date(String(v))).toISOString();
const parseJson = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

export async function getCampaign(q: Queryable, id: string): Promise<CampaignRow | null> {
  const rows = await q.query<{
    body: unknown;
    etag: string;
    archived: boolean;
    updated_at: unknown;
  }>('SELECT body, etag, archived, updated_at FROM campaigns WHERE id = $1', [id]);
  const row = rows[0];
  if (!row) return null;
  return {
    campaign: parseJson<Campaign>(row.body),
    etag: row.etag,
    archived: row.archived,
    updatedAt: iso(row.updated_at),
  };
}

export async function listCampaigns(q: Queryable, includeArchived: boolean) {
  const rows = await q.query<{ id: string; title: string; archived: boolean; updated_at: unknown }>(
    `SELECT id, body->>'title' AS title, archived, updated_at FROM campaigns
     ${includeArchived ? '' : 'WHERE NOT archived'} ORDER BY id`,
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    archived: r.archived,
    updatedAt: iso(r.updated_at),
  }));
}

/** Origins of every live campaign (for CORS on routes that are not campaign-specific). */
export async function allOrigins(q: Queryable): Promise<string[]> {
  const rows = await q.query<{ origin: string }>(
    `SELECT DISTINCT jsonb_array_elements_text(COALESCE(body->'origins', '[]'::jsonb)) AS origin
     FROM campaigns WHERE NOT archived`,
  );
  return rows.map((r) => r.origin);
}

export async function insertCampaign(
  q: Queryable,
  campaign: Campaign,
  etag: string,
): Promise<boolean> {
  const rows = await q.query(
    'INSERT INTO campaigns (id, body, etag) VALUES ($1, $2::jsonb, $3) ON CONFLICT (id) DO NOTHING RETURNING id',
    [campaign.id, JSON.stringify(campaign), etag],
  );
  return rows.length === 1;
}

export async function updateCampaign(
  q: Queryable,
  campaign: Campaign,
  etag: string,
): Promise<boolean> {
  const rows = await q.query(
    'UPDATE campaigns SET body = $2::jsonb, etag = $3, updated_at = now() WHERE id = $1 RETURNING id',
    [campaign.id, JSON.stringify(campaign), etag],
  );
  return rows.length === 1;
}

export async function setArchived(q: Queryable, id: string, archived: boolean): Promise<boolean> {
  const rows = await q.query(
    'UPDATE campaigns SET archived = $2, updated_at = now() WHERE id = $1 RETURNING id',
    [id, archived],
  );
  return rows.length === 1;
}

// --- nonces and sessions -----------------------------------------------------------------

export async function insertNonce(
  q: Queryable,
  nonce: string,
  ttlSeconds: number,
): Promise<string> {
  const rows = await q.query<{ expires_at: unknown }>(
    `INSERT INTO nonces (nonce, expires_at) VALUES ($1, now() + make_interval(secs => $2)) RETURNING expires_at`,
    [nonce, ttlSeconds],
  );
  return iso(rows[0]!.expires_at);
}

/** Deletes an unexpired nonce and says whether it was there: each nonce works once. */
export async function consumeNonce(q: Queryable, nonce: string): Promise<boolean> {
  const rows = await q.query(
    'DELETE FROM nonces WHERE nonce = $1 AND expires_at > now() RETURNING nonce',
    [nonce],
  );
  return rows.length === 1;
}

export interface SessionRow {
  address: Address;
  chainId: number;
  expiresAt: string;
}

export async function insertSession(
  q: Queryable,
  s: { tokenHash: string; address: Address; chainId: number; domain: string; expiresAt: string },
): Promise<void> {
  await q.query(
    'INSERT INTO sessions (token_hash, address, chain_id, domain, expires_at) VALUES ($1, $2, $3, $4, $5)',
    [s.tokenHash, s.address, s.chainId, s.domain, s.expiresAt],
  );
}

export async function findSession(q: Queryable, tokenHash: string): Promise<SessionRow | null> {
  const rows = await q.query<{ address: Address; chain_id: number; expires_at: unknown }>(
    'SELECT address, chain_id, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > now()',
    [tokenHash],
  );
  const row = rows[0];
  return row
    ? { address: row.address, chainId: row.chain_id, expiresAt: iso(row.expires_at) }
    : null;
}

export async function deleteSession(q: Queryable, tokenHash: string): Promise<boolean> {
  const rows = await q.query('DELETE FROM sessions WHERE token_hash = $1 RETURNING token_hash', [
    tokenHash,
  ]);
  return rows.length === 1;
}

// --- progress -----------------------------------------------------------------------------

export async function loadProgress(
  q: Queryable,
  campaignId: string,
  address: Address,
): Promise<Progress> {
  const rows = await q.query<ProgressRow>(
    `SELECT 'task' AS kind, task_id AS id, period, points, completed_at AS at FROM completions
       WHERE campaign_id = $1 AND address = $2
     UNION ALL
     SELECT 'tier', tier_id, '', NULL, claimed_at FROM claims WHERE campaign_id = $1 AND address = $2`,
    [campaignId, address],
  );
  return progressOf(campaignId, address, rows);
}

/** A progress row: a completion (`task`) or a claim (`tier`); `kind` null stands for none. */
interface ProgressRow {
  kind: 'task' | 'tier' | null;
  id: string;
  period: string;
  points: number | null;
  at: unknown;
}

function progressOf(campaignId: string, address: Address, rows: readonly ProgressRow[]): Progress {
  const progress: Progress = { campaignId, address, completed: {}, claimed: {} };
  for (const r of rows) {
    if (r.kind === 'tier') progress.claimed[r.id] = { at: iso(r.at) };
    else if (r.kind === 'task')
      addCompletion(progress, r.id, r.period, { at: iso(r.at), points: r.points ?? 0 });
  }
  return progress;
}

/** Completions of a task by everyone: in `period` and in total (for its `claimLimit`). */
export async function countCompletions(
  q: Queryable,
  campaignId: string,
  taskId: string,
  period: string,
): Promise<{ period: number; total: number }> {
  const rows = await q.query<{ period: number; total: number }>(
    `SELECT count(*) FILTER (WHERE period = $3)::int AS period, count(*)::int AS total
       FROM completions WHERE campaign_id = $1 AND task_id = $2`,
    [campaignId, taskId, period],
  );
  return rows[0] ?? { period: 0, total: 0 };
}

/**
 * Serialises completions of one task (inside a transaction) so its `claimLimit` counts cannot
 * race: a transaction-scoped advisory lock on the campaign and task.
 */
export async function lockTask(q: Queryable, campaignId: string, taskId: string): Promise<void> {
  await q.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [campaignId, taskId]);
}

/** When this address's last check of the task failed (Unix ms), for its `retryAfter`. */
export async function lastFailure(
  q: Queryable,
  campaignId: string,
  taskId: string,
  address: Address,
): Promise<number | undefined> {
  const rows = await q.query<{ at: unknown }>(
    'SELECT failed_at AS at FROM check_failures WHERE campaign_id = $1 AND task_id = $2 AND address = $3',
    [campaignId, taskId, address],
  );
  return rows[0] ? Date.parse(iso(rows[0].at)) : undefined;
}

export async function recordFailure(
  q: Queryable,
  campaignId: string,
  taskId: string,
  address: Address,
  at: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO check_failures (campaign_id, task_id, address, failed_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (campaign_id, task_id, address) DO UPDATE SET failed_at = EXCLUDED.failed_at`,
    [campaignId, taskId, address, at.toISOString()],
  );
}

export async function pointsOf(
  q: Queryable,
  campaignId: string,
  address: Address,
): Promise<number> {
  const rows = await q.query<{ points: number }>(
    'SELECT points FROM points_totals WHERE campaign_id = $1 AND address = $2',
    [campaignId, address],
  );
  return rows[0]?.points ?? 0;
}

/** A completion to record, with everything its statement writes beside it. */
export interface CompletionInput {
  campaignId: string;
  taskId: string;
  address: Address;
  points: number;
  /** `''` for tasks done once; a scheduled task's period key (computed by the server). */
  period: string;
  input: string | null;
  at: Date;
  /** Stored as opaque JSON; its uid and issuer are given beside it. */
  credential: Credential;
  credentialUid: string;
  issuer: string;
  /** Events of this completion (task_verified, tier_unlocked, …): written only when it is. */
  events?: readonly EventInput[];
}

/**
 * Records a completion exactly once, in one statement (one atomic transaction, one round trip):
 * the UNIQUE (campaign, task, address, period) constraint decides; only when the completion row
 * is inserted do the data-modifying CTEs append to the ledger, move the total and store the
 * credential. Returns false when it was already recorded (nothing else changes then).
 */
export async function insertCompletion(q: Queryable, c: CompletionInput): Promise<boolean> {
  return (await recordCompletion(q, c)).inserted;
}

/** An answer to store for (scope, Idempotency-Key), with the hash of the request it answers. */
export interface IdempotentAnswer {
  scope: string;
  key: string;
  requestHash: string;
  status: number;
  body: unknown;
  /** `body` already serialized (`JSON.stringify(body)`), so it is serialized once. */
  json?: string;
}

/**
 * `insertCompletion` that also stores `answer` for an Idempotency-Key in the same statement,
 * only when the completion is inserted (a verify's completion and its stored answer are then
 * one atomic write; a failure stores neither). Says whether each was written: `inserted` false means
 * the completion was recorded before (nothing changed, no answer stored); `answered` false
 * with `inserted` true means another answer was already stored for that key (keep that one).
 */
export async function recordCompletion(
  q: Queryable,
  c: CompletionInput,
  answer?: IdempotentAnswer,
): Promise<{ inserted: boolean; answered: boolean }> {
  const events = (c.events ?? []).map(eventValues);
  // The answer's parameter ($24) is text by its first cast: `answer` keeps it verbatim, `body`
  // parses it (a bare `$24::jsonb` first would make it jsonb, and `answer` jsonb's rendering).
  const rows = await q.query<{ id: string | number; answered: boolean }>(
    `WITH completion AS (
       INSERT INTO completions (campaign_id, task_id, address, points, input, completed_at, period)
       VALUES ($1, $2, $3, $4, $5, $6, $10)
       ON CONFLICT (campaign_id, task_id, address, period) DO NOTHING
       RETURNING id
     ), ledger AS (
       INSERT INTO points_ledger (campaign_id, address, delta, reason, completion_id)
       SELECT $1, $3, $4, 'task:' || $2, id FROM completion
     ), total AS (
       INSERT INTO points_totals (campaign_id, address, points, updated_at)
       SELECT $1, $3, $4, $6 FROM completion
       ON CONFLICT (campaign_id, address) DO UPDATE
         SET points = points_totals.points + EXCLUDED.points, updated_at = EXCLUDED.updated_at
     ), credential AS (
       INSERT INTO credentials (uid, campaign_id, task_id, address, issuer, issued_at, body, period)
       SELECT $7, $1, $2, $3, $8, $6, $9::jsonb, $10 FROM completion
     ), logged AS (
       INSERT INTO events (${EVENT_COLUMNS})
       SELECT e.* FROM completion, unnest($11::text[], $12::text[], $13::text[], $14::text[],
         $15::text[], $16::text[], $17::text[], $18::jsonb[], $19::timestamptz[]) AS e
       ON CONFLICT (campaign_id, tier_id, address) WHERE type = 'tier_unlocked' DO NOTHING
     ), answer AS (
       INSERT INTO idempotency_keys (scope, key, request_hash, status, body, answer)
       SELECT $20::text, $21::text, $22::text, $23::integer, $24::text::jsonb, $24::text FROM completion
         WHERE $21::text IS NOT NULL
       ON CONFLICT (scope, key) DO NOTHING RETURNING key
     )
     SELECT id, EXISTS (SELECT 1 FROM answer) AS answered FROM completion`,
    [
      c.campaignId,
      c.taskId,
      c.address,
      c.points,
      c.input,
      c.at.toISOString(),
      c.credentialUid,
      c.issuer,
      JSON.stringify(c.credential),
      c.period,
      ...Array.from({ length: 9 }, (_, i) => events.map((e) => e[i])),
      answer?.scope ?? null,
      answer?.key ?? null,
      answer?.requestHash ?? null,
      answer?.status ?? null,
      answer ? (answer.json ?? JSON.stringify(answer.body)) : null,
    ],
  );
  const row = rows[0];
  return { inserted: row !== undefined, answered: row?.answered === true };
}

export async function insertClaim(
  q: Queryable,
  campaignId: string,
  tierId: string,
  address: Address,
): Promise<boolean> {
  const rows = await q.query(
    `INSERT INTO claims (campaign_id, tier_id, address) VALUES ($1, $2, $3)
     ON CONFLICT (campaign_id, tier_id, address) DO NOTHING RETURNING tier_id`,
    [campaignId, tierId, address],
  );
  return rows.length === 1;
}

// --- credentials --------------------------------------------------------------------------

export async function credentialFor(
  q: Queryable,
  campaignId: string,
  taskId: string,
  address: Address,
  period = '',
): Promise<Credential | undefined> {
  const rows = await q.query<{ body: unknown }>(
    `SELECT body FROM credentials WHERE campaign_id = $1 AND task_id = $2 AND address = $3 AND period = $4`,
    [campaignId, taskId, address, period],
  );
  return rows[0] ? parseJson<Credential>(rows[0].body) : undefined;
}

export interface CredentialFilter {
  campaignId?: string;
  taskId?: string;
  /** Leave out credentials this server revoked (what `credential` rules see). */
  excludeRevoked?: boolean;
  /** Cursor: the `next` of the previous page. */
  after?: { issuedAt: string; uid: string };
  limit: number;
}

/** One page of a wallet's credentials, oldest first; `more` when another page follows. */
export async function credentialsOf(
  q: Queryable,
  address: Address,
  filter: CredentialFilter,
): Promise<{ credentials: Credential[]; last?: { issuedAt: string; uid: string }; more: boolean }> {
  const where = ['address = $1'];
  const params: unknown[] = [address];
  if (filter.campaignId !== undefined) {
    params.push(filter.campaignId);
    where.push(`campaign_id = $${params.length}`);
  }
  if (filter.taskId !== undefined) {
    params.push(filter.taskId);
    where.push(`task_id = $${params.length}`);
  }
  if (filter.excludeRevoked) where.push('uid NOT IN (SELECT uid FROM revocations)');
  if (filter.after) {
    params.push(filter.after.issuedAt, filter.after.uid);
    where.push(`(issued_at, uid) > ($${params.length - 1}::timestamptz, $${params.length})`);
  }
  params.push(filter.limit + 1);
  const rows = await q.query<{ body: unknown; issued_at: unknown; uid: string }>(
    `SELECT body, issued_at, uid FROM credentials WHERE ${where.join(' AND ')}
     ORDER BY issued_at, uid LIMIT $${params.length}`,
    params,
  );
  const more = rows.length > filter.limit;
  const page = rows.slice(0, filter.limit);
  const tail = page.at(-1);
  return {
    credentials: page.map((r) => parseJson<Credential>(r.body)),
    ...(tail ? { last: { issuedAt: iso(tail.issued_at), uid: tail.uid } } : {}),
    more,
  };
}

// --- revocations --------------------------------------------------------------------------

export interface RevocationRow {
  uid: string;
  revokedAt: string;
  reason?: string;
}

/** Revokes a credential this server issued: null when the uid is unknown, else the revocation (first or earlier). */
export async function revokeCredential(
  q: Queryable,
  uid: string,
  reason: string | null,
): Promise<{ revocation: RevocationRow; first: boolean } | null> {
  const rows = await q.query<{
    uid: string;
    revoked_at: unknown;
    reason: string | null;
    first: boolean;
  }>(
    `WITH known AS (SELECT uid FROM credentials WHERE uid = $1),
     inserted AS (
       INSERT INTO revocations (uid, reason) SELECT uid, $2 FROM known
       ON CONFLICT (uid) DO NOTHING RETURNING uid, revoked_at, reason
     )
     SELECT uid, revoked_at, reason, true AS first FROM inserted
     UNION ALL
     SELECT r.uid, r.revoked_at, r.reason, false FROM revocations r
       WHERE r.uid = $1 AND NOT EXISTS (SELECT 1 FROM inserted)`,
    [uid, reason],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    revocation: {
      uid: row.uid,
      revokedAt: iso(row.revoked_at),
      ...(row.reason ? { reason: row.reason } : {}),
    },
    first: row.first,
  };
}

/** Which of these uids this server revoked (the rest are not revoked). */
export async function revocationsOf(
  q: Queryable,
  uids: readonly string[],
): Promise<RevocationRow[]> {
  if (!uids.length) return [];
  const rows = await q.query<{ uid: string; revoked_at: unknown; reason: string | null }>(
    'SELECT uid, revoked_at, reason FROM revocations WHERE uid = ANY($1::text[]) ORDER BY uid',
    [uids.map((u) => u.toLowerCase())],
  );
  return rows.map((r) => ({
    uid: r.uid,
    revokedAt: iso(r.revoked_at),
    ...(r.reason ? { reason: r.reason } : {}),
  }));
}

/** One page of revocations, oldest first. */
export async function listRevocations(
  q: Queryable,
  after: { revokedAt: string; uid: string } | undefined,
  limit: number,
): Promise<{ revocations: RevocationRow[]; more: boolean }> {
  const rows = await q.query<{ uid: string; revoked_at: unknown; reason: string | null }>(
    `SELECT uid, revoked_at, reason FROM revocations
     ${after ? 'WHERE (revoked_at, uid) > ($2::timestamptz, $3)' : ''}
     ORDER BY revoked_at, uid LIMIT $1`,
    after ? [limit + 1, after.revokedAt, after.uid] : [limit + 1],
  );
  return {
    revocations: rows.slice(0, limit).map((r) => ({
      uid: r.uid,
      revokedAt: iso(r.revoked_at),
      ...(r.reason ? { reason: r.reason } : {}),
    })),
    more: rows.length > limit,
  };
}

// --- issuer endpoints (partner servers) ---------------------------------------------------

export async function listIssuerEndpoints(q: Queryable): Promise<Record<string, string>> {
  const rows = await q.query<{ issuer: string; endpoint: string }>(
    'SELECT issuer, endpoint FROM issuer_endpoints ORDER BY issuer',
  );
  return Object.fromEntries(rows.map((r) => [r.issuer, r.endpoint]));
}

export async function putIssuerEndpoint(
  q: Queryable,
  issuer: string,
  endpoint: string,
): Promise<boolean> {
  const rows = await q.query<{ created: boolean }>(
    `INSERT INTO issuer_endpoints (issuer, endpoint) VALUES ($1, $2)
     ON CONFLICT (issuer) DO UPDATE SET endpoint = EXCLUDED.endpoint, updated_at = now()
     RETURNING (xmax = 0) AS created`,
    [issuer, endpoint],
  );
  return rows[0]!.created;
}

export async function deleteIssuerEndpoint(q: Queryable, issuer: string): Promise<boolean> {
  const rows = await q.query('DELETE FROM issuer_endpoints WHERE issuer = $1 RETURNING issuer', [
    issuer,
  ]);
  return rows.length === 1;
}

// --- funnel (the leaderboard: store-leaderboard.ts) ---------------------------------------------------------------

/** Every completion and claim of a campaign, grouped by address (for the funnel). */
export async function campaignActivity(q: Queryable, campaignId: string) {
  const [completions, claims] = await Promise.all([
    q.query<{
      address: Address;
      task_id: string;
      period: string;
      points: number;
      completed_at: unknown;
    }>(
      'SELECT address, task_id, period, points, completed_at FROM completions WHERE campaign_id = $1',
      [campaignId],
    ),
    q.query<{ address: Address; tier_id: string; claimed_at: unknown }>(
      'SELECT address, tier_id, claimed_at FROM claims WHERE campaign_id = $1',
      [campaignId],
    ),
  ]);
  const byAddress = new Map<Address, Progress>();
  const get = (address: Address) => {
    let p = byAddress.get(address);
    if (!p) {
      p = { campaignId, address, completed: {}, claimed: {} };
      byAddress.set(address, p);
    }
    return p;
  };
  for (const c of completions) {
    const done = { at: iso(c.completed_at), points: c.points };
    const p = get(c.address);
    // Scheduled tasks are stored per period (the ladder counts them done in any period).
    if (c.period === '') p.completed[c.task_id] = done;
    else {
      p.periods ??= {};
      p.periods[c.task_id] ??= {};
      p.periods[c.task_id]![c.period] = done;
    }
  }
  for (const c of claims) get(c.address).claimed[c.tier_id] = { at: iso(c.claimed_at) };
  return byAddress;
}

// --- idempotency and rate limits ----------------------------------------------------------

export interface StoredAnswerRow {
  requestHash: string;
  status: number;
  /** The answer's JSON exactly as it was first sent (`answer`; jsonb's rendering of `body`
   * for rows stored without it). */
  body: string;
}

const answerOf = (row: { request_hash: string | null; status: number | null; body: unknown }) =>
  row.request_hash === null
    ? null
    : {
        requestHash: row.request_hash,
        status: row.status ?? 0,
        body: typeof row.body === 'string' ? row.body : JSON.stringify(row.body),
      };

export async function findIdempotent(
  q: Queryable,
  scope: string,
  key: string,
): Promise<StoredAnswerRow | null> {
  const rows = await q.query<{ request_hash: string; status: number; body: unknown }>(
    `SELECT request_hash, status, COALESCE(answer, body::text) AS body FROM idempotency_keys
     WHERE scope = $1 AND key = $2`,
    [scope, key],
  );
  return rows[0] ? answerOf(rows[0]) : null;
}

/**
 * A session and, in the same statement, the answer stored for an Idempotency-Key of that
 * session's wallet: the key's scope is the session's address followed by `scopeSuffix`.
 * Null when the token is unknown or expired.
 */
export async function findSessionWithAnswer(
  q: Queryable,
  tokenHash: string,
  scopeSuffix: string,
  key: string,
  progressCampaignId?: string,
): Promise<{
  session: SessionRow;
  answer: StoredAnswerRow | null;
  /** The wallet's progress in `progressCampaignId`, when asked for and no answer is stored. */
  progress?: Progress;
} | null> {
  // The progress rows come in the same statement (one row per completion and claim, the
  // session's columns repeated), only when no answer is stored: a replay needs none.
  const rows = await q.query<
    {
      address: Address;
      chain_id: number;
      expires_at: unknown;
      request_hash: string | null;
      status: number | null;
      body: unknown;
    } & ProgressRow
  >(
    `SELECT s.address, s.chain_id, s.expires_at, i.request_hash, i.status,
       COALESCE(i.answer, i.body::text) AS body,
       p.kind, p.id, p.period, p.points, p.at
     FROM sessions s
     LEFT JOIN idempotency_keys i ON i.scope = s.address || $2 AND i.key = $3
     LEFT JOIN LATERAL (
       SELECT 'task' AS kind, task_id AS id, period, points, completed_at AS at FROM completions
         WHERE campaign_id = $4 AND address = s.address
       UNION ALL
       SELECT 'tier', tier_id, '', NULL, claimed_at FROM claims
         WHERE campaign_id = $4 AND address = s.address
     ) p ON i.key IS NULL
     WHERE s.token_hash = $1 AND s.expires_at > now()`,
    [tokenHash, scopeSuffix, key, progressCampaignId ?? null],
  );
  const row = rows[0];
  if (!row) return null;
  const answer = answerOf(row);
  return {
    session: { address: row.address, chainId: row.chain_id, expiresAt: iso(row.expires_at) },
    answer,
    ...(progressCampaignId !== undefined && !answer
      ? { progress: progressOf(progressCampaignId, row.address, rows) }
      : {}),
  };
}

/**
 * Stores the first answer for a key, or returns the one stored before, in one statement:
 * `'stored'` when this call stored it, else the earlier answer. `'raced'` (rare) when a
 * concurrent request stored one after this statement's snapshot was taken: read it with
 * `findIdempotent`.
 */
export async function saveIdempotent(
  q: Queryable,
  scope: string,
  key: string,
  requestHash: string,
  status: number,
  /** The answer's JSON text, stored verbatim (and parsed into `body`). */
  json: string,
): Promise<'stored' | 'raced' | StoredAnswerRow> {
  const rows = await q.query<{
    stored: boolean;
    request_hash: string | null;
    status: number | null;
    body: unknown;
  }>(
    `WITH inserted AS (
       INSERT INTO idempotency_keys (scope, key, request_hash, status, body, answer)
       VALUES ($1, $2, $3, $4, $5::text::jsonb, $5::text)
       ON CONFLICT (scope, key) DO NOTHING RETURNING key
     )
     SELECT true AS stored, NULL::text AS request_hash, NULL::integer AS status, NULL::text AS body
       FROM inserted
     UNION ALL
     SELECT false, request_hash, status, COALESCE(answer, body::text) FROM idempotency_keys
       WHERE scope = $1 AND key = $2 AND NOT EXISTS (SELECT 1 FROM inserted)`,
    [scope, key, requestHash, status, json],
  );
  const row = rows[0];
  if (!row) return 'raced';
  return row.stored ? 'stored' : (answerOf(row) ?? 'raced');
}

/** One rate-limit counter's hits not yet counted in the shared table. */
export interface RateLimitHits {
  bucket: string;
  windowStart: number;
  hits: number;
}

/**
 * Adds hits counted in this process to the shared fixed-window counters, all in one statement,
 * and returns each counter's total (every replica's hits). Rows are written in key order, so
 * replicas flushing overlapping counters at once cannot deadlock.
 */
export async function addRateLimitHits(
  q: Queryable,
  hits: readonly RateLimitHits[],
): Promise<RateLimitHits[]> {
  if (!hits.length) return [];
  const rows = await q.query<{ bucket: string; window_start: string | number; count: number }>(
    `INSERT INTO rate_limits (bucket, window_start, count)
     SELECT bucket, window_start, hits
       FROM unnest($1::text[], $2::bigint[], $3::integer[]) AS h(bucket, window_start, hits)
       ORDER BY bucket, window_start
     ON CONFLICT (bucket, window_start) DO UPDATE SET count = rate_limits.count + EXCLUDED.count
     RETURNING bucket, window_start, count`,
    [hits.map((h) => h.bucket), hits.map((h) => h.windowStart), hits.map((h) => h.hits)],
  );
  return rows.map((r) => ({
    bucket: r.bucket,
    windowStart: Number(r.window_start),
    hits: r.count,
  }));
}

/** Deletes expired nonces, sessions, old rate-limit windows and idempotency keys (> 24 h). */
export async function sweep(q: Queryable, now: number): Promise<void> {
  await q.query('DELETE FROM nonces WHERE expires_at < now()');
  await q.query('DELETE FROM sessions WHERE expires_at < now()');
  await q.query('DELETE FROM rate_limits WHERE window_start < $1', [Math.floor(now / 1000) - 3600]);
  await q.query(`DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours'`);
}
