// Plans for on-chain rules: each turns into reads (batched by the evaluator) and a judgement.
import {
  type AbiEvent,
  type AbiFunction,
  type AbiParameter,
  decodeEventLog,
  decodeFunctionResult,
  encodeEventTopics,
  encodeFunctionData,
  erc20Abi,
  erc721Abi,
  erc1155Abi,
  formatUnits,
  type Hex,
  isAddress,
  parseAbiItem,
  parseUnits,
} from 'viem';
import { LIMITS } from './limits.js';
import { constantPlan, type Plan, type PlannedRead, type Runtime } from './plan.js';
import { evaluatePredicate, formatValue } from './predicate.js';
import { type BlockTag, blockParam, type Read, type ReadOutcome, readKey } from './rpc.js';
import { ruleError } from './transport.js';
import type {
  Address,
  BalanceRule,
  CallRule,
  EventRule,
  JsonValue,
  NftRule,
  OnchainRule,
  RuleError,
  RuleResult,
  TxCountRule,
} from './types.js';

const HEX_QUANTITY = /^0x[0-9a-fA-F]{1,64}$/;

function badRule(message: string): RuleError {
  return ruleError('BAD_RULE', message, false);
}

function toBig(v: number | string): bigint {
  return BigInt(v);
}

function at(block: BlockTag): string {
  return block === 'latest' ? '' : ` at block ${block}`;
}

function planned(chainId: number, read: Read): PlannedRead {
  return { chainId, key: readKey(chainId, read), read };
}

async function outcome(rt: Runtime, r: PlannedRead): Promise<ReadOutcome> {
  return (
    (await rt.outcomes).get(r.key) ?? {
      ok: false,
      error: ruleError('RPC_ERROR', 'the read was not answered', true),
    }
  );
}

function quantity(value: unknown, what: string): bigint | RuleError {
  if (typeof value !== 'string' || !HEX_QUANTITY.test(value)) {
    return ruleError(
      'MALFORMED_RESPONSE',
      `the RPC node returned ${formatValue(value, 40)} for ${what}, not a hex number`,
      true,
    );
  }
  return BigInt(value);
}

/** Below target: `progress` when some were found, `fail` when none. */
function shortfall(current: bigint, target: number, reason: string): RuleResult {
  return current > 0n
    ? { status: 'progress', current: Number(current), target, reason }
    : { status: 'fail', reason, observed: current.toString() };
}

function decode<T>(fn: () => T, what: string): T | RuleError {
  try {
    return fn();
  } catch {
    return ruleError(
      'MALFORMED_RESPONSE',
      `${what} returned data that does not decode: is it the right contract on this chain?`,
      false,
    );
  }
}

function isError(x: unknown): x is RuleError {
  return typeof x === 'object' && x !== null && (x as { status?: unknown }).status === 'error';
}

/** Replaces `$address`, turns integer arguments into bigint, following the ABI types. */
function coerce(value: JsonValue, param: AbiParameter, address: Address): unknown {
  if (value === '$address') return address;
  // Checksums are not enforced anywhere in rules (validation has no keccak): accept any case.
  if (param.type === 'address' && typeof value === 'string') return value.toLowerCase();
  const array = /^(.*)\[\d*\]$/.exec(param.type);
  if (array && Array.isArray(value)) {
    const inner = { ...param, type: array[1]! } as AbiParameter;
    return value.map((v) => coerce(v, inner, address));
  }
  if (/^u?int\d*$/.test(param.type) && (typeof value === 'string' || typeof value === 'number')) {
    return BigInt(value);
  }
  if (param.type === 'tuple' && 'components' in param) {
    const comps = param.components;
    if (Array.isArray(value))
      return value.map((v, i) => (comps[i] ? coerce(v, comps[i], address) : v));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(
        comps.map((c, i) => [
          c.name ?? String(i),
          coerce((value as Record<string, JsonValue>)[c.name ?? ''] ?? null, c, address),
        ]),
      );
    }
  }
  return value;
}

/** A decoded multi-value result as an object addressable by index and by name. */
function resultDocument(outputs: readonly AbiParameter[], result: unknown): unknown {
  if (outputs.length === 1) return result;
  const values = result as readonly unknown[];
  const doc: Record<string, unknown> = {};
  outputs.forEach((o, i) => {
    doc[String(i)] = values[i];
    if (o.name) doc[o.name] = values[i];
  });
  return doc;
}

