import type { Campaign, Task } from '@questboard/core';
import { failureMessages } from './en.failure.js';
import type { Translator } from './index.js';
import { addEnglish } from './index.js';

// This code's English messages (kept out of the script-tag file's eager catalog).
addEnglish(failureMessages);

/** What a failed verification reported: its code and, for n-of-m rules, how far it got. */
export interface FailureFacts {
  code: string;
  current?: number;
  target?: number;
}

type RuleOf<T> = T extends { rule: infer R } ? R : never;
type AnyRule = RuleOf<Task>;

/**
 * A failed rule check in plain words, from the campaign's own names and units: "You hold 40 of
 * 100 TUSD", "Send at least 1 transaction from this wallet on Local anvil". `null` when there is
 * nothing better to say than the backend's own reason (which is kept as the error's `details`).
 */
export function describeFailure(
  i18n: Translator,
  campaign: Campaign,
  task: Task,
  failure: FailureFacts,
): string | null {
  if (failure.code !== 'VERIFY_FAILED' || !('rule' in task)) return null;
  return describeRule(i18n, campaign, task.rule as AnyRule, failure);
}

function chainName(campaign: Campaign, chainId: number): string {
  return campaign.chains?.[String(chainId)]?.name ?? String(chainId);
}

function describeRule(
  i18n: Translator,
  campaign: Campaign,
  rule: AnyRule,
  failure: FailureFacts,
): string | null {
  const { current, target } = failure;
  const counted = current !== undefined && target !== undefined;
  switch (rule.type) {
    case 'onchain.balance': {
      const native = !rule.token || rule.token === 'native';
      const symbol =
        rule.symbol ??
        (native
          ? (campaign.chains?.[String(rule.chainId)]?.nativeCurrency?.symbol ?? 'ETH')
          : i18n.t('failure.tokens'));
      return counted
        ? i18n.t('failure.balanceHeld', { held: current, min: target, symbol })
        : i18n.t('failure.balance', {
            min: Number.isFinite(Number(rule.min)) ? Number(rule.min) : rule.min,
            symbol,
            chain: chainName(campaign, rule.chainId),
          });
    }
    case 'onchain.txCount':
      return counted
        ? i18n.t('failure.txCountHeld', { current, n: target })
        : i18n.t('failure.txCount', { n: rule.min, chain: chainName(campaign, rule.chainId) });
    case 'onchain.nft': {
      const n = rule.min ?? 1;
      return counted
        ? i18n.t('failure.nftHeld', { current, n: target })
        : i18n.t('failure.nft', { n, chain: chainName(campaign, rule.chainId) });
    }
    case 'onchain.event': {
      const n = rule.min ?? 1;
      return counted
        ? i18n.t('failure.eventsHeld', { current, n: target })
        : i18n.t('failure.events', { n, chain: chainName(campaign, rule.chainId) });
    }
    case 'credential':
      return i18n.t('failure.credential');
    default:
      return counted ? i18n.t('failure.progress', { current, n: target }) : null;
  }
}
