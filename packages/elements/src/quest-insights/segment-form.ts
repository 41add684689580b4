// The segment builder's form model: a list of conditions joined by all / any, to and from the
// server's segment rule JSON (@questboard/core SegmentRule). Pure functions, no DOM.
import type { SegmentRule } from '@questboard/core';

/** The kinds of condition the form offers (`raw`: a rule it cannot show field by field). */
export const CONDITION_KINDS = [
  'taskDone',
  'taskNotDone',
  'points',
  'credential',
  'referredBy',
  'firstSeen',
] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number] | 'raw';

/** The form's fields, as typed (strings: an empty one is left out of the rule). */
export const CONDITION_FIELDS = {
  taskDone: ['campaignId', 'taskId'],
  taskNotDone: ['campaignId', 'taskId'],
  points: ['campaignId', 'min'],
  credential: ['issuer', 'campaignId', 'taskId'],
  referredBy: ['campaignId', 'referrer'],
  firstSeen: ['after', 'before'],
  raw: [],
} as const satisfies Record<ConditionKind, readonly string[]>;
export type ConditionField = (typeof CONDITION_FIELDS)[Exclude<ConditionKind, 'raw'>][number];

export interface Condition {
  kind: ConditionKind;
  values: Partial<Record<ConditionField, string>>;
  /** The rule itself, for `raw`. */
  raw?: SegmentRule;
}

export type Combinator = 'all' | 'any';

export interface SegmentForm {
  combinator: Combinator;
  conditions: Condition[];
}

/** A field's value in the rule: left out when empty. */
function put(target: Record<string, unknown>, key: string, value: string | undefined) {
  const v = value?.trim();
  if (v) target[key] = v;
}

/** A count field: a number when it reads as one (else the text, for the server to refuse). */
function putNumber(target: Record<string, unknown>, key: string, value: string | undefined) {
  const v = value?.trim();
  if (!v) return;
  const n = Number(v);
  target[key] = Number.isFinite(n) ? n : v;
}

/** One condition as a rule (fields as typed; the server checks them). */
export function conditionRule(c: Condition): SegmentRule {
  const v = c.values;
  const r: Record<string, unknown> = {};
  switch (c.kind) {
    case 'raw':
      return c.raw!;
    case 'taskDone':
    case 'taskNotDone':
      r.type = 'task';
      put(r, 'campaignId', v.campaignId);
      put(r, 'taskId', v.taskId);
      return (c.kind === 'taskNotDone' ? { type: 'not', rule: r } : r) as SegmentRule;
    case 'points':
      r.type = 'points';
      put(r, 'campaignId', v.campaignId);
      putNumber(r, 'min', v.min);
      return r as SegmentRule;
    case 'credential':
      r.type = 'credential';
      put(r, 'issuer', v.issuer);
      put(r, 'campaignId', v.campaignId);
      put(r, 'taskId', v.taskId);
      return r as SegmentRule;
    case 'referredBy':
      r.type = 'referredBy';
      put(r, 'campaignId', v.campaignId);
      put(r, 'referrer', v.referrer);
      return r as SegmentRule;
    case 'firstSeen':
      r.type = 'firstSeen';
      put(r, 'after', v.after);
      put(r, 'before', v.before);
      return r as SegmentRule;
  }
}

/** The form's rule: `{ type: all|any, rules }`, or undefined while it has no condition. */
export function formRule(form: SegmentForm): SegmentRule | undefined {
  if (!form.conditions.length) return undefined;
  return { type: form.combinator, rules: form.conditions.map(conditionRule) };
}

const text = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
const values = (entries: [ConditionField, unknown][]): Condition['values'] =>
  Object.fromEntries(entries.filter(([, v]) => v !== undefined).map(([k, v]) => [k, text(v)]));

/** A rule as one condition of the form (`raw` when the form has no fields for it). */
export function ruleCondition(rule: SegmentRule): Condition {
  const r = rule as Record<string, unknown> & SegmentRule;
  switch (r.type) {
    case 'task':
      return {
        kind: 'taskDone',
        values: values([
          ['campaignId', r.campaignId],
          ['taskId', r.taskId],
        ]),
      };
    case 'not':
      if (r.rule?.type === 'task')
        return {
          kind: 'taskNotDone',
          values: values([
            ['campaignId', r.rule.campaignId],
            ['taskId', r.rule.taskId],
          ]),
        };
      break;
    case 'points':
      if (r.max === undefined)
        return {
          kind: 'points',
          values: values([
            ['campaignId', r.campaignId],
            ['min', r.min],
          ]),
        };
      break;
    case 'credential':
      return {
        kind: 'credential',
        values: values([
          ['issuer', r.issuer],
          ['campaignId', r.campaignId],
          ['taskId', r.taskId],
        ]),
      };
    case 'referredBy':
      return {
        kind: 'referredBy',
        values: values([
          ['campaignId', r.campaignId],
          ['referrer', r.referrer],
        ]),
      };
    case 'firstSeen':
      return {
        kind: 'firstSeen',
        values: values([
          ['after', r.after],
          ['before', r.before],
        ]),
      };
  }
  return { kind: 'raw', values: {}, raw: rule };
}

/** A rule as the form: an all / any at the top is the form's list, anything else one condition. */
export function ruleForm(rule: SegmentRule | undefined): SegmentForm {
  if (!rule || typeof rule !== 'object') return { combinator: 'all', conditions: [] };
  if ((rule.type === 'all' || rule.type === 'any') && Array.isArray(rule.rules))
    return { combinator: rule.type, conditions: rule.rules.map(ruleCondition) };
  return { combinator: 'all', conditions: [ruleCondition(rule)] };
}

/** Where a server issue's path (`rule.rules[1].rule.taskId`) points in the form. */
export interface IssueTarget {
  /** The condition's index, or undefined for the form as a whole. */
  index?: number;
  /** The field, or undefined for the condition as a whole. */
  field?: ConditionField;
}

/** Finds the form field a 400's issue path names (see {@link formRule}'s shape). */
export function issueTarget(path: string, form: SegmentForm): IssueTarget {
  const m = /^rule\.rules\[(\d+)\](?:\.rule)?(?:\.(\w+))?/.exec(path);
  if (!m) return {};
  const index = Number(m[1]);
  const condition = form.conditions[index];
  if (!condition) return {};
  const fields = CONDITION_FIELDS[condition.kind] as readonly string[];
  const field = m[2] && fields.includes(m[2]) ? (m[2] as ConditionField) : undefined;
  return field ? { index, field } : { index };
}
