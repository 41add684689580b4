import { QuestError, type ValidationIssue } from '../errors.js';
import {
  REFERRAL_MAX_REFEREES_MAX,
  REFERRAL_RULE_TYPES,
  REFERRAL_WITHIN_DAYS_MAX,
  type ReferralRule,
} from '../referrals.js';
import type { Schedule } from '../schedule.js';
import {
  isTimeZone,
  SCHEDULE_SECONDS_MAX,
  SCHEDULE_SECONDS_MIN,
  SCHEDULE_UNITS,
  STREAK_FREEZES_MAX,
  STREAK_REPAIR_WINDOW_MAX,
  WEEKDAYS,
} from '../schedule.js';
import {
  type Campaign,
  REWARD_KINDS,
  type RewardKind,
  SCHEMA_VERSION,
  TASK_KINDS,
  type Task,
  type Tier,
} from './campaign.js';
import { uncleanText } from './clean.js';
import { hasRuleTasks, loadRulesValidator, needsRulesValidator } from './rules-validator.js';
import { isSafeUrl } from './url.js';

export { isSafeUrl };

// The campaign's structure is checked by the small checker below rather than a schema library:
// valibot did the same job but cost ~5 KB gzip of the script-tag bundle's 25–30 KB budget, and
// this format is small and fixed. Every problem is reported with its path and a plain-language
// reason (all of them, one per field); references between tiers and tasks, windows and rules
// are checked after the structure holds.

export type Issues = ValidationIssue[];
/** Checks one value at `path`, adding issues; `undefined` means the field is absent. */
export type Check = (value: unknown, path: string, issues: Issues) => void;

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const idMessage = 'must be 1–64 letters, digits, "-" or "_", starting with a letter or digit';

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A string check: `test` returns the problem, or nothing when the string is fine. */
export const str =
  (test: (s: string) => string | undefined): Check =>
  (value, path, issues) => {
    const problem = typeof value === 'string' ? test(value) : 'must be text';
    if (problem) issues.push({ path, message: problem });
  };
export const text = (max: number, empty = false) =>
  str((s) =>
    !empty && !s.trim()
      ? 'must not be empty'
      : s.length > max
        ? `must be at most ${max} characters`
        : undefined,
  );
export const id = str((s) => (ID.test(s) ? undefined : idMessage));
export const link = str((s) =>
  isSafeUrl(s) ? undefined : 'must be an absolute https: or http: URL',
);
const instant = str((s) =>
  /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s))
    ? undefined
    : 'must be an ISO 8601 date-time such as "2026-01-31T12:00:00Z"',
);
const pattern = (re: RegExp, message: string) => str((s) => (re.test(s) ? undefined : message));

export const int =
  (min: number, max: number, minMessage = `must be ${min} or more`): Check =>
  (value, path, issues) => {
    const message =
      typeof value !== 'number' || Number.isNaN(value)
        ? 'must be a number'
        : !Number.isInteger(value)
          ? 'must be a whole number'
          : value < min
            ? minMessage
            : value > max
              ? `must be at most ${max.toLocaleString('en-US')}`
              : undefined;
    if (message) issues.push({ path, message });
  };
/** Largest `points` of one task. */
export const MAX_TASK_POINTS = 1_000_000;
/**
 * Largest sum of a campaign's points (and `minPoints` of a level): a wallet's total then always
 * fits the server's 32-bit points column (2 147 483 647), whatever it completes.
 */
export const MAX_CAMPAIGN_POINTS = 1_000_000_000;
const points = int(0, MAX_TASK_POINTS);
const levelPoints = int(0, MAX_CAMPAIGN_POINTS);

const oneOf =
  (values: readonly unknown[], message: string): Check =>
  (value, path, issues) => {
    if (!values.includes(value)) issues.push({ path, message });
  };

const list =
  (item: Check, opts: { min?: number; max?: number; what: string; minMessage?: string }): Check =>
  (value, path, issues) => {
    if (!Array.isArray(value))
      return void issues.push({ path, message: `must be a list of ${opts.what}` });
    if (opts.min !== undefined && value.length < opts.min)
      return void issues.push({
        path,
        message: opts.minMessage ?? `must hold at least ${opts.min}`,
      });
    if (opts.max !== undefined && value.length > opts.max)
      return void issues.push({ path, message: `must hold at most ${opts.max} ${opts.what}` });
    for (const [i, entry] of value.entries()) item(entry, `${path}[${i}]`, issues);
  };

