import type { Campaign } from './campaign.js';

/**
 * Whether validating `input` needs `@questboard/rules/validate`: rule-backed or input tasks. A
 * module of its own (no imports) so a script-tag entry can ask before the schema chunk loads.
 */
export const needsRulesValidator = (input: unknown): boolean =>
  typeof input === 'object' &&
  input !== null &&
  Array.isArray((input as Campaign).tiers) &&
  (input as Campaign).tiers.some(
    (tier) =>
      typeof tier === 'object' &&
      tier !== null &&
      Array.isArray(tier.tasks) &&
      tier.tasks.some(
        (task) =>
          typeof task === 'object' &&
          task !== null &&
          ('rule' in task || (task as { kind?: unknown }).kind === 'input'),
      ),
  );

/**
 * Loads `@questboard/rules/validate` (a dynamic `import()`: a chunk of its own in browser
 * bundles). `parseCampaignLazily` awaits it for campaigns that `needsRulesValidator`; calling it
 * earlier (as soon as the campaign's JSON is known) only starts the same load sooner.
 */
export const loadRulesValidator = () => import('@questboard/rules/validate');
