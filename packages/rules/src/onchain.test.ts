import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Address, getAddress, parseEther } from 'viem';
import { createReadCache, evaluateRule, evaluateRules } from './evaluate.js';
import {
  ANVIL_ACCOUNTS,
  type AnvilNode,
  abis,
  deployFixtures,
  type Fixtures,
  freePort,
  type RpcProxy,
  send,
  startAnvil,
  startRpcProxy,
} from './testing/index.js';
import type { EvaluationContext, Rule, RuleResult } from './types.js';
import { validateRule } from './validate.js';

let node: AnvilNode;
let fx: Fixtures;
let proxy: RpcProxy;

// Wallets with known state, set up once in `before`.
const alice = ANVIL_ACCOUNTS[1]!; // 5 txs: stake, 2 mints, 2 swaps
const bob = ANVIL_ACCOUNTS[2]!; // holds NFTs, 1 swap
const carol: Address = '0x00000000000000000000000000000000c0ffee01'; // 1.5 ETH, 0.4 USDC
const nobody: Address = '0x00000000000000000000000000000000deadbeef';
const BIG = 10n ** 30n + 1n;

const marks: Record<string, bigint> = {};
const times: number[] = [];

function ctx(address: Address, extra: Partial<EvaluationContext> = {}): EvaluationContext {
  return { address, rpcUrls: { 31337: [proxy.url] }, cache: false, timeoutMs: 5_000, ...extra };
}

function expectStatus(result: RuleResult, status: RuleResult['status']): void {
  assert.equal(result.status, status, `expected ${status}, got ${JSON.stringify(result)}`);
}

function expectError(result: RuleResult, code: string): void {
  assert.equal(result.status, 'error', `expected an error, got ${JSON.stringify(result)}`);
  if (result.status === 'error') assert.equal(result.code, code, result.message);
}

before(async () => {
  node = await startAnvil();
  fx = await deployFixtures(node.rpcUrl);
  proxy = await startRpcProxy(node.rpcUrl);
  const c = fx.client;
  // alice stakes 10^30 + 1 (not representable as a double).
  marks.aliceStaked = await send(c, alice, {
    address: fx.pool,
    abi: abis.pool,
    functionName: 'stake',
    args: [BIG],
  });
  // carol: exactly 1.5 ETH and 0.4 USDC.
  await c.setBalance({ address: carol, value: parseEther('1.5') });
  await send(c, alice, {
    address: fx.erc20,
    abi: abis.erc20,
    functionName: 'mint',
    args: [carol, 400_000n],
  });
  // bob: NFTs #1 and #2, 5 of ERC-1155 id 7.
  marks.bobOneNft = await send(c, bob, {
    address: fx.erc721,
    abi: abis.erc721,
    functionName: 'mint',
    args: [bob, 1n],
  });
  await send(c, bob, {
    address: fx.erc721,
    abi: abis.erc721,
    functionName: 'mint',
    args: [bob, 2n],
  });
  await send(c, bob, {
    address: fx.erc1155,
    abi: abis.erc1155,
    functionName: 'mint',
    args: [bob, 7n, 5n],
  });
  await send(c, alice, {
    address: fx.erc721,
    abi: abis.erc721,
    functionName: 'mint',
    args: [alice, 3n],
  });
  // Swaps at known times: alice at t0+1000 (amount0 500) and t0+2000 (amount0 5000), bob at t0+3000.
  const t0 = Number((await c.getBlock()).timestamp);
  const swaps: [Address, bigint][] = [
    [alice, 500n],
    [alice, 5000n],
    [bob, 7000n],
  ];
  for (const [i, [who, amount]] of swaps.entries()) {
    times.push(t0 + 1000 * (i + 1));
    await c.setNextBlockTimestamp({ timestamp: BigInt(times[i]!) });
    marks[`swap${i}`] = await send(c, who, {
      address: fx.pool,
      abi: abis.pool,
      functionName: 'swap',
      args: [who, amount, -amount],
    });
  }
});

