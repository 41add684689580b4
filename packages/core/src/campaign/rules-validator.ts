import type { Campaign } from './campaign.js';

/** Whether `input` (unvalidated JSON) has a task for which `test` holds. */
const someTask = (input: unknown, test: (task: object) => boolean): boolean =>
  typeof input === 'object' &&
  input !== null &&
  Array.isArray((input as Campaign).tiers) &&
  (input as Campaign).tiers.some(
    (tier) =>
      typeof tier === 'object' &&
      tier !== null &&
      Array.isArray(tier.tasks) &&
      tier.tasks.some((task) => typeof task === 'object' && task !== null && test(task)),
  );

/**
 * Whether validating `input` needs `@questboard/rules/validate`: rule-backed or input tasks. A
 * module of its own (no imports) so a script-tag entry can ask before the schema chunk loads.
 */
export const needsRulesValidator = (input: unknown): boolean =>
  someTask(input, (task) => 'rule' in task || (task as { kind?: unknown }).kind === 'input');

/**
 * Whether `input` has rule-backed tasks: their rules are checked before the campaign is shown.
 * Input tasks alone need the validator only for their patterns, which may be checked after the
 * first paint (`parseCampaignLazily(input, { deferPatterns: true })`, `checkCampaignPatterns`).
 */
export const hasRuleTasks = (input: unknown): boolean => someTask(input, (task) => 'rule' in task);

/**
 * Loads `@questboard/rules/validate` (a dynamic `import()`: a chunk of its own in browser
 * bundles). `parseCampaignLazily` awaits it for campaigns that `needsRulesValidator`; calling it
 * earlier (as soon as the campaign's JSON is known) only starts the same load sooner.
 */
export const loadRulesValidator = () => import('@questboard/rules/validate');
