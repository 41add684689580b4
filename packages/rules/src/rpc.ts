// On-chain reads, batched: every read of one evaluation on one chain goes out as ONE HTTP
// request — a JSON-RPC batch in which all `eth_call`s at the same block are folded into one
// Multicall3 `aggregate3` call, beside `eth_getTransactionCount`, `eth_getBalance` and
// `eth_getLogs`. Results are cached per chain and block.
import {
  decodeFunctionResult,
  encodeFunctionData,
  type Hex,
  multicall3Abi,
  numberToHex,
} from 'viem';
import { LIMITS } from './limits.js';
import { request, ruleError } from './transport.js';
import type { Address, ReadCache, RuleError } from './types.js';

export const CANONICAL_MULTICALL3: Address = '0xcA11bde05977b3631167028862bE2a173976CA11';

/** A block to read at: the latest one, or a fixed number. */
export type BlockTag = 'latest' | bigint;

export type Read =
  | { kind: 'rpc'; method: string; params: unknown[]; block: BlockTag }
  | { kind: 'call'; to: Address; data: Hex; block: BlockTag };

export type ReadOutcome = { ok: true; value: unknown } | { ok: false; error: RuleError };

export interface RpcOptions {
  urls: string[];
  multicall3: Address | null;
  fetch: typeof fetch;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  cache: ReadCache | undefined;
}

export function blockParam(block: BlockTag): string {
  return block === 'latest' ? 'latest' : numberToHex(block);
}

/** A stable key for a read on a chain, used for de-duplication and caching. */
export function readKey(chainId: number, read: Read): string {
  const block = read.block === 'latest' ? 'latest' : read.block.toString();
  return read.kind === 'call'
    ? `${chainId}|${block}|call|${read.to.toLowerCase()}|${read.data}`
    : `${chainId}|${block}|${read.method}|${JSON.stringify(read.params)}`;
}

interface Entry {
  method: string;
  params: unknown[];
  /** Which reads this JSON-RPC call answers, and how to split the answer among them. */
  keys: string[];
  multicall: boolean;
}

type RpcReply =
  | { result: unknown }
  | { error: { code?: number; message?: string; data?: unknown } };

function isRevert(err: { code?: number; message?: string }): boolean {
  return err.code === 3 || /revert/i.test(err.message ?? '');
}

/** Posts one JSON-RPC batch, trying each URL in turn when one is unreachable or fails. */
async function postBatch(entries: Entry[], opts: RpcOptions): Promise<RpcReply[] | RuleError> {
  const payload = entries.map((e, i) => ({
    jsonrpc: '2.0',
    id: i,
    method: e.method,
    params: e.params,
  }));
  const body = JSON.stringify(payload.length === 1 ? payload[0] : payload);
  let last: RuleError = ruleError('NO_RPC_URL', 'no RPC URL is configured for this chain', false);
  for (const url of opts.urls) {
    const res = await request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body,
      },
      {
        fetch: opts.fetch,
        timeoutMs: opts.timeoutMs,
        maxBytes: LIMITS.rpcBody,
        signal: opts.signal,
        kind: 'RPC',
      },
    );
    if ('code' in res) {
      last = res;
      if (res.code === 'ABORTED') return res;
      continue;
    }
    if (res.status < 200 || res.status > 299) {
      last = ruleError('RPC_ERROR', `the RPC node answered HTTP ${res.status}`, true);
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(res.text);
    } catch {
      last = ruleError(
        'MALFORMED_RESPONSE',
        'the RPC node answered with something that is not JSON',
        true,
      );
      continue;
    }
    const list = Array.isArray(parsed) ? parsed : [parsed];
    const replies: RpcReply[] = [];
    let malformed = false;
    for (let i = 0; i < entries.length; i++) {
      const reply = list.find(
        (r) => typeof r === 'object' && r !== null && (r as { id?: unknown }).id === i,
      );
      if (!reply || !('result' in reply || 'error' in reply)) {
        // A node that rejects the whole batch answers with one error object without an id.
        const whole =
          list.length === 1 && typeof list[0] === 'object' && list[0] && 'error' in list[0];
        if (whole) {
          const err = (list[0] as { error: { message?: string } }).error;
          last = ruleError(
            'RPC_ERROR',
            `the RPC node rejected the request: ${err?.message ?? 'unknown error'}`,
            true,
          );
        } else {
          last = ruleError(
            'MALFORMED_RESPONSE',
            `the RPC node's answer has no reply for request ${i}`,
            true,
          );
        }
        malformed = true;
        break;
      }
      replies.push(reply as RpcReply);
    }
    if (!malformed) return replies;
  }
  return last;
}

function buildEntries(
  reads: Map<string, Read>,
  multicall3: Address | null,
  allowMulticall: boolean,
): Entry[] {
  const entries: Entry[] = [];
  const callsByBlock = new Map<string, Array<[string, Extract<Read, { kind: 'call' }>]>>();
  for (const [key, read] of reads) {
    if (read.kind === 'rpc') {
      entries.push({ method: read.method, params: read.params, keys: [key], multicall: false });
    } else {
      const b = blockParam(read.block);
      const list = callsByBlock.get(b) ?? [];
      list.push([key, read]);
      callsByBlock.set(b, list);
    }
  }
  for (const [block, calls] of callsByBlock) {
    if (multicall3 && allowMulticall && calls.length > 1) {
      const data = encodeFunctionData({
        abi: multicall3Abi,
        functionName: 'aggregate3',
        args: [calls.map(([, c]) => ({ target: c.to, allowFailure: true, callData: c.data }))],
      });
      entries.push({
        method: 'eth_call',
        params: [{ to: multicall3, data }, block],
        keys: calls.map(([k]) => k),
        multicall: true,
      });
    } else {
      for (const [key, c] of calls) {
        entries.push({
          method: 'eth_call',
          params: [{ to: c.to, data: c.data }, block],
          keys: [key],
          multicall: false,
        });
      }
    }
  }
  return entries;
}

