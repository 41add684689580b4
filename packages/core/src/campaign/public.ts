import type { Rule } from '@questboard/rules';
import type { Campaign, Task } from './campaign.js';

/** Rule fields that may hold secrets (partner API keys): never in a public view. */
export const SECRET_RULE_FIELDS = ['headers'] as const;

/** A rule without its secret fields, through `all` / `any` / `atLeast` / `not`. */
export function publicRule(rule: Rule): Rule {
  switch (rule.type) {
    case 'all':
    case 'any':
    case 'atLeast':
      return { ...rule, rules: rule.rules.map(publicRule) };
    case 'not':
      return { ...rule, rule: publicRule(rule.rule) };
    case 'http':
    case 'graphql': {
      const copy: Record<string, unknown> = { ...rule };
      for (const field of SECRET_RULE_FIELDS) delete copy[field];
      return copy as unknown as Rule;
    }
    default:
      return rule;
  }
}

function publicTask(task: Task, serverChecked: boolean): Task {
  if (task.kind === 'quiz' && serverChecked) {
    const { answer: _, ...rest } = task;
    return rest;
  }
  if ('rule' in task) return { ...task, rule: publicRule(task.rule) };
  return task;
}

/**
 * The campaign as anyone may read it. Secret rule fields (`headers` of `http` and `graphql`
 * rules, where operators put partner API keys) are always removed. For a campaign a server
 * checks (`serverChecked`), quiz answers are removed too: the server keeps and checks them,
 * so a visitor cannot test each option against the hash. A browser-only campaign keeps its
 * salted hashes: the memory backend checks answers on the visitor's own device, which is a
 * client-side check and proves nothing to anyone else. Pure: the input is not changed.
 */
export function publicCampaign(campaign: Campaign, options: { serverChecked: boolean }): Campaign {
  return {
    ...campaign,
    tiers: campaign.tiers.map((tier) => ({
      ...tier,
      tasks: tier.tasks.map((task) => publicTask(task, options.serverChecked)),
    })),
  };
}
