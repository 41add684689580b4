import type { Rule } from './types.js';

/**
 * A rule that looks only at what happened since `since` (Unix seconds): every `onchain.event`
 * inside it (through `all`, `any`, `atLeast`, `not`) counts only logs from blocks at or after
 * that time — its own `since` stays when later. A scheduled task evaluates its rule this way, so
 * one old transaction cannot satisfy every period. Rules about state (balances, holdings, view
 * calls) already read the latest block; a `txCount` is a lifetime total and is left as it is.
 */
export function ruleSince(rule: Rule, since: number): Rule {
  switch (rule.type) {
    case 'onchain.event': {
      const own =
        rule.since === undefined
          ? undefined
          : typeof rule.since === 'number'
            ? rule.since
            : Math.floor(Date.parse(rule.since) / 1000);
      return { ...rule, since: own !== undefined && own > since ? own : Math.floor(since) };
    }
    case 'all':
    case 'any':
    case 'atLeast':
      return { ...rule, rules: rule.rules.map((r) => ruleSince(r, since)) };
    case 'not':
      return { ...rule, rule: ruleSince(rule.rule, since) };
    default:
      return rule;
  }
}
