import {
  SEGMENT_CSV_COLUMNS,
  SEGMENT_RULE_KINDS,
  type SegmentIssue,
  type SegmentMember,
  type SegmentRule,
  type SegmentRuleKind,
} from '@questboard/core';
import type { Queryable } from './db.js';
import { badRequest } from './http-error.js';
import { buildRound, type Round, type RoundRow } from './rewards/rounds.js';

/**
 * Audience segments: JSON rules over the server's own data, in the same shape as the rules
 * package's language (`type` discriminator, `all` / `any` / `atLeast` / `not` combinators, and
 * the `credential` rule's fields), compiled to one SQL statement — never evaluated by loading
 * every wallet into memory.
 *
 * The universe is every wallet this server has seen complete something (any campaign). `not`
 * is relative to it. Seen = the first and last completion.
 */
// The rule language's types and the member/CSV shapes are the wire protocol core publishes
// (@questboard/core's insights-protocol.ts: the element and the console build rules from them);
// this file validates and compiles them.
export const SEGMENT_RULE_TYPES = SEGMENT_RULE_KINDS;
export type SegmentRuleType = SegmentRuleKind;
export type { SegmentIssue, SegmentMember, SegmentRule };

/** Limits that keep one segment's SQL small whatever a caller sends. */
export const SEGMENT_LIMITS = { depth: 8, nodes: 64, idLength: 200, points: 2 ** 31 - 1 } as const;

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const ISO = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

const FIELDS: Record<SegmentRuleType, readonly string[]> = {
  task: ['type', 'campaignId', 'taskId'],
  points: ['type', 'campaignId', 'min', 'max'],
  credential: ['type', 'issuer', 'campaignId', 'taskId'],
  firstSeen: ['type', 'after', 'before'],
  campaign: ['type', 'campaignId'],
  referredBy: ['type', 'campaignId', 'referrer'],
  all: ['type', 'rules'],
  any: ['type', 'rules'],
  atLeast: ['type', 'n', 'rules'],
  not: ['type', 'rule'],
};