export interface Shape {
  [field: string]: Check | { optional: Check };
}
export const optional = (check: Check) => ({ optional: check });

/** An object with exactly these fields: unknown ones are reported (a typo is never ignored). */
export const object =
  (shape: Shape): Check =>
  (value, path, issues) => {
    if (!isObject(value)) return void issues.push({ path, message: 'must be an object' });
    const at = (field: string) => (path ? `${path}.${field}` : field);
    for (const [field, spec] of Object.entries(shape)) {
      const present = value[field] !== undefined;
      if ('optional' in spec) {
        if (present) spec.optional(value[field], at(field), issues);
      } else spec(value[field], at(field), issues);
    }
    for (const field of Object.keys(value))
      if (!Object.hasOwn(shape, field))
        issues.push({ path: at(field), message: 'is not a known field' });
  };

const quoted = (values: readonly string[]) => values.map((v) => `"${v}"`).join(', ');

/** `every`: a calendar unit or `{ "seconds": n }`. */
const every: Check = (value, path, issues) => {
  if (isObject(value) && 'seconds' in value)
    return object({
      seconds: int(
        SCHEDULE_SECONDS_MIN,
        SCHEDULE_SECONDS_MAX,
        `must be at least ${SCHEDULE_SECONDS_MIN} (one minute)`,
      ),
    })(value, path, issues);
  if (!(SCHEDULE_UNITS as readonly unknown[]).includes(value))
    issues.push({
      path,
      message: `must be ${quoted(SCHEDULE_UNITS)} or { "seconds": n }`,
    });
};

