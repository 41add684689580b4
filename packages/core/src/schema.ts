import * as v from 'valibot';
import { type Campaign, SCHEMA_VERSION, TASK_KINDS, type Task } from './campaign.js';
import { QuestError, type ValidationIssue } from './errors.js';

// Structure is checked with valibot (small, tree-shakeable, keeps every issue with its path);
// references between tiers and tasks, windows and rules are checked by hand below.

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const idMessage = 'must be 1–64 letters, digits, "-" or "_", starting with a letter or digit';

const text = (max: number) =>
  v.pipe(
    v.string('must be text'),
    v.trim(),
    v.nonEmpty('must not be empty'),
    v.maxLength(max, `must be at most ${max} characters`),
  );
const optionalText = (max: number) =>
  v.optional(
    v.pipe(v.string('must be text'), v.maxLength(max, `must be at most ${max} characters`)),
  );
const id = v.pipe(v.string('must be text'), v.regex(ID, idMessage));
const points = v.pipe(
  v.number('must be a number'),
  v.integer('must be a whole number'),
  v.minValue(0, 'must be 0 or more'),
  v.maxValue(1_000_000_000, 'must be at most 1,000,000,000'),
);
/** Only `https:` and `http:` links are ever rendered: no `javascript:`, `data:` or relative tricks. */
export function isSafeUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
const link = v.pipe(
  v.string('must be text'),
  v.check(isSafeUrl, 'must be an absolute https: or http: URL'),
);
const instant = v.pipe(
  v.string('must be an ISO 8601 date-time text such as "2026-01-31T12:00:00Z"'),
  v.check(
    (s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)),
    'must be an ISO 8601 date-time such as "2026-01-31T12:00:00Z"',
  ),
);
const strict = <E extends v.ObjectEntries>(entries: E) =>
  v.strictObject(entries, (issue) =>
    issue.expected === 'never' ? 'is not a known field' : 'must be an object',
  );

const base = {
  id,
  title: text(200),
  description: optionalText(2000),
  cta: v.optional(text(60)),
  points,
  requires: v.optional(v.array(id, 'must be a list of task ids')),
};

const ruleField = v.custom<Record<string, unknown>>(
  (input) => typeof input === 'object' && input !== null && !Array.isArray(input),
  'must be a rule object (see the rules documentation)',
);

const taskSchema = v.variant(
  'kind',
  [
    strict({ ...base, kind: v.literal('visit'), url: link }),
    strict({
      ...base,
      kind: v.literal('quiz'),
      question: text(500),
      options: v.optional(
        v.pipe(
          v.array(text(200), 'must be a list of answers'),
          v.minLength(2, 'must offer at least 2 options'),
          v.maxLength(12, 'must offer at most 12 options'),
        ),
      ),
      answer: strict({
        salt: v.pipe(v.string('must be text'), v.minLength(8, 'must be at least 8 characters')),
        hash: v.pipe(
          v.string('must be text'),
          v.regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256 digest (64 characters)'),
        ),
      }),
    }),
    strict({
      ...base,
      kind: v.literal('input'),
      label: optionalText(200),
      placeholder: optionalText(200),
      pattern: v.pipe(
        v.string('must be text'),
        v.nonEmpty('must not be empty'),
        v.maxLength(500, 'must be at most 500 characters'),
      ),
      flags: v.optional(
        v.pipe(
          v.string('must be text'),
          v.regex(/^(?!.*(.).*\1)[imsu]*$/, 'may only use the flags i, m, s, u once each'),
        ),
      ),
      maxLength: v.optional(
        v.pipe(
          v.number('must be a number'),
          v.integer('must be a whole number'),
          v.minValue(1, 'must be 1 or more'),
          v.maxValue(5000, 'must be at most 5000'),
        ),
      ),
    }),
    strict({ ...base, kind: v.literal('wallet.connect') }),
    strict({ ...base, kind: v.literal('wallet.signIn') }),
    strict({
      ...base,
      kind: v.literal('wallet.chain'),
      chainId: v.pipe(
        v.number('must be a number'),
        v.integer('must be a whole number'),
        v.minValue(1, 'must be a positive chain id'),
      ),
    }),
    ...(['onchain', 'http', 'credential'] as const).map((kind) =>
      strict({ ...base, kind: v.literal(kind), rule: ruleField, url: v.optional(link) }),
    ),
  ],
  (issue) =>
    issue.expected === 'Object'
      ? 'must be a task object'
      : `must be one of ${TASK_KINDS.map((k) => `"${k}"`).join(', ')}`,
);

const requirement = v.union(
  [
    v.picklist(['all', 'any']),
    strict({
      atLeast: v.pipe(
        v.number('must be a number'),
        v.integer('must be a whole number'),
        v.minValue(1, 'must be 1 or more'),
      ),
    }),
  ],
  'must be "all", "any" or { "atLeast": n }',
);

const tierSchema = strict({
  id,
  title: text(200),
  description: optionalText(2000),
  unlock: v.optional(strict({ after: id, require: v.optional(requirement) })),
  tasks: v.pipe(
    v.array(taskSchema, 'must be a list of tasks'),
    v.minLength(1, 'must hold at least one task'),
    v.maxLength(2000, 'must hold at most 2000 tasks'),
  ),
  reward: v.optional(
    strict({ title: text(200), description: optionalText(2000), image: v.optional(link) }),
  ),
});