/** Every problem of a segment rule, each at its path (`rules[1].min`); empty when valid. */
export function validateSegment(input: unknown): SegmentIssue[] {
  const issues: SegmentIssue[] = [];
  let nodes = 0;
  const visit = (rule: unknown, path: string, depth: number) => {
    const at = (field: string) => (path ? `${path}.${field}` : field);
    nodes++;
    if (nodes > SEGMENT_LIMITS.nodes) {
      if (nodes === SEGMENT_LIMITS.nodes + 1)
        issues.push({
          path: path || '(root)',
          message: `a segment has at most ${SEGMENT_LIMITS.nodes} rules`,
        });
      return;
    }
    if (depth > SEGMENT_LIMITS.depth) {
      issues.push({
        path: path || '(root)',
        message: `nested more than ${SEGMENT_LIMITS.depth} deep`,
      });
      return;
    }
    if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) {
      issues.push({ path: path || '(root)', message: 'must be an object' });
      return;
    }
    const r = rule as Record<string, unknown>;
    const type = r.type as SegmentRuleType;
    if (!Object.hasOwn(r, 'type') || !(SEGMENT_RULE_TYPES as readonly unknown[]).includes(type)) {
      issues.push({ path: at('type'), message: `must be one of ${SEGMENT_RULE_TYPES.join(', ')}` });
      return;
    }
    for (const key of Object.keys(r))
      if (!FIELDS[type].includes(key))
        issues.push({ path: at(key), message: 'is not a field of this rule' });
    const id = (field: string, required: boolean) => {
      const v = r[field];
      if (v === undefined) {
        if (required) issues.push({ path: at(field), message: 'is required' });
        return;
      }
      if (typeof v !== 'string' || v.length > SEGMENT_LIMITS.idLength || !ID.test(v))
        issues.push({
          path: at(field),
          message: `must be an id (letters, digits, . _ : -; at most ${SEGMENT_LIMITS.idLength})`,
        });
    };
    const count = (field: string) => {
      const v = r[field];
      if (v === undefined) return;
      if (!Number.isSafeInteger(v) || (v as number) < 0 || (v as number) > SEGMENT_LIMITS.points)
        issues.push({
          path: at(field),
          message: `must be a whole number from 0 to ${SEGMENT_LIMITS.points}`,
        });
    };
    const date = (field: string) => {
      const v = r[field];
      if (v === undefined) return;
      if (typeof v !== 'string' || !ISO.test(v) || Number.isNaN(Date.parse(v)))
        issues.push({ path: at(field), message: 'must be an ISO 8601 date or date-time' });
    };
    const list = () => {
      if (!Array.isArray(r.rules) || r.rules.length === 0) {
        issues.push({ path: at('rules'), message: 'must be a non-empty list of rules' });
        return;
      }
      r.rules.forEach((child, i) => {
        visit(child, `${at('rules')}[${i}]`, depth + 1);
      });
    };
    switch (type) {
      case 'task':
        id('campaignId', true);
        id('taskId', true);
        break;
      case 'points':
        id('campaignId', true);
        count('min');
        count('max');
        if (typeof r.min === 'number' && typeof r.max === 'number' && r.min > r.max)
          issues.push({ path: at('max'), message: 'must not be below min' });
        if (r.min === undefined && r.max === undefined)
          issues.push({ path: at('min'), message: 'give min, max or both' });
        break;
      case 'credential':
        if (typeof r.issuer !== 'string' || !ADDRESS.test(r.issuer))
          issues.push({ path: at('issuer'), message: 'must be an address (0x and 40 hex digits)' });
        id('campaignId', true);
        id('taskId', false);
        break;
      case 'firstSeen':
        date('after');
        date('before');
        if (r.after === undefined && r.before === undefined)
          issues.push({ path: at('after'), message: 'give after, before or both' });
        break;
      case 'campaign':
        id('campaignId', true);
        break;
      case 'referredBy':
        id('campaignId', true);
        if (
          r.referrer !== undefined &&
          (typeof r.referrer !== 'string' || !ADDRESS.test(r.referrer))
        )
          issues.push({
            path: at('referrer'),
            message: 'must be an address (0x and 40 hex digits)',
          });
        break;
      case 'all':
      case 'any':
        list();
        break;
      case 'atLeast':
        list();
        if (
          !Number.isSafeInteger(r.n) ||
          (r.n as number) < 1 ||
          (Array.isArray(r.rules) && (r.n as number) > r.rules.length)
        )
          issues.push({
            path: at('n'),
            message: 'must be a whole number from 1 to the number of rules',
          });
        break;
      case 'not':
        visit(r.rule, at('rule'), depth + 1);
        break;
    }
  };
  visit(input, '', 0);
  return issues;
}

export interface CompiledSegment {
  /** A boolean SQL expression over `w.address` and `w.first_seen` (the universe row). */
  where: string;
  params: unknown[];
}

