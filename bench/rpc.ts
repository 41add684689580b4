// JSON-RPC requests and wall time to evaluate a 10-rule tier for one wallet: batched
// (evaluateRules: one JSON-RPC batch with one Multicall3 call) against one request per rule
// (evaluateRule for each rule, all at once), in the same run against a local anvil.
// Last line: {"batched":{"requests":…,"ms":…},"naive":{"requests":…,"ms":…},"ratio":…}
import type { Rule } from '@questboard/rules';
import { evaluateRule, evaluateRules } from '@questboard/rules/evaluate';
import {
  ANVIL_ACCOUNTS,
  abis,
  deployFixtures,
  send,
  startAnvil,
  startRpcProxy,
} from '@questboard/rules/testing';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 40);

const node = await startAnvil();
const proxy = await startRpcProxy(node.rpcUrl);
try {
  const fx = await deployFixtures(node.rpcUrl);
  const wallet = ANVIL_ACCOUNTS[1]!;
  const c = fx.client;
  await send(c, wallet, {
    address: fx.erc20,
    abi: abis.erc20,
    functionName: 'mint',
    args: [wallet, 5_000_000n],
  });
  await send(c, wallet, {
    address: fx.erc721,
    abi: abis.erc721,
    functionName: 'mint',
    args: [wallet, 1n],
  });
  await send(c, wallet, {
    address: fx.erc1155,
    abi: abis.erc1155,
    functionName: 'mint',
    args: [wallet, 7n, 2n],
  });
  await send(c, wallet, {
    address: fx.pool,
    abi: abis.pool,
    functionName: 'stake',
    args: [10n ** 18n],
  });
  const snapshot = await send(c, wallet, {
    address: fx.pool,
    abi: abis.pool,
    functionName: 'swap',
    args: [wallet, 100n, -100n],
  });

  const chainId = fx.chainId;
  const tier: Rule[] = [
    { type: 'onchain.txCount', chainId, min: 3 },
    { type: 'onchain.balance', chainId, min: '1' },
    { type: 'onchain.balance', chainId, token: fx.erc20, min: '5' },
    { type: 'onchain.nft', chainId, standard: 'erc721', contract: fx.erc721 },
    { type: 'onchain.nft', chainId, standard: 'erc721', contract: fx.erc721, tokenId: '1' },
    {
      type: 'onchain.nft',
      chainId,
      standard: 'erc1155',
      contract: fx.erc1155,
      tokenId: '7',
      min: 2,
    },
    {
      type: 'onchain.call',
      chainId,
      contract: fx.pool,
      signature: 'function stakeOf(address account) view returns (uint256)',
      args: ['$address'],
      predicate: { op: 'gte', value: '1000000000000000000' },
    },
    {
      type: 'onchain.call',
      chainId,
      contract: fx.pool,
      signature: 'function position(address account) view returns (uint256 amount, bool active)',
      args: ['$address'],
      predicate: { path: 'active', op: 'eq', value: true },
    },
    {
      type: 'onchain.event',
      chainId,
      contract: fx.pool,
      event:
        'event Swap(address indexed sender, address indexed recipient, int256 amount0, int256 amount1, uint160 sqrtPriceX96)',
      args: { sender: '$address' },
    },
    {
      type: 'onchain.balance',
      chainId,
      token: fx.erc20,
      min: '5',
      snapshotBlock: Number(snapshot),
    },
  ];
  const ctx = { address: wallet, rpcUrls: { [chainId]: [proxy.url] }, cache: false as const };

  const batched = async () => evaluateRules(tier, ctx);
  const naive = async () => Promise.all(tier.map((rule) => evaluateRule(rule, ctx)));

  // Both must agree, and every rule must pass: the benchmark measures correct work only.
  const a = await batched();
  const b = await naive();
  if (JSON.stringify(a) !== JSON.stringify(b) || a.some((r) => r.status !== 'pass')) {
    throw new Error(`results differ or fail:\n${JSON.stringify(a)}\n${JSON.stringify(b)}`);
  }

  async function measure(run: () => Promise<unknown>) {
    const times: number[] = [];
    proxy.reset();
    for (let i = 0; i < ITERATIONS; i++) {
      const t = performance.now();
      await run();
      times.push(performance.now() - t);
    }
    times.sort((x, y) => x - y);
    return {
      requests: proxy.requests / ITERATIONS,
      calls: proxy.calls / ITERATIONS,
      ms: Number(times[Math.floor(times.length / 2)]!.toFixed(2)),
    };
  }

  // Interleave warm-up, then measure each.
  await measure(batched);
  await measure(naive);
  const rb = await measure(batched);
  const rn = await measure(naive);
  console.log(
    `10-rule tier, ${ITERATIONS} iterations each, median wall time per evaluation (anvil behind a counting proxy)`,
  );
  console.log(`batched: ${rb.requests} HTTP request(s), ${rb.calls} JSON-RPC call(s), ${rb.ms} ms`);
  console.log(`naive:   ${rn.requests} HTTP request(s), ${rn.calls} JSON-RPC call(s), ${rn.ms} ms`);
  console.log(
    JSON.stringify({
      batched: { requests: rb.requests, ms: rb.ms },
      naive: { requests: rn.requests, ms: rn.ms },
      ratio: Number((rn.requests / rb.requests).toFixed(2)),
      msRatio: Number((rn.ms / rb.ms).toFixed(2)),
    }),
  );
} finally {
  await proxy.stop();
  await node.stop();
}
