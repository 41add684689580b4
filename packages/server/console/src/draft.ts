import { REWARD_KINDS, SCHEMA_VERSION, TASK_KINDS, type TaskKind } from '@questboard/core';

/** The task kinds the form edits field by field; any other kind is edited in the JSON view. */
export const FORM_TASK_KINDS = [
  'visit',
  'quiz',
  'input',
  'wallet.connect',
  'onchain',
] as const satisfies readonly TaskKind[];

/** Every reward kind the form offers (core's list), plus none. */
export const FORM_REWARD_KINDS = REWARD_KINDS;

export { TASK_KINDS };

type Json = Record<string, unknown>;

/** The fields a task of `kind` starts with (the kind's own; id, title and points are kept). */
export function taskDefaults(kind: string): Json {
  switch (kind) {
    case 'visit':
      return { url: 'https://' };
    case 'quiz':
      return { question: '' };
    case 'input':
      return { pattern: '.+' };
    case 'onchain':
      return {
        rule: { type: 'onchain.balance', chainId: 1, min: '0.01' },
      };
    default:
      return {};
  }
}

/** The fields every task kind shares: switching kind keeps these and drops the rest. */
const TASK_BASE_FIELDS = ['id', 'title', 'description', 'cta', 'points', 'requires'] as const;

/** `task` turned into a `kind` task: the shared fields kept, the kind's own defaulted. */
export function changeTaskKind(task: unknown, kind: string): Json {
  const base: Json = {};
  if (typeof task === 'object' && task !== null)
    for (const field of TASK_BASE_FIELDS) if (field in task) base[field] = (task as Json)[field];
  return { ...base, kind, ...taskDefaults(kind) };
}

/** The reward fields of `kind` (title and description kept); `''` removes the reward. */
export function changeRewardKind(reward: unknown, kind: string): Json | undefined {
  if (!kind) return undefined;
  const old = (typeof reward === 'object' && reward !== null ? reward : {}) as Json;
  const base: Json = { title: old.title ?? '' };
  if (old.description !== undefined) base.description = old.description;
  if (old.image !== undefined) base.image = old.image;
  switch (kind) {
    case 'badge':
      return { ...base, kind, chainId: 1, contract: '' };
    case 'token':
      return {
        ...base,
        kind,
        chainId: 1,
        contract: '',
        token: { address: '', symbol: '', decimals: 18 },
        amount: '0',
      };
    case 'allowlist':
      return { ...base, kind, list: '' };
    default:
      return { ...base, kind: 'credential' };
  }
}

/** An id not yet used among `taken`: `task-1`, `task-2`, … */
export function freshId(prefix: string, taken: readonly unknown[]): string {
  for (let n = 1; ; n++) if (!taken.includes(`${prefix}-${n}`)) return `${prefix}-${n}`;
}

export function newTask(taken: readonly unknown[]): Json {
  return { id: freshId('task', taken), kind: 'visit', title: '', points: 10, url: 'https://' };
}

export function newTier(taken: readonly unknown[]): Json {
  return { id: freshId('tier', taken), title: '', tasks: [] };
}

/** What "New campaign" starts from: one tier with one task, which the operator fills in. */
export function newCampaign(): Json {
  return {
    schemaVersion: SCHEMA_VERSION,
    id: '',
    title: '',
    tiers: [{ id: 'tier-1', title: 'Start here', tasks: [newTask([])] }],
  };
}

/**
 * The working draft, kept in localStorage so it survives a reload (one draft per browser
 * profile; the admin key never goes there). `source: 'server'` with the `etag` it was loaded at
 * means publishing replaces that campaign (`PUT` with `If-Match`); `'new'` creates it (`POST`).
 */
export interface Draft {
  v: 1;
  campaign: unknown;
  source: 'new' | 'server';
  etag?: string;
  /** The JSON view's text when it does not parse (kept so a reload does not lose it). */
  text?: string;
}

export const DRAFT_KEY = 'questboard-console:draft';

export function loadDraft(storage: Pick<Storage, 'getItem'>): Draft | undefined {
  try {
    const raw = storage.getItem(DRAFT_KEY);
    if (!raw) return undefined;
    const draft = JSON.parse(raw) as Draft;
    if (draft?.v !== 1 || (draft.source !== 'new' && draft.source !== 'server')) return undefined;
    return draft;
  } catch {
    return undefined;
  }
}

export function saveDraft(storage: Pick<Storage, 'setItem'>, draft: Draft): void {
  try {
    storage.setItem(DRAFT_KEY, JSON.stringify(draft));
  } catch {
    // storage full or disabled: the draft lives until the tab closes
  }
}

/** Issues by path: the form shows each at its field, the JSON view lists them all. */
export function issuesByPath(
  issues: readonly { path: string; message: string }[],
): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const { path, message } of issues) map.set(path, [...(map.get(path) ?? []), message]);
  return map;
}