after(async () => {
  await proxy?.stop();
  await node?.stop();
});

describe('onchain.txCount', () => {
  test('passes at exactly the minimum, shows progress below it, fails with none', async () => {
    const rule = (min: number): Rule => ({ type: 'onchain.txCount', chainId: 31337, min });
    const exact = await evaluateRule(rule(5), ctx(alice));
    assert.deepEqual(exact, { status: 'pass', observed: '5' });
    const more = await evaluateRule(rule(6), ctx(alice));
    assert.equal(more.status, 'progress');
    if (more.status === 'progress') {
      assert.equal(more.current, 5);
      assert.equal(more.target, 6);
      assert.match(more.reason, /sent 5 transaction\(s\) on chain 31337; 6 required/);
    }
    const none = await evaluateRule(rule(1), ctx(nobody));
    expectStatus(none, 'fail');
  });

  test('snapshotBlock reads the nonce at that block', async () => {
    const r = await evaluateRule(
      { type: 'onchain.txCount', chainId: 31337, min: 2, snapshotBlock: Number(marks.aliceStaked) },
      ctx(alice),
    );
    assert.equal(r.status, 'progress');
    if (r.status === 'progress')
      assert.match(r.reason, new RegExp(`at block ${marks.aliceStaked}`));
  });
});

describe('onchain.balance', () => {
  test('native: exactly the minimum passes, one wei more fails with what was observed', async () => {
    const pass = await evaluateRule(
      { type: 'onchain.balance', chainId: 31337, min: '1.5' },
      ctx(carol),
    );
    assert.deepEqual(pass, { status: 'pass', observed: '1.5 ETH' });
    const fail = await evaluateRule(
      { type: 'onchain.balance', chainId: 31337, min: '1.500000000000000001' },
      ctx(carol),
    );
    expectStatus(fail, 'fail');
    if (fail.status === 'fail')
      assert.match(fail.reason, /holds 1\.5 of the 1\.500000000000000001 ETH required/);
  });

  test('ERC-20: reads decimals and symbol, reports "holds 0.4 of the 1.0 USDC required"', async () => {
    const fail = await evaluateRule(
      { type: 'onchain.balance', chainId: 31337, token: fx.erc20, min: '1.0' },
      ctx(carol),
    );
    expectStatus(fail, 'fail');
    if (fail.status === 'fail') assert.match(fail.reason, /^holds 0\.4 of the 1\.0 USDC required/);
    const exact = await evaluateRule(
      { type: 'onchain.balance', chainId: 31337, token: fx.erc20, min: '0.4' },
      ctx(carol),
    );
    assert.deepEqual(exact, { status: 'pass', observed: '0.4 USDC' });
    const given = await evaluateRule(
      {
        type: 'onchain.balance',
        chainId: 31337,
        token: fx.erc20,
        min: '0.400001',
        decimals: 6,
        symbol: 'tUSD',
      },
      ctx(carol),
    );
    expectStatus(given, 'fail');
    if (given.status === 'fail')
      assert.match(given.reason, /holds 0\.4 of the 0\.400001 tUSD required/);
  });

  test('addresses in rules are not checksum-checked (validation cannot, so evaluation does not either)', async () => {
    const checksummed = getAddress(fx.erc20);
    const i = checksummed.search(/[a-fA-F]/);
    const c = checksummed[i]!;
    const wrong = `${checksummed.slice(0, i)}${c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()}${checksummed.slice(i + 1)}`;
    assert.notEqual(wrong, checksummed);
    const r = await evaluateRule(
      { type: 'onchain.balance', chainId: 31337, token: wrong, min: '0.4' },
      ctx(carol),
    );
    assert.deepEqual(r, { status: 'pass', observed: '0.4 USDC' });
  });

  test('an amount finer than the token allows is a BAD_RULE error, not a fail', async () => {
    const r = await evaluateRule(
      { type: 'onchain.balance', chainId: 31337, token: fx.erc20, min: '0.0000001' },
      ctx(carol),
    );
    expectError(r, 'BAD_RULE');
  });

  test('a token address without a contract is an error', async () => {
    const r = await evaluateRule(
      { type: 'onchain.balance', chainId: 31337, token: nobody, min: '1' },
      ctx(carol),
    );
    expectError(r, 'MALFORMED_RESPONSE');
  });

  test('snapshotBlock: before the mint, carol held no USDC', async () => {
    const r = await evaluateRule(
      {
        type: 'onchain.balance',
        chainId: 31337,
        token: fx.erc20,
        min: '0.4',
        snapshotBlock: marks.aliceStaked!.toString(),
      },
      ctx(carol),
    );
    expectStatus(r, 'fail');
    if (r.status === 'fail')
      assert.match(r.reason, /holds 0 of the 0\.4 USDC required .* at block/);
  });
});

