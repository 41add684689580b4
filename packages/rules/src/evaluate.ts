// Rule evaluation (imports viem). Reachable as `@questboard/rules/evaluate` for lazy loading.
import { getAddress, isAddress } from 'viem';
import { planGraphql, planHttp } from './http.js';
import { planOnchain } from './onchain.js';
import { constantPlan, type Plan, type Runtime } from './plan.js';
import {
  CANONICAL_MULTICALL3,
  createReadCache,
  executeReads,
  type Read,
  type ReadOutcome,
} from './rpc.js';
import { ruleSince } from './since.js';
import { ruleError } from './transport.js';
import type {
  Address,
  CredentialRule,
  EvaluationContext,
  ReadCache,
  Rule,
  RuleResult,
} from './types.js';
import { validateRule } from './validate.js';

export { createReadCache } from './rpc.js';

let sharedCache: ReadCache | undefined;

function cacheOf(ctx: EvaluationContext): ReadCache | undefined {
  if (ctx.cache === false) return undefined;
  if (ctx.cache) return ctx.cache;
  sharedCache ??= createReadCache();
  return sharedCache;
}

function passed(r: RuleResult): boolean {
  return r.status === 'pass';
}

function planCredential(rule: CredentialRule): Plan {
  return {
    reads: [],
    async finish(rt) {
      if (!rt.ctx.credentials) {
        return ruleError(
          'CREDENTIALS_UNAVAILABLE',
          'no credential source was given to check credential rules against',
          false,
        );
      }
      let held: unknown;
      try {
        held = await rt.credentials();
      } catch (e) {
        return ruleError(
          'CREDENTIAL_SOURCE_FAILED',
          `the credential source failed: ${(e as Error)?.message ?? e}`,
          true,
        );
      }
      if (!Array.isArray(held)) {
        return ruleError(
          'MALFORMED_RESPONSE',
          'the credential source did not return a list',
          false,
        );
      }
      const issuer = rule.issuer.toLowerCase();
      const match = held.find(
        (c) =>
          typeof c === 'object' &&
          c !== null &&
          typeof c.issuer === 'string' &&
          c.issuer.toLowerCase() === issuer &&
          c.campaignId === rule.campaignId &&
          (rule.taskId === undefined || c.taskId === rule.taskId),
      );
      if (match) return { status: 'pass' };
      const what =
        rule.taskId === undefined
          ? `campaign ${rule.campaignId}`
          : `task ${rule.taskId} of campaign ${rule.campaignId}`;
      return { status: 'fail', reason: `holds no credential from ${rule.issuer} for ${what}` };
    },
  };
}

function combine(
  rule: Extract<Rule, { type: 'all' | 'any' | 'atLeast' }>,
  results: RuleResult[],
): RuleResult {
  const passes = results.filter(passed).length;
  const errors = results.filter((r) => r.status === 'error');
  const failures = results.filter((r) => r.status === 'fail' || r.status === 'progress');
  const need = rule.type === 'all' ? results.length : rule.type === 'any' ? 1 : rule.n;
  if (passes >= need) return { status: 'pass', observed: `${passes} of ${results.length}` };
  const reasons = failures
    .map((r) => ('reason' in r ? r.reason : ''))
    .slice(0, 3)
    .join('; ');
  // Not enough could pass even if every errored rule passed: a definite answer.
  if (passes + errors.length < need) {
    if (rule.type === 'any' || need === 1)
      return { status: 'fail', reason: `none of the alternatives holds: ${reasons}` };
    if (passes > 0 && rule.type === 'atLeast') {
      return {
        status: 'progress',
        current: passes,
        target: need,
        reason: `${passes} of the ${need} required conditions hold; ${reasons}`,
      };
    }
    return { status: 'fail', reason: reasons };
  }
  return errors[0]!;
}