const chainSchema = strict({
  name: optionalText(100),
  rpcUrls: v.pipe(
    v.array(link, 'must be a list of URLs'),
    v.minLength(1, 'must list at least one RPC URL'),
  ),
  explorer: v.optional(link),
  nativeCurrency: v.optional(
    strict({
      name: text(50),
      symbol: text(12),
      decimals: v.pipe(
        v.number('must be a number'),
        v.integer('must be a whole number'),
        v.minValue(0, 'must be 0 or more'),
        v.maxValue(36, 'must be at most 36'),
      ),
    }),
  ),
});

const campaignSchema = strict({
  schemaVersion: v.literal(
    SCHEMA_VERSION,
    `must be ${SCHEMA_VERSION} (this library reads schema version ${SCHEMA_VERSION})`,
  ),
  id,
  title: text(200),
  description: optionalText(5000),
  startsAt: v.optional(instant),
  endsAt: v.optional(instant),
  chains: v.optional(
    v.record(
      v.pipe(
        v.string(),
        v.regex(/^[1-9]\d{0,15}$/, 'chain keys must be decimal chain ids such as "1" or "8453"'),
      ),
      chainSchema,
      'must be an object keyed by chain id',
    ),
  ),
  levels: v.optional(
    v.array(strict({ name: text(60), minPoints: points }), 'must be a list of { name, minPoints }'),
  ),
  origins: v.optional(
    v.array(
      v.pipe(
        v.string('must be text'),
        v.check(
          (s) => isSafeUrl(s) && new URL(s).origin === s,
          'must be an origin such as "https://app.example"',
        ),
      ),
      'must be a list of origins',
    ),
  ),
  tiers: v.pipe(
    v.array(tierSchema, 'must be a list of tiers'),
    v.minLength(1, 'must hold at least one tier'),
    v.maxLength(100, 'must hold at most 100 tiers'),
  ),
});

function formatPath(path: readonly { key: unknown }[] | undefined): string {
  let out = '';
  for (const item of path ?? []) {
    if (typeof item.key === 'number') out += `[${item.key}]`;
    else out += out ? `.${String(item.key)}` : String(item.key);
  }
  return out;
}

/** Checks that only make sense across fields: unique ids, references, windows, levels, rules. */
function crossCheck(c: Campaign, issues: ValidationIssue[], validateRule: RuleValidator): void {
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
    const unlock = tier.unlock;
    if (unlock) {
      const after = tierIndex.get(unlock.after);
      if (after === undefined)
        add(`tiers[${t}].unlock.after`, `names no tier of this campaign ("${unlock.after}")`);
      else if (after >= t)
        add(
          `tiers[${t}].unlock.after`,
          `must name an earlier tier ("${unlock.after}" comes at or after this one)`,
        );
      else if (typeof unlock.require === 'object') {
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
      checkTask(task, path, c, add, validateRule);
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

function checkTask(
  task: Task,
  path: string,
  c: Campaign,
  add: (p: string, m: string) => void,
  validateRule: RuleValidator,
): void {
  switch (task.kind) {
    case 'input':
      try {
        new RegExp(task.pattern, task.flags);
      } catch (error) {
        add(`${path}.pattern`, `is not a valid regular expression (${(error as Error).message})`);
      }
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

/**
 * Validates a campaign with a given rule validator. Lets callers decide how the rules validator
 * is loaded: statically (`validateCampaign` in ./validate.ts) or lazily (`parseCampaignLazily`),
 * so the script-tag bundle carries it only for campaigns that have rule-backed tasks.
 */
export function validateCampaignWith(
  input: unknown,
  validateRule: RuleValidator,
): CampaignValidation {
  const result = v.safeParse(campaignSchema, input, { abortEarly: false, abortPipeEarly: true });
  if (!result.success) {
    const issues = result.issues.map((issue) => ({
      path: formatPath(issue.path),
      message: issue.message,
    }));
    return { ok: false, issues: dedupe(issues) };
  }
  const campaign = result.output as Campaign;
  const issues: ValidationIssue[] = [];
  crossCheck(campaign, issues, validateRule);
  return issues.length ? { ok: false, issues } : { ok: true, campaign };
}

function dedupe(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
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

const hasRuleTasks = (input: unknown): boolean =>
  typeof input === 'object' &&
  input !== null &&
  Array.isArray((input as Campaign).tiers) &&
  (input as Campaign).tiers.some(
    (tier) =>
      typeof tier === 'object' &&
      tier !== null &&
      Array.isArray(tier.tasks) &&
      tier.tasks.some((task) => typeof task === 'object' && task !== null && 'rule' in task),
  );

/**
 * `parseCampaign` for browsers: loads the rules validator only when the campaign has rule-backed
 * tasks, so a plain campaign never pays for it.
 */
export async function parseCampaignLazily(input: unknown): Promise<Campaign> {
  const validateRule: RuleValidator = hasRuleTasks(input)
    ? (await import('@questboard/rules/validate')).validateRule
    : () => [];
  const result = validateCampaignWith(input, validateRule);
  if (result.ok) return result.campaign;
  throw invalidCampaignError(result.issues);
}
