// Loaded lazily by the memory backend: rule evaluation pulls viem's RPC client.
import { evaluateRule } from '@questboard/rules/evaluate';
import type { VerifyResult } from './backend.js';
import type { Address, Campaign, Task } from './campaign.js';
import { QuestError } from './errors.js';

export async function evaluateTaskRule(
  task: Task,
  campaign: Campaign,
  address: Address,
  options: { fetch?: typeof fetch; rpcUrls?: Record<number, string[]> },
): Promise<VerifyResult | true> {
  if (!('rule' in task)) throw new QuestError('BAD_REQUEST', `Task "${task.id}" has no rule.`);
  const rpcUrls: Record<number, string[]> = {};
  for (const [id, chain] of Object.entries(campaign.chains ?? {}))
    rpcUrls[Number(id)] = chain.rpcUrls;
  Object.assign(rpcUrls, options.rpcUrls);
  // No read cache: a verification follows the visitor's own action (a transaction just sent), so a
  // latest-block read cached a moment ago would wrongly say "not yet".
  const result = await evaluateRule(task.rule, {
    address,
    rpcUrls,
    cache: false,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
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
