// Referrals: the one policy both backends (the memory backend and the reference server) apply.
// Pure functions only: the backends pass in the facts (who owns a code, what is bound, the
// referee's progress, the clock) and store the outcome.
import type { Address } from './campaign/campaign.js';
import type { Progress } from './ladder/progress.js';

/**
 * When a referee counts for their referrer: the rule language's combinators (`all`, `any`,
 * `atLeast`, as in `@questboard/rules`) over two facts of the referee's own progress in the
 * campaign: a task done (`task`) and points earned from tasks (`points`).
 */
export type ReferralRule =
  | { type: 'task'; task: string }
  | { type: 'points'; min: number }
  | { type: 'all'; rules: ReferralRule[] }
  | { type: 'any'; rules: ReferralRule[] }
  | { type: 'atLeast'; min: number; rules: ReferralRule[] };

/** The rule types of `ReferralRule`, in the order the docs list them. */
export const REFERRAL_RULE_TYPES = ['task', 'points', 'all', 'any', 'atLeast'] as const;

/** A campaign's `referral` section (docs/campaign-format.md#referrals). */
export interface ReferralRules {
  /** What the referee must do for the referral to qualify. */
  qualify: ReferralRule;
  /** Days after binding within which the referee must qualify; absent: no deadline. */
  withinDays?: number;
  /** Points the referrer earns, once, per qualified referee (entered in the referrer's ledger). */
  points: number;
  /** Most referees one referrer can bind; absent: no cap. */
  maxReferees?: number;
}

/** Longest `withinDays`. */
export const REFERRAL_WITHIN_DAYS_MAX = 3650;
/** Largest `maxReferees`. */
export const REFERRAL_MAX_REFEREES_MAX = 1_000_000;

// ---------------------------------------------------------------------------------------------
// Codes

/**
 * A referral code: 10 characters of Crockford's base32 alphabet (lowercase; no i, l, o, u),
 * 50 random bits. Codes are random, never derived from the address: an invite link posted in
 * public does not reveal the referrer's wallet, and nobody can bind a referee to a wallet whose
 * owner never shared a link (or guess codes by enumerating addresses).
 */
export const REFERRAL_CODE = /^[0-9a-hjkmnp-tv-z]{10}$/;
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** A new random referral code (crypto-random). */
export function newReferralCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  let code = '';
  for (const b of bytes) code += ALPHABET[b & 31];
  return code;
}

/**
 * The code in a `?ref=` value, normalised (trimmed, lowercase; Crockford's look-alikes `i`/`l`
 * read as `1`, `o` as `0`), or `undefined` when it is not a referral code.
 */
export function parseReferralCode(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 40) return undefined;
  const code = value.trim().toLowerCase().replace(/[il]/g, '1').replace(/o/g, '0');
  return REFERRAL_CODE.test(code) ? code : undefined;
}

/** The query parameter an invite link carries the code in. */
export const REFERRAL_PARAM = 'ref';

/** The invite link: `pageUrl` with `?ref=<code>` (replacing any `ref` it had), no fragment. */
export function inviteLink(pageUrl: string, code: string): string {
  const url = new URL(pageUrl);
  url.hash = '';
  url.searchParams.set(REFERRAL_PARAM, code);
  return url.href;
}

// ---------------------------------------------------------------------------------------------
// Binding

/** Why a binding was refused: the `details` of a `REFERRAL_REFUSED` error. */
export const REFERRAL_REFUSALS = [
  /** The campaign has no `referral` section. */
  'NOT_ENABLED',
  /** No referrer has this code in this campaign. */
  'UNKNOWN_CODE',
  /** The code is the referee's own. */
  'SELF',
  /** The referee is bound already (to this or another referrer): a binding never changes. */
  'ALREADY_BOUND',
  /** The referee had progress in the campaign before: only a newcomer can be referred. */
  'NOT_NEW',
  /** The referrer has `maxReferees` referees already. */
  'CAP_REACHED',
] as const;

export type ReferralRefusal = (typeof REFERRAL_REFUSALS)[number];

/** What a person reads for each refusal. */
export const REFERRAL_REFUSAL_MESSAGES: Record<ReferralRefusal, string> = {
  NOT_ENABLED: 'This campaign has no referrals.',
  UNKNOWN_CODE: 'This invite code belongs to nobody in this campaign.',
  SELF: 'You cannot use your own invite link.',
  ALREADY_BOUND: 'You were invited already; an invitation cannot be changed.',
  NOT_NEW: 'Invitations are for newcomers: this wallet has progress in the campaign already.',
  CAP_REACHED: 'This invite link has reached its limit of invitations.',
};

/** The facts a backend looked up for a binding. */
export interface BindFacts {
  referee: Address;
  /** The owner of the code; `undefined` when nobody has it. */
  referrer: Address | undefined;
  /** The referee is bound already. */
  bound: boolean;
  /** The referee has completions in the campaign. */
  hasProgress: boolean;
  /** Referees the referrer has bound so far. */
  referrerCount: number;
}