function blockOf(rule: OnchainRule): BlockTag {
  return rule.snapshotBlock === undefined ? 'latest' : toBig(rule.snapshotBlock);
}

function call(chainId: number, to: Address, data: Hex, block: BlockTag): PlannedRead {
  // Lower case: checksums are not enforced in rules, and viem rejects a wrong one.
  return planned(chainId, { kind: 'call', to: to.toLowerCase() as Address, data, block });
}

function txCount(rule: TxCountRule, address: Address): Plan {
  const block = blockOf(rule);
  const r = planned(rule.chainId, {
    kind: 'rpc',
    method: 'eth_getTransactionCount',
    params: [address, blockParam(block)],
    block,
  });
  return {
    reads: [r],
    async finish(rt) {
      const o = await outcome(rt, r);
      if (!o.ok) return o.error;
      const count = quantity(o.value, 'the transaction count');
      if (isError(count)) return count;
      if (count >= BigInt(rule.min)) return { status: 'pass', observed: count.toString() };
      return shortfall(
        count,
        rule.min,
        `has sent ${count} transaction(s) on chain ${rule.chainId}${at(block)}; ${rule.min} required`,
      );
    },
  };
}

function balance(rule: BalanceRule, address: Address): Plan {
  const block = blockOf(rule);
  const chain = rule.chainId;
  if (rule.token === undefined || rule.token === 'native') {
    const r = planned(chain, {
      kind: 'rpc',
      method: 'eth_getBalance',
      params: [address, blockParam(block)],
      block,
    });
    const symbol = rule.symbol ?? 'ETH';
    return {
      reads: [r],
      async finish(rt) {
        const o = await outcome(rt, r);
        if (!o.ok) return o.error;
        const wei = quantity(o.value, 'the balance');
        if (isError(wei)) return wei;
        return judgeBalance(wei, 18, rule.min, symbol, `on chain ${chain}${at(block)}`);
      },
    };
  }
  const token = rule.token as Address;
  const bal = call(
    chain,
    token,
    encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [address] }),
    block,
  );
  const dec =
    rule.decimals === undefined
      ? call(chain, token, encodeFunctionData({ abi: erc20Abi, functionName: 'decimals' }), block)
      : undefined;
  const sym =
    rule.symbol === undefined
      ? call(chain, token, encodeFunctionData({ abi: erc20Abi, functionName: 'symbol' }), block)
      : undefined;
  return {
    reads: [bal, ...(dec ? [dec] : []), ...(sym ? [sym] : [])],
    async finish(rt) {
      const o = await outcome(rt, bal);
      if (!o.ok) return o.error;
      const amount = decode(
        () =>
          decodeFunctionResult({ abi: erc20Abi, functionName: 'balanceOf', data: o.value as Hex }),
        `the token ${token}`,
      );
      if (isError(amount)) return amount;
      let decimals = rule.decimals;
      if (dec) {
        const d = await outcome(rt, dec);
        if (!d.ok) return d.error;
        const value = decode(
          () =>
            decodeFunctionResult({ abi: erc20Abi, functionName: 'decimals', data: d.value as Hex }),
          `decimals() of ${token}`,
        );
        if (isError(value)) return value;
        decimals = value;
      }
      let symbol = rule.symbol ?? 'tokens';
      if (sym) {
        const s = await outcome(rt, sym);
        if (s.ok) {
          try {
            const v = decodeFunctionResult({
              abi: erc20Abi,
              functionName: 'symbol',
              data: s.value as Hex,
            });
            if (/^[\w.$-]{1,32}$/.test(v)) symbol = v;
          } catch {
            // Some tokens return bytes32 or nothing: keep the generic word.
          }
        }
      }
      return judgeBalance(
        amount,
        decimals!,
        rule.min,
        symbol,
        `of ${token} on chain ${chain}${at(block)}`,
      );
    },
  };
}

