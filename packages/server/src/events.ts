import { BEACON_EVENT_TYPES, type BeaconEventType } from '@questboard/core';
import type { Queryable } from './db.js';

export { BEACON_EVENT_TYPES, type BeaconEventType };

/**
 * The append-only event log (migration 8): what happened to whom, one row per event. The
 * state-changing ones are written by the server in the same transaction (or statement) as the
 * change they record; the board's beacon reports only the `BEACON_EVENT_TYPES`.
 */
export const EVENT_TYPES = [
  'viewed',
  'connected',
  'signed_in',
  'task_started',
  'task_verified',
  'task_failed',
  'tier_unlocked',
  'reward_claimed',
  'referral_bound',
  'referral_qualified',
  'streak_extended',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** `BEACON_EVENT_TYPES` (core's protocol) are the ones a page may report: anonymous, never an address. */
const _beaconTypesAreEvents: readonly EventType[] = BEACON_EVENT_TYPES;
void _beaconTypesAreEvents;

/** Bounds of one event row (also CHECK constraints in the table). */
export const EVENT_LIMITS = {
  /** Bytes of `detail` as JSON text. */
  detail: 1024,
  /** Characters of `reason`. */
  reason: 200,
  /** Characters of a visitor id. */
  visitor: 64,
} as const;

export interface EventInput {
  campaignId: string;
  type: EventType;
  /** The wallet (lowercase or checksummed: stored lowercase). Absent for anonymous events. */
  address?: string | null;
  /** The page's anonymous visitor id (beacon events). */
  visitor?: string | null;
  task?: string | null;
  tier?: string | null;
  /** A `task_failed`'s code (`WRONG_ANSWER`, `VERIFY_FAILED`, …). */
  reason?: string | null;
  /** Small JSON (at most `EVENT_LIMITS.detail` bytes), e.g. `{ referrer }` or `{ streak }`. */
  detail?: Record<string, unknown> | null;
  /** Defaults to the database's `now()`. */
  at?: Date;
}

/** The columns of `events` in the order `recordEvent` and the folded CTEs bind them. */
export const EVENT_COLUMNS =
  'campaign_id, type, address, visitor, task_id, tier_id, reason, detail, at';

/** One event's values for the `EVENT_COLUMNS` (checked against the limits first). */
export function eventValues(e: EventInput): unknown[] {
  const detail = e.detail ? JSON.stringify(e.detail) : null;
  if (detail !== null && Buffer.byteLength(detail) > EVENT_LIMITS.detail)
    throw new RangeError(`event detail is over ${EVENT_LIMITS.detail} bytes`);
  return [
    e.campaignId,
    e.type,
    e.address ? e.address.toLowerCase() : null,
    e.visitor ?? null,
    e.task ?? null,
    e.tier ?? null,
    e.reason ? e.reason.slice(0, EVENT_LIMITS.reason) : null,
    detail,
    (e.at ?? new Date()).toISOString(),
  ];
}

/**
 * Appends events in one statement. Call it with the open transaction of the change the events
 * record (`db.transaction(async (tx) => { …change…; await recordEvent(tx, {...}) })`), so the
 * event exists exactly when the change does.
 */
export async function recordEvent(q: Queryable, ...events: EventInput[]): Promise<void> {
  if (!events.length) return;
  const cols = events.map(eventValues);
  await q.query(
    `INSERT INTO events (${EVENT_COLUMNS})
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
       $7::text[], $8::jsonb[], $9::timestamptz[])`,
    Array.from({ length: 9 }, (_, i) => cols.map((c) => c[i])),
  );
}