/** Compiles a valid segment rule (see {@link validateSegment}) to a SQL condition. */
export function compileSegment(rule: SegmentRule, params: unknown[] = []): CompiledSegment {
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const walk = (r: SegmentRule): string => {
    switch (r.type) {
      case 'task':
        return `EXISTS (SELECT 1 FROM completions c WHERE c.campaign_id = ${p(r.campaignId)} AND c.task_id = ${p(r.taskId)} AND c.address = w.address)`;
      case 'campaign':
        return `EXISTS (SELECT 1 FROM completions c WHERE c.campaign_id = ${p(r.campaignId)} AND c.address = w.address)`;
      case 'referredBy':
        return `EXISTS (SELECT 1 FROM referrals r WHERE r.campaign_id = ${p(r.campaignId)} AND r.referee = w.address${r.referrer !== undefined ? ` AND lower(r.referrer) = ${p(r.referrer.toLowerCase())}` : ''})`;
      case 'points': {
        const total = `COALESCE((SELECT t.points FROM points_totals t WHERE t.campaign_id = ${p(r.campaignId)} AND t.address = w.address), 0)`;
        const parts: string[] = [];
        if (r.min !== undefined) parts.push(`${total} >= ${p(r.min)}::int`);
        if (r.max !== undefined) parts.push(`${total} <= ${p(r.max)}::int`);
        return `(${parts.join(' AND ')})`;
      }
      case 'credential':
        return `EXISTS (SELECT 1 FROM credentials k WHERE k.address = w.address AND lower(k.issuer) = lower(${p(r.issuer)}) AND k.campaign_id = ${p(r.campaignId)}${r.taskId !== undefined ? ` AND k.task_id = ${p(r.taskId)}` : ''})`;
      case 'firstSeen': {
        const parts: string[] = [];
        if (r.after !== undefined)
          parts.push(`w.first_seen >= ${p(new Date(r.after).toISOString())}::timestamptz`);
        if (r.before !== undefined)
          parts.push(`w.first_seen < ${p(new Date(r.before).toISOString())}::timestamptz`);
        return `(${parts.join(' AND ')})`;
      }
      case 'all':
        return `(${r.rules.map(walk).join(' AND ')})`;
      case 'any':
        return `(${r.rules.map(walk).join(' OR ')})`;
      case 'atLeast':
        return `((${r.rules.map((x) => `(${walk(x)})::int`).join(' + ')}) >= ${p(r.n)}::int)`;
      case 'not':
        return `(NOT ${walk(r.rule)})`;
    }
  };
  return { where: walk(rule), params };
}

/** Every wallet the server has seen, with when: the universe segments select from. */
export const UNIVERSE = `SELECT address, min(completed_at) AS first_seen, max(completed_at) AS last_seen
  FROM completions GROUP BY address`;

/** Members per page when a caller names no limit. */
export const SEGMENT_PAGE_DEFAULT = 100;

const iso = (v: unknown) => (v instanceof Date ? v : new Date(String(v))).toISOString();

/** Members of a segment, in address order, `limit` after the address `after` (keyset paging). */
export async function segmentMembers(
  q: Queryable,
  rule: SegmentRule,
  page: { after?: string; limit?: number; campaignId?: string } = {},
): Promise<SegmentMember[]> {
  const params: unknown[] = [];
  const { where } = compileSegment(rule, params);
  const limit = Math.min(10_000, Math.max(1, page.limit ?? SEGMENT_PAGE_DEFAULT));
  params.push(page.after ?? '');
  const afterParam = `$${params.length}`;
  params.push(limit);
  const limitParam = `$${params.length}`;
  let scope = '';
  if (page.campaignId !== undefined) {
    params.push(page.campaignId);
    scope = ` AND campaign_id = $${params.length}`;
  }
  const rows = await q.query<{
    address: string;
    first_seen: unknown;
    last_seen: unknown;
    points: number;
    tiers: number;
    tasks: number;
    referrer: string | null;
  }>(
    `WITH w AS (${UNIVERSE})
     SELECT w.address, w.first_seen, w.last_seen,
       COALESCE((SELECT sum(t.points) FROM points_totals t WHERE t.address = w.address${scope}), 0)::int AS points,
       (SELECT count(*) FROM claims l WHERE l.address = w.address${scope})::int AS tiers,
       (SELECT count(*) FROM completions c WHERE c.address = w.address${scope})::int AS tasks,
       (SELECT r.referrer FROM referrals r WHERE r.referee = w.address${scope}
         ORDER BY r.bound_at, r.campaign_id LIMIT 1) AS referrer
     FROM w WHERE ${where} AND w.address > ${afterParam}
     ORDER BY w.address LIMIT ${limitParam}`,
    params,
  );
  return rows.map((r) => ({
    address: r.address,
    points: r.points,
    tiers: r.tiers,
    tasks: r.tasks,
    referrer: r.referrer ?? null,
    firstSeen: iso(r.first_seen),
    lastSeen: iso(r.last_seen),
  }));
}

