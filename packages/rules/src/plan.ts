import type { Read, ReadOutcome } from './rpc.js';
import type { Address, EvaluationContext, RuleResult } from './types.js';

/** What a plan's `finish` can use: the batched read outcomes, and a way to read more. */
export interface Runtime {
  /** The wallet, checksummed. */
  address: Address;
  ctx: EvaluationContext;
  /** Outcomes of every plan's reads, keyed by `readKey`, once the batch has run. */
  outcomes: Promise<Map<string, ReadOutcome>>;
  /** The context's credential source, called at most once per evaluation. */
  credentials(): Promise<unknown>;
  /** Runs further reads on one chain (one more batched request). */
  execute(chainId: number, reads: Map<string, Read>): Promise<Map<string, ReadOutcome>>;
}

export interface PlannedRead {
  chainId: number;
  key: string;
  read: Read;
}

/** A rule ready to run: the on-chain reads it needs (batched with the others) and how to judge them. */
export interface Plan {
  reads: PlannedRead[];
  finish(rt: Runtime): Promise<RuleResult>;
}

export function constantPlan(result: RuleResult): Plan {
  return { reads: [], finish: async () => result };
}