const scheduleFields: Shape = {
  every,
  resetAt: optional(
    pattern(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time "HH:MM" such as "09:30"'),
  ),
  weekStart: optional(oneOf(WEEKDAYS, `must be one of ${quoted(WEEKDAYS)}`)),
};

const streakFields: Shape = {
  freezes: optional(int(0, STREAK_FREEZES_MAX)),
  repairWindow: optional(int(0, STREAK_REPAIR_WINDOW_MAX)),
};

/** Largest `retryAfter`: one week. */
const RETRY_AFTER_MAX = 7 * 86_400;

const taskBase: Shape = {
  id,
  kind: () => {},
  title: text(200),
  description: optional(text(2000, true)),
  cta: optional(text(60)),
  points,
  requires: optional(list(id, { what: 'task ids' })),
  schedule: optional(object(scheduleFields)),
  streak: optional(object(streakFields)),
  claimLimit: optional(
    object({ perPeriod: optional(int(1, 1_000_000_000)), total: optional(int(1, 1_000_000_000)) }),
  ),
  retryAfter: optional(int(1, RETRY_AFTER_MAX, 'must be at least 1 (seconds)')),
};

const ruleShape: Shape = {
  rule: (value, path, issues) => {
    if (!isObject(value))
      issues.push({ path, message: 'must be a rule object (see the rules documentation)' });
  },
  url: optional(link),
};

const kindShapes: Record<string, Shape> = {
  visit: { url: link },
  quiz: {
    question: text(500),
    options: optional(
      list(text(200), {
        min: 2,
        max: 12,
        what: 'answers',
        minMessage: 'must offer at least 2 options',
      }),
    ),
    // Optional: a server's public view of its campaign leaves it out (the server checks).
    answer: optional(
      object({
        salt: str((s) => (s.length >= 8 ? undefined : 'must be at least 8 characters')),
        hash: pattern(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256 digest (64 characters)'),
      }),
    ),
  },
  input: {
    label: optional(text(200, true)),
    placeholder: optional(text(200, true)),
    pattern: text(500),
    flags: optional(
      pattern(/^(?!.*(.).*\1)[imsu]*$/, 'may only use the flags i, m, s, u once each'),
    ),
    maxLength: optional(int(1, 5000)),
  },
  'wallet.connect': {},
  'wallet.signIn': {},
  'wallet.chain': { chainId: int(1, Number.MAX_SAFE_INTEGER, 'must be a positive chain id') },
  onchain: ruleShape,
  http: ruleShape,
  credential: ruleShape,
};

const task: Check = (value, path, issues) => {
  if (!isObject(value)) return void issues.push({ path, message: 'must be a task object' });
  const shape = kindShapes[value.kind as string];
  if (typeof value.kind !== 'string' || !shape || !Object.hasOwn(kindShapes, value.kind))
    return void issues.push({
      path: `${path}.kind`,
      message: `must be one of ${TASK_KINDS.map((k) => `"${k}"`).join(', ')}`,
    });
  object({ ...taskBase, ...shape })(value, path, issues);
};

// Rewards: the base fields here; the kinds beyond `credential` are checked by the
// `RewardChecks` given to `validateCampaignWith` (./reward-schema.ts: it needs keccak for
// address checksums, so browsers load it only for campaigns with such rewards).
const rewardBase: Shape = {
  kind: () => {},
  title: text(200),
  description: optional(text(2000, true)),
  image: optional(link),
};
/** The reward checks of the validation running now (it is synchronous). */
let rewardChecks: RewardChecks | undefined;
const reward: Check = (value, path, issues) => {
  if (!isObject(value)) return void issues.push({ path, message: 'must be a reward object' });
  const kind = value.kind ?? 'credential';
  if (typeof kind !== 'string' || !(REWARD_KINDS as readonly string[]).includes(kind))
    return void issues.push({
      path: `${path}.kind`,
      message: `must be one of ${REWARD_KINDS.map((k) => `"${k}"`).join(', ')} (absent: "credential")`,
    });
  if (kind === 'credential') return object(rewardBase)(value, path, issues);
  if (!rewardChecks)
    return void issues.push({ path: `${path}.kind`, message: 'cannot be checked here' });
  rewardChecks.shape(value, kind as Exclude<RewardKind, 'credential'>, rewardBase, path, issues);
};

const requirement: Check = (value, path, issues) => {
  if (value === 'all' || value === 'any') return;
  if (isObject(value) && Object.keys(value).length === 1 && 'atLeast' in value)
    return int(1, 2000)(value.atLeast, `${path}.atLeast`, issues);
  issues.push({ path, message: 'must be "all", "any" or { "atLeast": n }' });
};

const tier = object({
  id,
  title: text(200),
  description: optional(text(2000, true)),
  unlock: optional(
    object({
      after: optional(id),
      segment: optional(id),
      require: optional(requirement),
      streak: optional(object({ atLeast: int(1, 10_000), task: optional(id) })),
    }),
  ),
  tasks: list(task, {
    min: 1,
    max: 2000,
    what: 'tasks',
    minMessage: 'must hold at least one task',
  }),
  reward: optional((value, path, issues) => reward(value, path, issues)),
});

const chain = object({
  name: optional(text(100, true)),
  rpcUrls: list(link, { min: 1, what: 'URLs', minMessage: 'must list at least one RPC URL' }),
  explorer: optional(link),
  nativeCurrency: optional(object({ name: text(50), symbol: text(12), decimals: int(0, 36) })),
});

// Referrals: a rule of the rule language's combinators over `task` and `points` facts.
const REFERRAL_RULE_NODES = 100;
const referralRule = (
  value: unknown,
  path: string,
  issues: Issues,
  budget = { nodes: 0 },
): void => {
  if (++budget.nodes > REFERRAL_RULE_NODES) {
    if (budget.nodes === REFERRAL_RULE_NODES + 1)
      issues.push({
        path,
        message: `makes the rule too large: at most ${REFERRAL_RULE_NODES} rules`,
      });
    return;
  }
  if (!isObject(value) || !(REFERRAL_RULE_TYPES as readonly unknown[]).includes(value.type))
    return void issues.push({
      path: isObject(value) ? `${path}.type` : path,
      message: `must be a rule with "type" one of ${quoted(REFERRAL_RULE_TYPES)}`,
    });
  const rules = (value: unknown, at: string, issues: Issues) =>
    list((v, p, i) => referralRule(v, p, i, budget), { min: 1, max: 50, what: 'rules' })(
      value,
      at,
      issues,
    );
  const shapes: Record<ReferralRule['type'], Shape> = {
    task: { type: () => {}, task: id },
    points: { type: () => {}, min: int(1, MAX_CAMPAIGN_POINTS, 'must be 1 or more') },
    all: { type: () => {}, rules },
    any: { type: () => {}, rules },
    atLeast: { type: () => {}, min: int(1, 50, 'must be 1 or more'), rules },
  };
  object(shapes[value.type as ReferralRule['type']])(value, path, issues);
};
const referral = object({
  qualify: (value, path, issues) => referralRule(value, path, issues),
  withinDays: optional(int(1, REFERRAL_WITHIN_DAYS_MAX)),
  points,
  maxReferees: optional(int(1, REFERRAL_MAX_REFEREES_MAX)),
});

const campaignShape = object({
  schemaVersion: oneOf(
    [SCHEMA_VERSION],
    `must be ${SCHEMA_VERSION} (this library reads schema version ${SCHEMA_VERSION})`,
  ),
  id,
  title: text(200),
  description: optional(text(5000, true)),
  startsAt: optional(instant),
  endsAt: optional(instant),
  chains: optional((value, path, issues) => {
    if (!isObject(value))
      return void issues.push({ path, message: 'must be an object keyed by chain id' });
    for (const [key, entry] of Object.entries(value)) {
      if (!/^[1-9]\d{0,15}$/.test(key))
        issues.push({
          path: `${path}.${key}`,
          message: 'chain keys must be decimal chain ids such as "1" or "8453"',
        });
      else chain(entry, `${path}.${key}`, issues);
    }
  }),
  levels: optional(list(object({ name: text(60), minPoints: levelPoints }), { what: 'levels' })),
  origins: optional(
    list(
      str((s) =>
        isSafeUrl(s) && new URL(s).origin === s
          ? undefined
          : 'must be an origin such as "https://app.example"',
      ),
      { what: 'origins' },
    ),
  ),
  timeZone: optional(
    str((s) =>
      isTimeZone(s)
        ? undefined
        : `must be an IANA time zone such as "Europe/Madrid" or "UTC" ("${s.slice(0, 64)}" is not one this platform knows)`,
    ),
  ),
  streak: optional(object({ ...scheduleFields, freezes: streakFields.freezes! })),
  referral: optional(referral),
  tiers: list(tier, { min: 1, max: 100, what: 'tiers', minMessage: 'must hold at least one tier' }),
});

/** Checks that only make sense across fields: unique ids, references, windows, levels, rules. */
function crossCheck(
  c: Campaign,
  issues: ValidationIssue[],
  validateRule: RuleValidator,
  checkPattern: PatternChecker,
): void {
  const add = (path: string, message: string) => issues.push({ path, message });
  const tierIndex = new Map<string, number>();
  const taskAt = new Map<string, string>();
  c.tiers.forEach((tier, t) => {
    if (tierIndex.has(tier.id))
      add(`tiers[${t}].id`, `"${tier.id}" is already used by another tier`);
    else tierIndex.set(tier.id, t);
    tier.tasks.forEach((task, k) => {
      const path = `tiers[${t}].tasks[${k}]`;
      if (taskAt.has(task.id))
        add(`${path}.id`, `"${task.id}" is already used by ${taskAt.get(task.id)}`);
      else taskAt.set(task.id, path);
    });
  });
  c.tiers.forEach((tier, t) => {
    if (tier.reward?.kind && tier.reward.kind !== 'credential')
      rewardChecks?.cross(tier, `tiers[${t}].reward`, c, add);
    const unlock = tier.unlock;
    if (unlock) {
      const after = unlock.after === undefined ? undefined : tierIndex.get(unlock.after);
      if (unlock.after === undefined) {
        if (unlock.segment === undefined)
          add(
            `tiers[${t}].unlock`,
            'needs "after" (an earlier tier), "segment" (a saved segment of the server) or both',
          );
        else if (unlock.require !== undefined)
          add(`tiers[${t}].unlock.require`, 'counts the tasks of "after": give "after" too');
      } else if (after === undefined)
        add(`tiers[${t}].unlock.after`, `names no tier of this campaign ("${unlock.after}")`);
      else if (after >= t)
        add(
          `tiers[${t}].unlock.after`,
          `must name an earlier tier ("${unlock.after}" comes at or after this one)`,
        );
      if (unlock.streak) {
        const streakPath = `tiers[${t}].unlock.streak`;
        const named = unlock.streak.task;
        if (named === undefined) {
          if (!c.streak)
            add(streakPath, 'names no task, and the campaign has no "streak": add one of the two');
        } else {
          const found = c.tiers.flatMap((x) => x.tasks).find((x) => x.id === named);
          if (!found) add(`${streakPath}.task`, `names no task of this campaign ("${named}")`);
          else if (!found.streak)
            add(`${streakPath}.task`, `names task "${named}", which keeps no streak`);
        }
      }
      if (after !== undefined && after < t && typeof unlock.require === 'object') {
        const count = c.tiers[after]!.tasks.length;
        if (unlock.require.atLeast > count)
          add(
            `tiers[${t}].unlock.require.atLeast`,
            `asks for ${unlock.require.atLeast} tasks but tier "${unlock.after}" has only ${count}`,
          );
      }
    }
    tier.tasks.forEach((task, k) => {
      const path = `tiers[${t}].tasks[${k}]`;
      task.requires?.forEach((req, r) => {
        if (req === task.id) add(`${path}.requires[${r}]`, 'a task cannot require itself');
        else if (!taskAt.has(req))
          add(`${path}.requires[${r}]`, `names no task of this campaign ("${req}")`);
      });
      checkTask(task, path, c, add, validateRule, checkPattern);
      checkSchedule(task, path, add);
    });
  });
  // Cycles in `requires` would lock tasks forever.
  const byId = new Map(
    c.tiers.flatMap((tier) => tier.tasks.map((task) => [task.id, task] as const)),
  );
  const state = new Map<string, 1 | 2>();
  const visit = (taskId: string): boolean => {
    const s = state.get(taskId);
    if (s === 2) return false;
    if (s === 1) return true;
    state.set(taskId, 1);
    const cyclic = (byId.get(taskId)?.requires ?? []).some((r) => byId.has(r) && visit(r));
    state.set(taskId, 2);
    return cyclic;
  };
  for (const taskId of byId.keys()) {
    if (!state.has(taskId) && visit(taskId))
      add(
        `${taskAt.get(taskId)}.requires`,
        'forms a cycle: these tasks would wait for each other forever',
      );
  }
  if (c.streak) checkScheduleFields(c.streak, 'streak', add);
  if (c.referral) checkReferral(c.referral.qualify, 'referral.qualify', taskAt, add);
  if (c.startsAt && c.endsAt && Date.parse(c.endsAt) <= Date.parse(c.startsAt))
    add('endsAt', 'must be later than startsAt');
  c.levels?.forEach((level, i) => {
    const prev = c.levels![i - 1];
    if (prev && level.minPoints <= prev.minPoints)
      add(
        `levels[${i}].minPoints`,
        `must be greater than the previous level's (${prev.minPoints}): list levels in ascending order`,
      );
  });
}

/** A referral rule names tasks of the campaign; `atLeast` asks for no more rules than it has. */
function checkReferral(
  rule: ReferralRule,
  path: string,
  taskAt: ReadonlyMap<string, string>,
  add: (p: string, m: string) => void,
): void {
  if (rule.type === 'task') {
    if (!taskAt.has(rule.task))
      add(`${path}.task`, `names no task of this campaign ("${rule.task}")`);
    return;
  }
  if (rule.type === 'points') return;
  if (rule.type === 'atLeast' && rule.min > rule.rules.length)
    add(`${path}.min`, `asks for ${rule.min} rules but lists only ${rule.rules.length}`);
  rule.rules.forEach((r, i) => {
    checkReferral(r, `${path}.rules[${i}]`, taskAt, add);
  });
}

/** `resetAt` and `weekStart` only where they mean something. */
function checkScheduleFields(
  schedule: Schedule,
  path: string,
  add: (p: string, m: string) => void,
): void {
  if (typeof schedule.every === 'object' && schedule.resetAt !== undefined)
    add(`${path}.resetAt`, 'applies to "day", "week" and "month" schedules only');
  if (schedule.every !== 'week' && schedule.weekStart !== undefined)
    add(`${path}.weekStart`, 'applies to "week" schedules only');
}

/** The schedule fields of a task and what depends on a schedule. */
function checkSchedule(task: Task, path: string, add: (p: string, m: string) => void): void {
  if (task.schedule) checkScheduleFields(task.schedule, `${path}.schedule`, add);
  else {
    if (task.streak)
      add(`${path}.streak`, 'needs a "schedule": only a recurring task keeps a streak');
    if (task.claimLimit?.perPeriod !== undefined)
      add(`${path}.claimLimit.perPeriod`, 'needs a "schedule": a one-off task has no periods');
  }
  const limit = task.claimLimit;
  if (limit && limit.perPeriod === undefined && limit.total === undefined)
    add(`${path}.claimLimit`, 'must set "perPeriod", "total" or both');
  if (limit?.perPeriod !== undefined && limit.total !== undefined && limit.perPeriod > limit.total)
    add(`${path}.claimLimit.perPeriod`, `must be at most "total" (${limit.total})`);
}

/** Linear-time (RE2) patterns: what RE2 cannot run is refused, naming the field. */
function checkInputPattern(
  task: Task & { kind: 'input' },
  path: string,
  add: (p: string, m: string) => void,
  checkPattern: PatternChecker,
): void {
  const problem = checkPattern(task.pattern, task.flags);
  if (problem) add(`${path}.pattern`, problem);
}

function checkTask(
  task: Task,
  path: string,
  c: Campaign,
  add: (p: string, m: string) => void,
  validateRule: RuleValidator,
  checkPattern: PatternChecker,
): void {
  switch (task.kind) {
    case 'input':
      checkInputPattern(task, path, add, checkPattern);
      break;
    case 'wallet.chain':
      if (!c.chains?.[String(task.chainId)])
        add(`${path}.chainId`, `names chain ${task.chainId}, which is not listed under "chains"`);
      break;
    case 'onchain':
    case 'http':
    case 'credential':
      for (const issue of validateRule(task.rule, `${path}.rule`)) add(issue.path, issue.message);
      break;
  }
}

export type CampaignValidation =
  | { ok: true; campaign: Campaign }
  | { ok: false; issues: ValidationIssue[] };

/** Checks one rule; `@questboard/rules`' `validateRule`. */
export type RuleValidator = (rule: unknown, path: string) => ValidationIssue[];

/** Why an input task's pattern is refused, or `undefined`; `@questboard/rules`' `checkPattern`. */
export type PatternChecker = (source: string, flags?: string) => string | undefined;

/**
 * The checks of the reward kinds beyond `credential` (`rewardChecks` in ./reward-schema.ts):
 * `shape` checks one reward's fields (with the base fields given), `cross` what depends on the
 * campaign (its chains, its tier's points) once the structure holds.
 */
export interface RewardChecks {
  shape(
    value: Record<string, unknown>,
    kind: Exclude<RewardKind, 'credential'>,
    base: Shape,
    path: string,
    issues: Issues,
  ): void;
  cross(tier: Tier, path: string, campaign: Campaign, add: (p: string, m: string) => void): void;
}

/**
 * Validates a campaign with a given rule validator. Lets callers decide how the rules validator
 * is loaded: statically (`validateCampaign` in ./validate.ts) or lazily (`parseCampaignLazily`),
 * so the script-tag bundle carries it only for campaigns that have rule-backed tasks.
 */
export function validateCampaignWith(
  input: unknown,
  validateRule: RuleValidator,
  checkPattern: PatternChecker,
  checks?: RewardChecks,
): CampaignValidation {
  // Clean text first, everywhere (rules included): valid Unicode without NUL.
  const issues: ValidationIssue[] = uncleanText(input);
  if (issues.length) return { ok: false, issues };
  rewardChecks = checks;
  try {
    return validated(input, issues, validateRule, checkPattern);
  } finally {
    rewardChecks = undefined;
  }
}

function validated(
  input: unknown,
  issues: ValidationIssue[],
  validateRule: RuleValidator,
  checkPattern: PatternChecker,
): CampaignValidation {
  campaignShape(input, '', issues);
  if (issues.length) return { ok: false, issues };
  const campaign = input as Campaign;
  const total = campaign.tiers.reduce(
    (sum, tier) => sum + tier.tasks.reduce((s, task) => s + task.points, 0),
    0,
  );
  if (total > MAX_CAMPAIGN_POINTS)
    issues.push({
      path: 'tiers',
      message: `the tasks' points add up to ${total.toLocaleString('en-US')}; at most ${MAX_CAMPAIGN_POINTS.toLocaleString('en-US')} in one campaign`,
    });
  crossCheck(campaign, issues, validateRule, checkPattern);
  return issues.length ? { ok: false, issues } : { ok: true, campaign };
}

/** The one error a refused campaign yields: `CAMPAIGN_INVALID` listing every bad path. */
export function invalidCampaignError(issues: ValidationIssue[]): QuestError {
  const n = issues.length;
  return new QuestError(
    'CAMPAIGN_INVALID',
    `The campaign is invalid: ${n} problem${n === 1 ? '' : 's'} found.`,
    {
      issues,
      docsPath: '/docs/campaign-format.md',
    },
  );
}

/** Whether validating `input` needs ./reward-schema.ts: a reward of a kind beyond `credential`. */
const needsRewardChecks = (input: unknown): boolean =>
  typeof input === 'object' &&
  input !== null &&
  Array.isArray((input as Campaign).tiers) &&
  (input as Campaign).tiers.some(
    (tier) =>
      isObject(tier) &&
      isObject(tier.reward) &&
      tier.reward.kind !== undefined &&
      tier.reward.kind !== 'credential',
  );

/** How `parseCampaignLazily` may split its work. */
export interface LazyParseOptions {
  /**
   * Leave input tasks' patterns unchecked when nothing else needs the rules validator (no
   * rule-backed task): the campaign can be shown without loading the RE2 engine. The caller then
   * owes `checkCampaignPatterns(campaign)` before it accepts any answer (the memory backend's
   * `deferPatternCheck`).
   */
  deferPatterns?: boolean;
}

/**
 * `parseCampaign` for browsers: loads the rules validator (and the RE2 pattern engine) only when
 * the campaign has rule-backed or input tasks, and the reward kinds' checks (keccak for address
 * checksums) only when a reward has a kind beyond `credential`: a plain campaign pays for neither.
 * With `deferPatterns`, input tasks alone do not load the validator (see `LazyParseOptions`).
 */
export async function parseCampaignLazily(
  input: unknown,
  options: LazyParseOptions = {},
): Promise<Campaign> {
  const needsRules = options.deferPatterns ? hasRuleTasks(input) : needsRulesValidator(input);
  const [rules, rewards] = await Promise.all([
    needsRules ? loadRulesValidator() : undefined,
    needsRewardChecks(input) ? import('./reward-schema.js') : undefined,
  ]);
  const result = validateCampaignWith(
    input,
    rules?.validateRule ?? (() => []),
    rules?.checkPattern ?? (() => undefined),
    rewards?.rewardChecks,
  );
  if (result.ok) return result.campaign;
  throw invalidCampaignError(result.issues);
}

/**
 * The check `parseCampaignLazily(…, { deferPatterns: true })` left out: every input task's
 * pattern against RE2 (loading the rules validator when there is one). Rejects with the same
 * `CAMPAIGN_INVALID` error, naming each `tiers[i].tasks[j].pattern`, that a full validation gives.
 */
export async function checkCampaignPatterns(campaign: Campaign): Promise<void> {
  const inputs = campaign.tiers.flatMap((tier, t) =>
    tier.tasks.flatMap((task, k) =>
      task.kind === 'input' ? [{ task, path: `tiers[${t}].tasks[${k}]` }] : [],
    ),
  );
  if (!inputs.length) return;
  const { checkPattern } = await loadRulesValidator();
  const issues: ValidationIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  for (const { task, path } of inputs) checkInputPattern(task, path, add, checkPattern);
  if (issues.length) throw invalidCampaignError(issues);
}
