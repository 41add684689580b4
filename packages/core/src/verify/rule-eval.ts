// Shared by the memory backend (which loads this module lazily: evaluation pulls viem) and the
// reference server: a task's rule, evaluated for one address, as a verification result.
import type { EvaluationContext } from '@questboard/rules';
import { evaluateRule } from '@questboard/rules/evaluate';
import type { VerifyFailed } from '../backends/backend.js';
import type { Address, Campaign, Task } from '../campaign/campaign.js';
import { QuestError } from '../errors.js';

/**
 * Evaluates a rule-backed task for `address`: `true` when it passes, a `VerifyFailed`
 * (with the observed reason and any n-of-m progress) when it does not, and a `RULE_ERROR`
 * `QuestError` (with `retryable`) when the answer is unknown (RPC down, timeout…) — never a fail.
 * RPC URLs come from the campaign's `chains`, overridden by `options.rpcUrls`.
 */
export async function evaluateTaskRule(
  task: Task,
  campaign: Campaign,
  address: Address,
  options: Omit<Partial<EvaluationContext>, 'address' | 'cache'> = {},
): Promise<VerifyFailed | true> {
  if (!('rule' in task)) throw new QuestError('BAD_REQUEST', `Task "${task.id}" has no rule.`);
  const rpcUrls: Record<number | string, string[]> = {};
  for (const [id, chain] of Object.entries(campaign.chains ?? {})) rpcUrls[id] = chain.rpcUrls;
  Object.assign(rpcUrls, options.rpcUrls);
  // No read cache: a verification follows the visitor's own action (a transaction just sent), so a
  // latest-block read cached a moment ago would wrongly say "not yet".
  const result = await evaluateRule(task.rule, { ...options, address, rpcUrls, cache: false });
  switch (result.status) {
    case 'pass':
      return true;
    case 'fail':
      return { ok: false, code: 'VERIFY_FAILED', reason: result.reason };
    case 'progress':
      return {
        ok: false,
        code: 'VERIFY_FAILED',
        reason: result.reason,
        current: result.current,
        target: result.target,
      };
    default:
      throw new QuestError('RULE_ERROR', result.message, {
        details: result.code,
        retryable: result.retryable,
      });
  }
}