/**
 * Runs `reads` (all on one chain) and returns an outcome per key. Cached answers are reused;
 * the rest go out as one HTTP request (a second one only when Multicall3 turns out to be
 * missing at that block, to retry those calls one by one in a batch).
 */
export async function executeReads(
  reads: Map<string, Read>,
  opts: RpcOptions,
): Promise<Map<string, ReadOutcome>> {
  try {
    return await run(reads, opts);
  } catch (e) {
    // Never reject: every read gets the error instead.
    const error = ruleError(
      'MALFORMED_RESPONSE',
      `the reads could not be made: ${(e as Error)?.message ?? e}`,
      false,
    );
    return new Map([...reads.keys()].map((k) => [k, { ok: false, error } as ReadOutcome]));
  }
}

async function run(reads: Map<string, Read>, opts: RpcOptions): Promise<Map<string, ReadOutcome>> {
  const out = new Map<string, ReadOutcome>();
  const pending = new Map<string, Read>();
  for (const [key, read] of reads) {
    const hit = opts.cache?.get(key);
    if (hit !== undefined) out.set(key, { ok: true, value: hit });
    else pending.set(key, read);
  }
  if (pending.size === 0) return out;
  if (opts.urls.length === 0) {
    const error = ruleError(
      'NO_RPC_URL',
      "no RPC URL is configured for this chain: add it to the campaign's chains",
      false,
    );
    for (const key of pending.keys()) out.set(key, { ok: false, error });
    return out;
  }

  let round = pending;
  for (let attempt = 0; attempt < 2 && round.size > 0; attempt++) {
    const entries = buildEntries(round, opts.multicall3, attempt === 0);
    const replies = await postBatch(entries, opts);
    const retry = new Map<string, Read>();
    if ('code' in replies) {
      for (const key of round.keys()) out.set(key, { ok: false, error: replies });
      break;
    }
    entries.forEach((entry, i) => {
      const reply = replies[i]!;
      if ('error' in reply) {
        const err = reply.error ?? {};
        const error = isRevert(err)
          ? ruleError(
              'CALL_REVERTED',
              `the contract call reverted: ${err.message ?? 'no reason given'}`,
              false,
            )
          : ruleError(
              'RPC_ERROR',
              `the RPC node answered ${err.code ?? ''} ${err.message ?? 'an error'}`.replace(
                /\s+/g,
                ' ',
              ),
              true,
            );
        if (entry.multicall && !isRevert(err)) {
          for (const key of entry.keys) out.set(key, { ok: false, error });
        } else if (entry.multicall) {
          // Multicall3 itself reverted (it is not deployed at that block, for instance): retry plainly.
          for (const key of entry.keys) retry.set(key, round.get(key)!);
        } else {
          out.set(entry.keys[0]!, { ok: false, error });
        }
        return;
      }
      if (!entry.multicall) {
        out.set(entry.keys[0]!, { ok: true, value: reply.result });
        return;
      }
      let results: readonly { success: boolean; returnData: Hex }[] | undefined;
      try {
        results = decodeFunctionResult({
          abi: multicall3Abi,
          functionName: 'aggregate3',
          data: reply.result as Hex,
        });
      } catch {
        results = undefined;
      }
      if (!results || results.length !== entry.keys.length) {
        // No Multicall3 at that address and block: the call "succeeds" with no data.
        for (const key of entry.keys) retry.set(key, round.get(key)!);
        return;
      }
      entry.keys.forEach((key, j) => {
        const r = results[j]!;
        out.set(
          key,
          r.success
            ? { ok: true, value: r.returnData }
            : {
                ok: false,
                error: ruleError(
                  'CALL_REVERTED',
                  `the contract call reverted${r.returnData !== '0x' ? ` (${r.returnData.slice(0, 74)})` : ''}`,
                  false,
                ),
              },
        );
      });
    });
    round = retry;
  }
  for (const [key, outcome] of out) {
    const read = pending.get(key);
    if (read && outcome.ok && opts.cache)
      opts.cache.set(key, outcome.value, read.block !== 'latest');
  }
  return out;
}

/** A read cache: `ttlMs` for reads at the latest block, `fixedTtlMs` for reads at a fixed block. */
export function createReadCache(
  options: { ttlMs?: number; fixedTtlMs?: number; maxEntries?: number } = {},
): ReadCache {
  const ttl = options.ttlMs ?? 2_000;
  const fixedTtl = options.fixedTtlMs ?? 60_000;
  const max = options.maxEntries ?? 5_000;
  const entries = new Map<string, { value: unknown; expires: number }>();
  return {
    get(key) {
      const e = entries.get(key);
      if (!e) return undefined;
      if (e.expires <= Date.now()) {
        entries.delete(key);
        return undefined;
      }
      return e.value;
    },
    set(key, value, fixedBlock) {
      entries.delete(key);
      entries.set(key, { value, expires: Date.now() + (fixedBlock ? fixedTtl : ttl) });
      while (entries.size > max) entries.delete(entries.keys().next().value!);
    },
    clear() {
      entries.clear();
    },
  };
}