function judgeBalance(
  amount: bigint,
  decimals: number,
  min: string,
  symbol: string,
  where: string,
): RuleResult {
  const places = min.split('.')[1]?.length ?? 0;
  if (places > decimals)
    return badRule(`min "${min}" has ${places} decimal places but the token has only ${decimals}`);
  const required = parseUnits(min, decimals);
  const held = formatUnits(amount, decimals);
  if (amount >= required) return { status: 'pass', observed: `${held} ${symbol}` };
  return {
    status: 'fail',
    reason: `holds ${held} of the ${min} ${symbol} required (${where})`,
    observed: `${held} ${symbol}`,
  };
}

/** ERC-1155's transfer events (the standard requires them for every balance change, mints too). */
const ERC1155_TRANSFERS = [
  parseAbiItem(
    'event TransferSingle(address indexed operator, address indexed from, address indexed to, uint256 id, uint256 value)',
  ),
  parseAbiItem(
    'event TransferBatch(address indexed operator, address indexed from, address indexed to, uint256[] ids, uint256[] values)',
  ),
] as const;

/**
 * ERC-1155 with any id: the contract cannot list an owner's ids, so the units held are summed
 * from its transfer events into and out of the wallet (four `eth_getLogs` in the same batch).
 */
function erc1155Any(rule: NftRule, address: Address, block: BlockTag, where: string): Plan {
  const min = rule.min ?? 1;
  const contract = (rule.contract as Address).toLowerCase() as Address;
  const reads = ERC1155_TRANSFERS.flatMap((event) =>
    (['to', 'from'] as const).map((side) => ({
      side,
      read: planned(rule.chainId, {
        kind: 'rpc',
        method: 'eth_getLogs',
        params: [
          {
            address: contract,
            topics: encodeEventTopics({
              abi: [event],
              eventName: event.name,
              args: { [side]: address },
            } as Parameters<typeof encodeEventTopics>[0]),
            fromBlock: blockParam(0n),
            toBlock: blockParam(block),
          },
        ],
        block,
      }),
    })),
  );
  return {
    reads: reads.map((r) => r.read),
    async finish(rt) {
      const net = new Map<bigint, bigint>();
      for (const { side, read } of reads) {
        const o = await outcome(rt, read);
        if (!o.ok) return o.error;
        if (!Array.isArray(o.value))
          return ruleError(
            'MALFORMED_RESPONSE',
            'the RPC node answered eth_getLogs with something that is not a list',
            true,
          );
        for (const log of o.value as { data?: Hex; topics?: Hex[] }[]) {
          const decoded = decode(
            () =>
              decodeEventLog({
                abi: ERC1155_TRANSFERS,
                data: log.data ?? '0x',
                topics: (log.topics ?? []) as [Hex, ...Hex[]],
              }),
            `a transfer event of ${contract}`,
          );
          if (isError(decoded)) return decoded;
          const args = decoded.args as {
            id?: bigint;
            value?: bigint;
            ids?: readonly bigint[];
            values?: readonly bigint[];
          };
          const ids = args.ids ?? [args.id!];
          const values = args.values ?? [args.value!];
          ids.forEach((id, i) => {
            const value = values[i] ?? 0n;
            net.set(id, (net.get(id) ?? 0n) + (side === 'to' ? value : -value));
          });
        }
      }
      let held = 0n;
      for (const amount of net.values()) if (amount > 0n) held += amount;
      if (held >= BigInt(min)) return { status: 'pass', observed: held.toString() };
      return shortfall(held, min, `holds ${held} token(s) of ${where}; ${min} required`);
    },
  };
}