describe('onchain.nft', () => {
  test('ERC-721, any id: count against min', async () => {
    const rule = (min: number): Rule => ({
      type: 'onchain.nft',
      chainId: 31337,
      standard: 'erc721',
      contract: fx.erc721,
      min,
    });
    assert.deepEqual(await evaluateRule(rule(2), ctx(bob)), { status: 'pass', observed: '2' });
    expectStatus(await evaluateRule(rule(3), ctx(bob)), 'progress');
    expectStatus(await evaluateRule(rule(1), ctx(nobody)), 'fail');
  });

  test('ERC-721, a given id: owner, someone else, nonexistent', async () => {
    const rule = (tokenId: string): Rule => ({
      type: 'onchain.nft',
      chainId: 31337,
      standard: 'erc721',
      contract: fx.erc721,
      tokenId,
    });
    expectStatus(await evaluateRule(rule('1'), ctx(bob)), 'pass');
    const other = await evaluateRule(rule('3'), ctx(bob));
    expectStatus(other, 'fail');
    if (other.status === 'fail') assert.match(other.reason, /held by 0x/);
    const missing = await evaluateRule(rule('99'), ctx(bob));
    expectStatus(missing, 'fail');
    if (missing.status === 'fail') assert.match(missing.reason, /token #99 .* has no owner/);
  });

  test('ERC-1155 by id, and snapshotBlock before the second mint', async () => {
    const rule = (min: number, tokenId = '7'): Rule => ({
      type: 'onchain.nft',
      chainId: 31337,
      standard: 'erc1155',
      contract: fx.erc1155,
      tokenId,
      min,
    });
    assert.deepEqual(await evaluateRule(rule(5), ctx(bob)), { status: 'pass', observed: '5' });
    const short = await evaluateRule(rule(6), ctx(bob));
    assert.deepEqual(short.status === 'progress' && [short.current, short.target], [5, 6]);
    expectStatus(await evaluateRule(rule(1, '8'), ctx(bob)), 'fail');
    const snap = await evaluateRule(
      {
        type: 'onchain.nft',
        chainId: 31337,
        standard: 'erc721',
        contract: fx.erc721,
        min: 2,
        snapshotBlock: Number(marks.bobOneNft),
      },
      ctx(bob),
    );
    expectStatus(snap, 'progress');
  });
});

describe('onchain.nft, ERC-1155 with any id', () => {
  test('sums the units a wallet holds across ids from the transfer events', async () => {
    const c = fx.client;
    // Bob already holds 5 of id 7; he gets 2 of id 9: 7 units in all. Carol gets none.
    // Sent by another account, so the other tests' transaction counts stay as they are.
    await send(c, ANVIL_ACCOUNTS[8]!, {
      address: fx.erc1155,
      abi: abis.erc1155,
      functionName: 'mint',
      args: [bob, 9n, 2n],
    });
    const rule = (min: number): Rule => ({
      type: 'onchain.nft',
      chainId: 31337,
      standard: 'erc1155',
      contract: fx.erc1155,
      min,
    });
    assert.deepEqual(validateRule(rule(1)), []);
    assert.deepEqual(await evaluateRule(rule(7), ctx(bob)), { status: 'pass', observed: '7' });
    const short = await evaluateRule(rule(8), ctx(bob));
    assert.deepEqual(short.status === 'progress' && [short.current, short.target], [7, 8]);
    const none = await evaluateRule(rule(1), ctx(ANVIL_ACCOUNTS[6]!));
    expectStatus(none, 'fail');
    if (none.status === 'fail') assert.match(none.reason, /holds 0 token\(s\)/);
  });
});

describe('onchain.call', () => {
  const stakeOf = 'function stakeOf(address account) view returns (uint256)';

  test('$address argument, big numbers compared exactly', async () => {
    const rule = (op: 'eq' | 'gte', value: string): Rule => ({
      type: 'onchain.call',
      chainId: 31337,
      contract: fx.pool,
      signature: stakeOf,
      args: ['$address'],
      predicate: { op, value },
    });
    // 10^30 + 1 is not representable as a double; the comparison must still be exact.
    assert.deepEqual(await evaluateRule(rule('eq', BIG.toString()), ctx(alice)), {
      status: 'pass',
      observed: BIG.toString(),
    });
    expectStatus(await evaluateRule(rule('eq', (BIG - 1n).toString()), ctx(alice)), 'fail');
    expectStatus(await evaluateRule(rule('gte', BIG.toString()), ctx(alice)), 'pass');
    const fail = await evaluateRule(rule('gte', (BIG + 1n).toString()), ctx(alice));
    expectStatus(fail, 'fail');
    if (fail.status === 'fail')
      assert.match(
        fail.reason,
        /stakeOf\(\) on chain 31337: the result is 1000000000000000000000000000001, expected ≥ 1000000000000000000000000000002/,
      );
  });

  test('several outputs by name and index; string results with matches', async () => {
    const position: Rule = {
      type: 'onchain.call',
      chainId: 31337,
      contract: fx.pool,
      signature: 'function position(address account) view returns (uint256 amount, bool active)',
      args: ['$address'],
      predicate: {
        all: [
          { path: 'active', op: 'eq', value: true },
          { path: '0', op: 'gt', value: 0 },
        ],
      },
    };
    expectStatus(await evaluateRule(position, ctx(alice)), 'pass');
    expectStatus(await evaluateRule(position, ctx(bob)), 'fail');
    const label: Rule = {
      type: 'onchain.call',
      chainId: 31337,
      contract: fx.pool,
      signature: 'function label(address account) pure returns (string)',
      args: ['$address'],
      predicate: { op: 'matches', value: '^mem' },
    };
    expectStatus(await evaluateRule(label, ctx(alice)), 'pass');
  });

  test('a revert is an error, not a fail', async () => {
    const r = await evaluateRule(
      {
        type: 'onchain.call',
        chainId: 31337,
        contract: fx.pool,
        signature: 'function alwaysReverts(address) view returns (uint256)',
        args: ['$address'],
        predicate: { op: 'eq', value: 1 },
      },
      ctx(alice),
    );
    expectError(r, 'CALL_REVERTED');
  });

  test('a malformed rule is a BAD_RULE error naming the field', async () => {
    const r = await evaluateRule(
      {
        type: 'onchain.call',
        chainId: 31337,
        contract: fx.pool,
        signature: stakeOf,
        args: [],
        predicate: { op: 'gte', value: '1' },
      },
      ctx(alice),
    );
    expectError(r, 'BAD_RULE');
    if (r.status === 'error') assert.match(r.message, /rule\.args: must have 1 argument/);
  });
});

describe('onchain.event', () => {
  const swap =
    'event Swap(address indexed sender, address indexed recipient, int256 amount0, int256 amount1, uint160 sqrtPriceX96)';
  const rule = (extra: Partial<Extract<Rule, { type: 'onchain.event' }>> = {}): Rule => ({
    type: 'onchain.event',
    chainId: 31337,
    contract: fx.pool,
    event: swap,
    args: { sender: '$address' },
    ...extra,
  });

  test('counts logs filtered by a padded $address topic', async () => {
    assert.deepEqual(await evaluateRule(rule({ min: 2 }), ctx(alice)), {
      status: 'pass',
      observed: '2',
    });
    const more = await evaluateRule(rule({ min: 3 }), ctx(alice));
    assert.deepEqual(more.status === 'progress' && [more.current, more.target], [2, 3]);
    // bob's swap is not alice's: the topic filter is exact.
    assert.deepEqual(await evaluateRule(rule({ min: 1 }), ctx(bob)), {
      status: 'pass',
      observed: '1',
    });
    expectStatus(await evaluateRule(rule(), ctx(nobody)), 'fail');
  });

  test('where: a predicate on decoded arguments', async () => {
    const big = rule({ where: { path: 'amount0', op: 'gte', value: '1000' } });
    assert.deepEqual(await evaluateRule(big, ctx(alice)), { status: 'pass', observed: '1' });
    const two = rule({ where: { path: 'amount1', op: 'lt', value: 0 }, min: 2 });
    expectStatus(await evaluateRule(two, ctx(alice)), 'pass');
  });

  test('block window: fromBlock/toBlock are inclusive', async () => {
    const only0 = rule({ fromBlock: Number(marks.swap0), toBlock: Number(marks.swap0), min: 1 });
    assert.deepEqual(await evaluateRule(only0, ctx(alice)), { status: 'pass', observed: '1' });
    const after = rule({ fromBlock: Number(marks.swap1) + 1, min: 1 });
    const r = await evaluateRule(after, ctx(alice));
    expectStatus(r, 'fail');
    if (r.status === 'fail') assert.match(r.reason, /found 0 matching Swap event/);
  });

  test('time window: since/until against block timestamps (ISO and unix seconds)', async () => {
    const mid = rule({
      since: times[0]! + 500,
      until: new Date((times[1]! + 500) * 1000).toISOString(),
    });
    assert.deepEqual(await evaluateRule(mid, ctx(alice)), { status: 'pass', observed: '1' });
    const exact = rule({ since: times[0]!, until: times[1]!, min: 2 });
    assert.deepEqual(await evaluateRule(exact, ctx(alice)), { status: 'pass', observed: '2' });
    const late = rule({ since: times[1]! + 1 });
    expectStatus(await evaluateRule(late, ctx(alice)), 'fail');
  });

  test('context since: only logs from blocks at or after it count, a later own since wins', async () => {
    // A scheduled task passes its period's start: alice swapped at times[0] and times[1].
    assert.deepEqual(await evaluateRule(rule(), ctx(alice, { since: times[1]! })), {
      status: 'pass',
      observed: '1',
    });
    const two = await evaluateRule(rule({ min: 2 }), ctx(alice, { since: times[1]! }));
    assert.deepEqual(two.status === 'progress' && [two.current, two.target], [1, 2]);
    expectStatus(await evaluateRule(rule(), ctx(alice, { since: times[1]! + 1 })), 'fail');
    // The rule's own later since is kept; an earlier one gives way to the context's.
    expectStatus(
      await evaluateRule(rule({ since: times[1]! + 1 }), ctx(alice, { since: times[0]! })),
      'fail',
    );
    assert.deepEqual(
      await evaluateRule(
        rule({ since: times[0]! - 10, min: 2 }),
        ctx(alice, { since: times[1]! }),
      ).then((r) => r.status),
      'progress',
    );
    // The logs are read from the first block at or after since, found by a bounded binary
    // search over block headers, not from genesis.
    proxy.reset();
    await evaluateRule(rule(), ctx(alice, { since: times[1]! }));
    const logs = proxy.payloads.filter((p) => p.method === 'eth_getLogs');
    assert.equal(logs.length, 1);
    assert.equal(BigInt((logs[0]!.params[0] as { fromBlock: string }).fromBlock), marks.swap1);
    const headers = proxy.payloads.filter((p) => p.method === 'eth_getBlockByNumber').length;
    assert.ok(headers >= 2 && headers <= 2 + Math.log2(Number(marks.swap2)), `${headers} headers`);
    // Since after the latest block: nothing to read.
    proxy.reset();
    const future = await evaluateRule(rule(), ctx(alice, { since: times[2]! + 86_400 }));
    expectStatus(future, 'fail');
    assert.equal(proxy.payloads.filter((p) => p.method === 'eth_getLogs').length, 0);
    // Inside combinators too.
    const both: Rule = {
      type: 'all',
      rules: [rule(), { type: 'not', rule: rule({ args: { sender: '$address' }, min: 2 }) }],
    };
    expectStatus(await evaluateRule(both, ctx(alice, { since: times[1]! })), 'pass');
    expectStatus(await evaluateRule(both, ctx(alice)), 'fail');
  });

  test('snapshotBlock bounds the window', async () => {
    const r = await evaluateRule(rule({ min: 2, snapshotBlock: Number(marks.swap0) }), ctx(alice));
    assert.deepEqual(r.status === 'progress' && [r.current, r.target], [1, 2]);
  });

  test('$address goes into the topic as a padded 32-byte word', async () => {
    proxy.reset();
    await evaluateRule(rule({ args: { recipient: '$address' } }), ctx(alice));
    const call = proxy.payloads.find((p) => p.method === 'eth_getLogs')!;
    const filter = call.params[0] as { topics: (string | null)[]; address: string };
    assert.equal(filter.topics[1], null);
    assert.equal(filter.topics[2], `0x${'0'.repeat(24)}${alice.slice(2).toLowerCase()}`);
    assert.equal(filter.topics[0]!.length, 66);
  });

  test('topics cannot be injected: a bad address is rejected, never sent', async () => {
    proxy.reset();
    const bad = await evaluateRule(rule({ args: { sender: '0x12345' } }), ctx(alice));
    expectError(bad, 'BAD_RULE');
    const evil = await evaluateRule(rule(), ctx('0xdeadbeef", "0x00' as Address));
    expectError(evil, 'BAD_CONTEXT');
    assert.equal(proxy.requests, 0);
  });
});

describe('RPC failures are errors, never fails', () => {
  const tx: Rule = { type: 'onchain.txCount', chainId: 31337, min: 1 };

  test('nothing listening: RPC_UNREACHABLE (retryable)', async () => {
    const port = await freePort();
    const r = await evaluateRule(
      tx,
      ctx(alice, { rpcUrls: { 31337: [`http://127.0.0.1:${port}`] } }),
    );
    expectError(r, 'RPC_UNREACHABLE');
    assert.equal(r.status === 'error' && r.retryable, true);
  });

  test('a hanging node: TIMEOUT', async () => {
    proxy.mode = 'hang';
    try {
      const r = await evaluateRule(tx, ctx(alice, { timeoutMs: 300 }));
      expectError(r, 'TIMEOUT');
    } finally {
      proxy.reset();
    }
  });

  test('garbage: MALFORMED_RESPONSE; 503: RPC_ERROR', async () => {
    proxy.mode = 'garbage';
    expectError(await evaluateRule(tx, ctx(alice)), 'MALFORMED_RESPONSE');
    proxy.mode = 'http503';
    expectError(await evaluateRule(tx, ctx(alice)), 'RPC_ERROR');
    proxy.reset();
  });

  test('falls back to the next RPC URL', async () => {
    const port = await freePort();
    const r = await evaluateRule(
      tx,
      ctx(alice, { rpcUrls: { 31337: [`http://127.0.0.1:${port}`, proxy.url] } }),
    );
    expectStatus(r, 'pass');
  });

  test('no RPC URL for the chain: NO_RPC_URL', async () => {
    expectError(await evaluateRule({ ...tx, chainId: 10 }, ctx(alice)), 'NO_RPC_URL');
  });
});

describe('every on-chain rule type: RPC down is an error, a malformed rule is BAD_RULE', () => {
  const rules = (): Rule[] => [
    { type: 'onchain.txCount', chainId: 31337, min: 1 },
    { type: 'onchain.balance', chainId: 31337, min: '1' },
    { type: 'onchain.balance', chainId: 31337, token: fx.erc20, min: '1' },
    { type: 'onchain.nft', chainId: 31337, standard: 'erc721', contract: fx.erc721 },
    {
      type: 'onchain.nft',
      chainId: 31337,
      standard: 'erc1155',
      contract: fx.erc1155,
      tokenId: '7',
    },
    {
      type: 'onchain.call',
      chainId: 31337,
      contract: fx.pool,
      signature: 'function stakeOf(address) view returns (uint256)',
      args: ['$address'],
      predicate: { op: 'gt', value: 0 },
    },
    {
      type: 'onchain.event',
      chainId: 31337,
      contract: fx.pool,
      event: 'event Staked(address indexed account, uint256 amount)',
    },
  ];

  test('RPC down', async () => {
    const port = await freePort();
    const results = await evaluateRules(
      rules(),
      ctx(alice, { rpcUrls: { 31337: [`http://127.0.0.1:${port}`] } }),
    );
    for (const r of results) expectError(r, 'RPC_UNREACHABLE');
  });

  test('malformed: each names the bad field, nothing is sent', async () => {
    proxy.reset();
    const broken = rules().map((r) => ({ ...r, chainId: '31337' }) as unknown as Rule);
    const results = await evaluateRules(broken, ctx(alice));
    for (const r of results) {
      expectError(r, 'BAD_RULE');
      if (r.status === 'error') assert.match(r.message, /rule\.chainId: must be a whole number/);
    }
    assert.equal(proxy.requests, 0);
  });
});

describe('batching', () => {
  const tier = (): Rule[] => [
    { type: 'onchain.txCount', chainId: 31337, min: 1 },
    { type: 'onchain.balance', chainId: 31337, min: '1' },
    { type: 'onchain.balance', chainId: 31337, token: fx.erc20, min: '0.1' },
    { type: 'onchain.nft', chainId: 31337, standard: 'erc721', contract: fx.erc721 },
    { type: 'onchain.nft', chainId: 31337, standard: 'erc721', contract: fx.erc721, tokenId: '3' },
    {
      type: 'onchain.nft',
      chainId: 31337,
      standard: 'erc1155',
      contract: fx.erc1155,
      tokenId: '7',
    },
    {
      type: 'onchain.call',
      chainId: 31337,
      contract: fx.pool,
      signature: 'function stakeOf(address) view returns (uint256)',
      args: ['$address'],
      predicate: { op: 'gt', value: 0 },
    },
    {
      type: 'onchain.event',
      chainId: 31337,
      contract: fx.pool,
      event:
        'event Swap(address indexed sender, address indexed recipient, int256 amount0, int256 amount1, uint160 sqrtPriceX96)',
      args: { sender: '$address' },
    },
    { type: 'onchain.txCount', chainId: 31337, min: 2, snapshotBlock: Number(marks.swap0) },
    {
      type: 'any',
      rules: [
        { type: 'onchain.balance', chainId: 31337, min: '100000' },
        {
          type: 'onchain.nft',
          chainId: 31337,
          standard: 'erc721',
          contract: fx.erc721,
          tokenId: '3',
        },
      ],
    },
  ];
  const expected = ['pass', 'pass', 'fail', 'pass', 'pass', 'fail', 'pass', 'pass', 'pass', 'pass'];

  test('a 10-rule tier is ONE JSON-RPC request, with the eth_calls in one Multicall3 call', async () => {
    proxy.reset();
    const results = await evaluateRules(tier(), ctx(alice));
    assert.deepEqual(
      results.map((r) => r.status),
      expected,
      JSON.stringify(results),
    );
    assert.equal(proxy.requests, 1);
    // txCount ×2 (two blocks), getBalance, getLogs, and one eth_call per block with calls.
    assert.deepEqual(proxy.methods.filter((m) => m === 'eth_call').length, 1);
    assert.ok(proxy.calls <= 6, `calls in the batch: ${proxy.methods.join(', ')}`);
  });

  test('without Multicall3 (null): separate eth_calls, still one request', async () => {
    proxy.reset();
    const results = await evaluateRules(tier(), ctx(alice, { multicall3: { 31337: null } }));
    assert.deepEqual(
      results.map((r) => r.status),
      expected,
    );
    assert.equal(proxy.requests, 1);
    assert.ok(proxy.methods.filter((m) => m === 'eth_call').length >= 6);
  });

  test('Multicall3 missing at its address: retried plainly, same results', async () => {
    proxy.reset();
    const results = await evaluateRules(tier(), ctx(alice, { multicall3: { 31337: nobody } }));
    assert.deepEqual(
      results.map((r) => r.status),
      expected,
    );
    assert.equal(proxy.requests, 2);
  });

  test('the read cache answers a repeated tier without any request', async () => {
    const cache = createReadCache({ ttlMs: 60_000 });
    proxy.reset();
    const first = await evaluateRules(tier(), ctx(alice, { cache }));
    const second = await evaluateRules(tier(), ctx(alice, { cache }));
    assert.deepEqual(second, first);
    assert.equal(proxy.requests, 1);
  });

  test('latest-block entries expire; fixed-block entries stay', async () => {
    const cache = createReadCache({ ttlMs: 1, fixedTtlMs: 60_000 });
    const snap: Rule = {
      type: 'onchain.txCount',
      chainId: 31337,
      min: 1,
      snapshotBlock: Number(marks.swap0),
    };
    const latest: Rule = { type: 'onchain.txCount', chainId: 31337, min: 1 };
    await evaluateRules([snap, latest], ctx(alice, { cache }));
    await new Promise((r) => setTimeout(r, 5));
    proxy.reset();
    await evaluateRules([snap], ctx(alice, { cache }));
    assert.equal(proxy.requests, 0);
    await evaluateRules([latest], ctx(alice, { cache }));
    assert.equal(proxy.requests, 1);
  });

  test('two chains: one request each, sent concurrently', async () => {
    const other = await startAnvil({ chainId: 31338 });
    const otherProxy = await startRpcProxy(other.rpcUrl);
    try {
      proxy.reset();
      const rs = await evaluateRules(
        [
          { type: 'onchain.txCount', chainId: 31337, min: 1 },
          { type: 'onchain.balance', chainId: 31337, min: '1' },
          { type: 'onchain.txCount', chainId: 31338, min: 1 },
          { type: 'onchain.balance', chainId: 31338, min: '1' },
          {
            type: 'all',
            rules: [
              { type: 'onchain.txCount', chainId: 31337, min: 1 },
              { type: 'onchain.txCount', chainId: 31338, min: 1 },
            ],
          },
        ],
        ctx(alice, { rpcUrls: { 31337: [proxy.url], 31338: [otherProxy.url] } }),
      );
      // On the fresh chain alice has sent nothing but holds anvil's 10 000 ETH.
      assert.deepEqual(
        rs.map((r) => r.status),
        ['pass', 'pass', 'fail', 'pass', 'fail'],
      );
      assert.equal(proxy.requests, 1);
      assert.equal(otherProxy.requests, 1);
    } finally {
      await otherProxy.stop();
      await other.stop();
    }
  });

  test('combinators over on-chain rules', async () => {
    const tx = (min: number): Rule => ({ type: 'onchain.txCount', chainId: 31337, min });
    const rs = await evaluateRules(
      [
        { type: 'all', rules: [tx(1), tx(4)] },
        { type: 'all', rules: [tx(1), tx(9)] },
        { type: 'atLeast', n: 2, rules: [tx(1), tx(9), tx(10)] },
        { type: 'not', rule: tx(9) },
      ],
      ctx(alice),
    );
    assert.deepEqual(
      rs.map((r) => r.status),
      ['pass', 'fail', 'progress', 'pass'],
    );
  });
});