/** How many wallets a segment holds (one COUNT over the universe). */
export async function segmentCount(q: Queryable, rule: SegmentRule): Promise<number> {
  const { where, params } = compileSegment(rule);
  const rows = await q.query<{ n: number }>(
    `WITH w AS (${UNIVERSE}) SELECT count(*)::int AS n FROM w WHERE ${where}`,
    params,
  );
  return rows[0]?.n ?? 0;
}

export const SEGMENT_CSV_HEADER = SEGMENT_CSV_COLUMNS;

/** One CSV line (RFC 4180; every field here is an address, a number or a date, never quoted). */
export function segmentCsvLine(m: SegmentMember): string {
  return [m.address, m.points, m.tiers, m.tasks, m.referrer ?? '', m.firstSeen, m.lastSeen].join(
    ',',
  );
}

/** The most members one `members` page holds. */
export const SEGMENT_PAGE_MAX = 1000;
/** Members read per query while an export streams. */
export const SEGMENT_EXPORT_PAGE = 500;
/** The most leaves a merkle export builds (a tree needs every leaf in memory at once). */
export const SEGMENT_MERKLE_MAX = 200_000;

/** A valid segment rule, or a 400 naming each bad field under `field` (`rule.rules[1].min`). */
export function parseSegment(input: unknown, field = 'rule'): SegmentRule {
  const issues = validateSegment(input);
  if (issues.length)
    throw badRequest('The segment rule has invalid fields.', {
      issues: issues.map((i) => ({
        path: i.path === '(root)' ? field : `${field}.${i.path}`,
        message: i.message,
      })),
    });
  return input as SegmentRule;
}

/** Every member of a segment, page by page in address order: never all of them in memory. */
export async function* segmentPages(
  q: Queryable,
  rule: SegmentRule,
  pageSize = SEGMENT_EXPORT_PAGE,
): AsyncGenerator<SegmentMember[]> {
  let after: string | undefined;
  for (;;) {
    const page = await segmentMembers(q, rule, { limit: pageSize, ...(after ? { after } : {}) });
    if (page.length) yield page;
    if (page.length < pageSize) return;
    after = page.at(-1)!.address;
  }
}

/** The admin API's segment queries (routes/segments.ts). Rules are valid (see {@link parseSegment}). */
export class SegmentService {
  constructor(private readonly db: Queryable) {}

  count(rule: SegmentRule): Promise<number> {
    return segmentCount(this.db, rule);
  }

  /** One keyset page; `next` (the last address) when the page is full. */
  async members(
    rule: SegmentRule,
    page: { after?: string; limit: number },
  ): Promise<{ members: SegmentMember[]; next?: string }> {
    const members = await segmentMembers(this.db, rule, page);
    return members.length === page.limit ? { members, next: members.at(-1)!.address } : { members };
  }

  pages(rule: SegmentRule): AsyncGenerator<SegmentMember[]> {
    return segmentPages(this.db, rule);
  }

  /**
   * The segment as a QuestDrop-ready StandardMerkleTree (leaves `[address, uint256]`, amount =
   * the member's points over every campaign; members with no points are left out). 400 when no
   * member has points or the segment has more than {@link SEGMENT_MERKLE_MAX} members.
   */
  async merkle(rule: SegmentRule): Promise<{ round: Round; members: number }> {
    const rows: RoundRow[] = [];
    let members = 0;
    for await (const page of this.pages(rule)) {
      members += page.length;
      if (members > SEGMENT_MERKLE_MAX)
        throw badRequest(
          `A merkle export holds at most ${SEGMENT_MERKLE_MAX} members; narrow the segment or export CSV.`,
        );
      for (const m of page)
        if (m.points > 0) rows.push({ address: m.address, amount: String(m.points) });
    }
    if (rows.length === 0)
      throw badRequest('No member of the segment has points: a merkle export would be empty.');
    return { round: buildRound(rows), members };
  }
}