function nft(rule: NftRule, address: Address): Plan {
  const block = blockOf(rule);
  const chain = rule.chainId;
  const contract = rule.contract as Address;
  const min = rule.min ?? 1;
  const where = `${contract} on chain ${chain}${at(block)}`;
  if (rule.standard === 'erc1155' && rule.tokenId === undefined)
    return erc1155Any(rule, address, block, where);
  if (rule.standard === 'erc721' && rule.tokenId !== undefined) {
    const id = toBig(rule.tokenId);
    const r = call(
      chain,
      contract,
      encodeFunctionData({ abi: erc721Abi, functionName: 'ownerOf', args: [id] }),
      block,
    );
    return {
      reads: [r],
      async finish(rt) {
        const o = await outcome(rt, r);
        if (!o.ok) {
          if (o.error.code === 'CALL_REVERTED') {
            return {
              status: 'fail',
              reason: `token #${id} of ${where} has no owner (it may not exist)`,
            };
          }
          return o.error;
        }
        const owner = decode(
          () =>
            decodeFunctionResult({ abi: erc721Abi, functionName: 'ownerOf', data: o.value as Hex }),
          `ownerOf() of ${contract}`,
        );
        if (isError(owner)) return owner;
        if (owner.toLowerCase() === address.toLowerCase()) return { status: 'pass', observed: '1' };
        return {
          status: 'fail',
          reason: `token #${id} of ${where} is held by ${owner}, not by this wallet`,
          observed: '0',
        };
      },
    };
  }
  const data =
    rule.standard === 'erc721'
      ? encodeFunctionData({ abi: erc721Abi, functionName: 'balanceOf', args: [address] })
      : encodeFunctionData({
          abi: erc1155Abi,
          functionName: 'balanceOf',
          args: [address, toBig(rule.tokenId!)],
        });
  const r = call(chain, contract, data, block);
  return {
    reads: [r],
    async finish(rt) {
      const o = await outcome(rt, r);
      if (!o.ok) return o.error;
      const count = decode(
        () =>
          rule.standard === 'erc721'
            ? decodeFunctionResult({
                abi: erc721Abi,
                functionName: 'balanceOf',
                data: o.value as Hex,
              })
            : decodeFunctionResult({
                abi: erc1155Abi,
                functionName: 'balanceOf',
                data: o.value as Hex,
              }),
        `balanceOf() of ${contract}`,
      );
      if (isError(count)) return count;
      if (count >= BigInt(min)) return { status: 'pass', observed: count.toString() };
      const what = rule.tokenId === undefined ? 'token(s)' : `of token #${rule.tokenId}`;
      return shortfall(count, min, `holds ${count} ${what} of ${where}; ${min} required`);
    },
  };
}

function contractCall(rule: CallRule, address: Address): Plan {
  let item: AbiFunction;
  let data: Hex;
  try {
    const parsed = parseAbiItem(rule.signature) as AbiFunction;
    if (parsed.type !== 'function') return constantPlan(badRule('signature must be a function'));
    item = parsed;
    const args = (rule.args ?? []).map((a, i) => coerce(a, item.inputs[i]!, address));
    data = encodeFunctionData({ abi: [item], functionName: item.name, args });
  } catch (e) {
    return constantPlan(
      badRule(
        `cannot encode the call: ${(e as { shortMessage?: string }).shortMessage ?? (e as Error).message}`,
      ),
    );
  }
  const block = blockOf(rule);
  const r = call(rule.chainId, rule.contract as Address, data, block);
  return {
    reads: [r],
    async finish(rt) {
      const o = await outcome(rt, r);
      if (!o.ok) return o.error;
      const result = decode(
        () => decodeFunctionResult({ abi: [item], functionName: item.name, data: o.value as Hex }),
        `${item.name}() of ${rule.contract}`,
      );
      if (isError(result)) return result;
      const doc = resultDocument(item.outputs, result);
      const verdict = evaluatePredicate(rule.predicate, doc, { address });
      if (verdict.ok) return { status: 'pass', observed: formatValue(doc) };
      return {
        status: 'fail',
        reason: `${item.name}() on chain ${rule.chainId}${at(block)}: ${verdict.reason}`,
        observed: formatValue(doc),
      };
    },
  };
}

function toSeconds(t: string | number): number {
  return typeof t === 'number' ? t : Math.floor(Date.parse(t) / 1000);
}