function plan(rule: Rule, address: Address): Plan {
  switch (rule.type) {
    case 'onchain.txCount':
    case 'onchain.balance':
    case 'onchain.nft':
    case 'onchain.call':
    case 'onchain.event':
      return planOnchain(rule, address);
    case 'http':
      return planHttp(rule, address);
    case 'graphql':
      return planGraphql(rule, address);
    case 'credential':
      return planCredential(rule);
    case 'not': {
      const inner = plan(rule.rule, address);
      return {
        reads: inner.reads,
        async finish(rt) {
          const r = await inner.finish(rt);
          if (r.status === 'error') return r;
          if (r.status === 'pass')
            return {
              status: 'fail',
              reason: `the negated condition holds${r.observed ? ` (${r.observed})` : ''}`,
            };
          return { status: 'pass' };
        },
      };
    }
    case 'all':
    case 'any':
    case 'atLeast': {
      const children = rule.rules.map((r) => plan(r, address));
      return {
        reads: children.flatMap((c) => c.reads),
        async finish(rt) {
          return combine(rule, await Promise.all(children.map((c) => c.finish(rt))));
        },
      };
    }
  }
}

function rpcOptions(ctx: EvaluationContext, chainId: number) {
  const multicall =
    ctx.multicall3 && Object.hasOwn(ctx.multicall3, chainId)
      ? ctx.multicall3[chainId]
      : CANONICAL_MULTICALL3;
  return {
    urls: (ctx.rpcUrls?.[chainId] ?? []).filter(
      (u) => typeof u === 'string' && /^https?:\/\//i.test(u),
    ),
    multicall3: multicall ?? null,
    fetch: ctx.fetch ?? globalThis.fetch,
    timeoutMs: ctx.timeoutMs ?? 10_000,
    signal: ctx.signal,
    cache: cacheOf(ctx),
  };
}

/**
 * Evaluates several rules for one wallet at once (a tier). Every on-chain read of all of them
 * on one chain goes out as one JSON-RPC request (a batch, with the `eth_call`s folded into a
 * Multicall3 call); HTTP, GraphQL and credential checks run concurrently beside it. Never
 * throws: problems come back as `error` results.
 */
export async function evaluateRules(
  rules: readonly Rule[],
  ctx: EvaluationContext,
): Promise<RuleResult[]> {
  if (typeof ctx?.address !== 'string' || !isAddress(ctx.address, { strict: false })) {
    const err = ruleError(
      'BAD_CONTEXT',
      `the address to check is not a valid address: ${String(ctx?.address).slice(0, 60)}`,
      false,
    );
    return rules.map(() => err);
  }
  const address = getAddress(ctx.address.toLowerCase());
  const plans = rules.map((given) => {
    const issues = validateRule(given, 'rule');
    if (issues.length > 0) {
      const message = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
      return constantPlan(ruleError('BAD_RULE', message, false));
    }
    return plan(ctx.since === undefined ? given : ruleSince(given, ctx.since), address);
  });

  const byChain = new Map<number, Map<string, Read>>();
  for (const p of plans) {
    for (const r of p.reads) {
      const reads = byChain.get(r.chainId) ?? new Map<string, Read>();
      reads.set(r.key, r.read);
      byChain.set(r.chainId, reads);
    }
  }
  const execute = (chainId: number, reads: Map<string, Read>) =>
    executeReads(reads, rpcOptions(ctx, chainId));
  const outcomes = Promise.all(
    [...byChain].map(([chainId, reads]) => execute(chainId, reads)),
  ).then((maps) => {
    const all = new Map<string, ReadOutcome>();
    for (const m of maps) for (const [k, v] of m) all.set(k, v);
    return all;
  });
  let held: Promise<unknown> | undefined;
  const credentials = () => {
    held ??= Promise.resolve().then(() => ctx.credentials!(address));
    return held;
  };
  const rt: Runtime = { address, ctx, outcomes, execute, credentials };
  return Promise.all(
    plans.map((p) =>
      p
        .finish(rt)
        .catch((e: unknown) =>
          ruleError(
            'MALFORMED_RESPONSE',
            `evaluation failed: ${(e as Error)?.message ?? e}`,
            false,
          ),
        ),
    ),
  );
}

/** Evaluates one rule for one wallet. Never throws: problems come back as `error` results. */
export async function evaluateRule(rule: Rule, ctx: EvaluationContext): Promise<RuleResult> {
  const [result] = await evaluateRules([rule], ctx);
  return result!;
}