/** Whether a referee may be bound; the refusal when not. Checks in the order listed above. */
export function bindRefusal(
  rules: ReferralRules | undefined,
  facts: BindFacts,
): ReferralRefusal | undefined {
  if (!rules) return 'NOT_ENABLED';
  if (!facts.referrer) return 'UNKNOWN_CODE';
  if (facts.referrer.toLowerCase() === facts.referee.toLowerCase()) return 'SELF';
  if (facts.bound) return 'ALREADY_BOUND';
  if (facts.hasProgress) return 'NOT_NEW';
  if (rules.maxReferees !== undefined && facts.referrerCount >= rules.maxReferees)
    return 'CAP_REACHED';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Qualification

/** Something a referee still has to do: a task, or more points (how many more). */
export type ReferralNeed = { kind: 'task'; task: string } | { kind: 'points'; points: number };

/** pending → qualified (the referrer's points are entered), or expired (the window closed). */
export const REFERRAL_STATES = ['pending', 'qualified', 'expired'] as const;
export type ReferralState = (typeof REFERRAL_STATES)[number];

/** The referee's facts the rule reads, from their progress. */
export interface RefereeFacts {
  done: ReadonlySet<string>;
  points: number;
}

/** Tasks done and points earned from tasks, from a referee's progress. */
export function refereeFacts(progress: Progress): RefereeFacts {
  const done = new Set(Object.keys(progress.completed));
  let points = 0;
  for (const c of Object.values(progress.completed)) points += c.points;
  for (const [taskId, byKey] of Object.entries(progress.periods ?? {})) {
    const completions = Object.values(byKey);
    if (completions.length) done.add(taskId);
    for (const c of completions) points += c.points;
  }
  return { done, points };
}

/**
 * What the referee still needs for `rule` to hold: `[]` when it holds. For `any` and `atLeast`
 * the cheapest alternatives (fewest needs) are listed.
 */
export function referralNeeds(rule: ReferralRule, facts: RefereeFacts): ReferralNeed[] {
  switch (rule.type) {
    case 'task':
      return facts.done.has(rule.task) ? [] : [{ kind: 'task', task: rule.task }];
    case 'points':
      return facts.points >= rule.min ? [] : [{ kind: 'points', points: rule.min - facts.points }];
    case 'all':
    case 'any':
    case 'atLeast': {
      const k = rule.type === 'all' ? rule.rules.length : rule.type === 'any' ? 1 : rule.min;
      const each = rule.rules
        .map((r) => referralNeeds(r, facts))
        .sort((a, b) => a.length - b.length);
      return mergeNeeds(each.slice(0, k).flat());
    }
  }
}

/** One need per task; the largest points shortfall once. */
function mergeNeeds(needs: ReferralNeed[]): ReferralNeed[] {
  const tasks = new Set<string>();
  let points = 0;
  for (const n of needs) {
    if (n.kind === 'task') tasks.add(n.task);
    else points = Math.max(points, n.points);
  }
  const out: ReferralNeed[] = [...tasks].map((task) => ({ kind: 'task', task }));
  if (points > 0) out.push({ kind: 'points', points });
  return out;
}

const DAY_MS = 86_400_000;

/** The instant (Unix ms) after which an unqualified referral expires; `undefined`: never. */
export function referralDeadline(rules: ReferralRules, boundAt: number): number | undefined {
  return rules.withinDays === undefined ? undefined : boundAt + rules.withinDays * DAY_MS;
}

/** A referral as the referrer sees it. */
export interface ReferralStatus {
  state: ReferralState;
  /** What the referee still needs (pending only; `[]` otherwise). */
  needs: ReferralNeed[];
  /** ISO 8601: the end of the qualification window, when the campaign sets `withinDays`. */
  deadline?: string;
}

/**
 * The state of one referral at `now`: qualified once `qualifiedAt` is recorded; expired when
 * the window closed unqualified; else pending with what the referee still needs.
 */
export function referralStatus(
  rules: ReferralRules,
  referee: Progress,
  boundAt: number,
  qualifiedAt: number | undefined,
  now: number,
): ReferralStatus {
  const end = referralDeadline(rules, boundAt);
  const deadline = end === undefined ? {} : { deadline: new Date(end).toISOString() };
  if (qualifiedAt !== undefined) return { state: 'qualified', needs: [], ...deadline };
  if (end !== undefined && now > end) return { state: 'expired', needs: [], ...deadline };
  return {
    state: 'pending',
    needs: referralNeeds(rules.qualify, refereeFacts(referee)),
    ...deadline,
  };
}

/**
 * Whether a pending referral qualifies now (the backend then records `qualifiedAt` and enters
 * the referrer's points, once): the rule holds and the window is open.
 */
export function qualifiesNow(
  rules: ReferralRules,
  referee: Progress,
  boundAt: number,
  now: number,
): boolean {
  const end = referralDeadline(rules, boundAt);
  if (end !== undefined && now > end) return false;
  return referralNeeds(rules.qualify, refereeFacts(referee)).length === 0;
}

/** A referral in the referrer's list (`GET /campaigns/{id}/referrals`). */
export interface Referral extends ReferralStatus {
  referee: Address;
  /** ISO 8601. */
  boundAt: string;
  /** ISO 8601, once qualified. */
  qualifiedAt?: string;
}

/** What a referrer sees: their code, the campaign's terms and their referees, newest first. */
export interface ReferralsOverview {
  campaignId: string;
  code: string;
  /** Points per qualified referee (the campaign's `referral.points`). */
  points: number;
  maxReferees?: number;
  referrals: Referral[];
}

/** A binding as recorded (`POST /campaigns/{id}/referral` →). */
export interface ReferralBinding {
  campaignId: string;
  referee: Address;
  code: string;
  /** ISO 8601. */
  boundAt: string;
}