function event(rule: EventRule, address: Address): Plan {
  let ev: AbiEvent;
  let topics: (Hex | Hex[] | null)[];
  try {
    const parsed = parseAbiItem(rule.event) as AbiEvent;
    if (parsed.type !== 'event') return constantPlan(badRule('event must be an event signature'));
    ev = parsed;
    const args: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(rule.args ?? {})) {
      const param = ev.inputs.find((p) => p.name === name);
      if (!param) return constantPlan(badRule(`args.${name} is not a parameter of ${ev.name}`));
      if (
        param.type === 'address' &&
        value !== null &&
        value !== '$address' &&
        !(typeof value === 'string' && isAddress(value, { strict: false }))
      ) {
        return constantPlan(badRule(`args.${name} must be an address`));
      }
      args[name] = value === null ? null : coerce(value, param, address);
    }
    topics = encodeEventTopics({ abi: [ev], eventName: ev.name, args } as Parameters<
      typeof encodeEventTopics
    >[0]) as (Hex | Hex[] | null)[];
  } catch (e) {
    return constantPlan(
      badRule(
        `cannot build the log filter: ${(e as { shortMessage?: string }).shortMessage ?? (e as Error).message}`,
      ),
    );
  }
  const snapshot = rule.snapshotBlock === undefined ? undefined : toBig(rule.snapshotBlock);
  const explicitTo =
    rule.toBlock === undefined || rule.toBlock === 'latest' ? undefined : toBig(rule.toBlock);
  const to: BlockTag = explicitTo ?? snapshot ?? 'latest';
  const explicitFrom = rule.fromBlock === undefined ? undefined : toBig(rule.fromBlock);
  const contract = rule.contract as Address;
  const logsRead = (from: bigint): Read => ({
    kind: 'rpc',
    method: 'eth_getLogs',
    params: [{ address: contract, topics, fromBlock: blockParam(from), toBlock: blockParam(to) }],
    block: to,
  });
  const since = rule.since === undefined ? undefined : toSeconds(rule.since);
  // With a time bound and no fromBlock, the logs are read from the first block at or after
  // `since` (found by a bounded binary search over block timestamps), not from genesis: a
  // scheduled task's period is short, a chain's history is long, and nodes cap log ranges.
  const searchFrom = since !== undefined && explicitFrom === undefined;
  const r = searchFrom
    ? planned(rule.chainId, {
        kind: 'rpc',
        method: 'eth_getBlockByNumber',
        params: [blockParam(to), false],
        block: to,
      })
    : planned(rule.chainId, logsRead(explicitFrom ?? 0n));
  const from = explicitFrom ?? 0n;
  const min = rule.min ?? 1;
  const until = rule.until === undefined ? undefined : toSeconds(rule.until);
  const timed = since !== undefined || until !== undefined;
  const window = [
    searchFrom ? `blocks up to ${to}` : `blocks ${from}–${to}`,
    since !== undefined ? `since ${new Date(since * 1000).toISOString()}` : '',
    until !== undefined ? `until ${new Date(until * 1000).toISOString()}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return {
    reads: [r],
    async finish(rt) {
      let o = await outcome(rt, r);
      if (!o.ok) return o.error;
      if (searchFrom) {
        const first = await firstBlockSince(rt, rule.chainId, o.value, since!);
        if (isError(first)) return first;
        if (first === null) o = { ok: true, value: [] };
        else {
          const read = logsRead(first);
          const key = readKey(rule.chainId, read);
          o = (await rt.execute(rule.chainId, new Map([[key, read]]))).get(key) ?? {
            ok: false,
            error: ruleError('RPC_ERROR', 'eth_getLogs was not answered', true),
          };
          if (!o.ok) return o.error;
        }
      }
      if (!Array.isArray(o.value)) {
        return ruleError(
          'MALFORMED_RESPONSE',
          'the RPC node answered eth_getLogs with something that is not a list',
          true,
        );
      }
      const logs = o.value as Array<{
        data?: Hex;
        topics?: Hex[];
        blockNumber?: Hex;
        blockTimestamp?: Hex;
      }>;
      let count = 0;
      if (!timed && !rule.where) {
        count = logs.length;
      } else {
        let stamps: Map<string, number> | undefined;
        if (timed && logs.some((l) => typeof l.blockTimestamp !== 'string')) {
          // This node's logs carry no block timestamps: read the block headers (one more batch).
          const numbers = [
            ...new Set(
              logs.map((l) => l.blockNumber).filter((b): b is Hex => typeof b === 'string'),
            ),
          ];
          if (numbers.length > 1000) {
            return ruleError(
              'RESPONSE_TOO_LARGE',
              `the event window spans ${numbers.length} blocks with logs; narrow fromBlock/toBlock`,
              false,
            );
          }
          const reads = new Map<string, Read>();
          const keyOf = new Map<string, string>();
          for (const n of numbers) {
            const read: Read = {
              kind: 'rpc',
              method: 'eth_getBlockByNumber',
              params: [n, false],
              block: BigInt(n),
            };
            const key = readKey(rule.chainId, read);
            reads.set(key, read);
            keyOf.set(n, key);
          }
          const headers = await rt.execute(rule.chainId, reads);
          stamps = new Map();
          for (const [n, key] of keyOf) {
            const h = headers.get(key);
            if (!h?.ok)
              return h?.error ?? ruleError('RPC_ERROR', 'a block header was not answered', true);
            const ts = quantity(
              (h.value as { timestamp?: unknown } | null)?.timestamp,
              'a block timestamp',
            );
            if (isError(ts)) return ts;
            stamps.set(n, Number(ts));
          }
        }
        for (const log of logs.slice(0, LIMITS.eventLogs)) {
          if (timed) {
            const raw = log.blockTimestamp ?? '';
            const ts =
              typeof log.blockTimestamp === 'string'
                ? Number(quantity(raw, 'a log timestamp'))
                : stamps?.get(log.blockNumber ?? '');
            if (ts === undefined || Number.isNaN(ts))
              return ruleError('MALFORMED_RESPONSE', 'a log has no readable block timestamp', true);
            if ((since !== undefined && ts < since) || (until !== undefined && ts > until))
              continue;
          }
          if (rule.where) {
            let decoded: { args?: unknown };
            try {
              decoded = decodeEventLog({
                abi: [ev],
                data: log.data ?? '0x',
                topics: (log.topics ?? []) as [Hex, ...Hex[]],
                strict: false,
              });
            } catch {
              continue;
            }
            if (!evaluatePredicate(rule.where, decoded.args ?? {}, { address }).ok) continue;
          }
          count++;
          if (count >= min) break;
        }
      }
      if (count >= min) return { status: 'pass', observed: String(count) };
      return shortfall(
        BigInt(count),
        min,
        `found ${count} matching ${ev.name} event(s) from ${contract} on chain ${rule.chainId} (${window}); ${min} required`,
      );
    },
  };
}

/** Most block headers read to find the first block of a time window (2^48 blocks). */
const SEARCH_STEPS = 48;

/**
 * The number of the first block whose timestamp is at or after `since` (Unix seconds), at or
 * before the block `head` (a header just read), by binary search over block numbers; `null` when
 * even `head` is older. At most `SEARCH_STEPS` headers, one round trip each.
 */
async function firstBlockSince(
  rt: Runtime,
  chainId: number,
  head: unknown,
  since: number,
): Promise<bigint | null | RuleError> {
  const header = (value: unknown, what: string) => {
    const h = value as { number?: unknown; timestamp?: unknown } | null;
    const number = quantity(h?.number, `the number of ${what}`);
    if (isError(number)) return number;
    const timestamp = quantity(h?.timestamp, `the timestamp of ${what}`);
    if (isError(timestamp)) return timestamp;
    return { number, timestamp: Number(timestamp) };
  };
  const top = header(head, 'the latest block');
  if (isError(top)) return top;
  if (top.timestamp < since) return null;
  let lo = 0n; // invariant: the answer is in [lo, hi]
  let hi = top.number;
  for (let step = 0; lo < hi; step++) {
    if (step >= SEARCH_STEPS)
      return ruleError(
        'RPC_ERROR',
        'block timestamps are not ordered: no start block found',
        false,
      );
    const mid = (lo + hi) / 2n;
    const read: Read = {
      kind: 'rpc',
      method: 'eth_getBlockByNumber',
      params: [blockParam(mid), false],
      block: mid,
    };
    const key = readKey(chainId, read);
    const got = (await rt.execute(chainId, new Map([[key, read]]))).get(key);
    if (!got?.ok)
      return got?.error ?? ruleError('RPC_ERROR', 'a block header was not answered', true);
    const h = header(got.value, `block ${mid}`);
    if (isError(h)) return h;
    if (h.timestamp >= since) hi = mid;
    else lo = mid + 1n;
  }
  return lo;
}

export function planOnchain(rule: OnchainRule, address: Address): Plan {
  switch (rule.type) {
    case 'onchain.txCount':
      return txCount(rule, address);
    case 'onchain.balance':
      return balance(rule, address);
    case 'onchain.nft':
      return nft(rule, address);
    case 'onchain.call':
      return contractCall(rule, address);
    case 'onchain.event':
      return event(rule, address);
  }
}
