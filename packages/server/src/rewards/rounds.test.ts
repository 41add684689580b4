import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { questDropAbi, questDropBytecode } from '@questboard/contracts';
import { isQuestError } from '@questboard/core';
import {
  ANVIL_ACCOUNTS,
  type AnvilNode,
  compileContracts,
  startAnvil,
  type TestClient,
  testClient,
} from '@questboard/rules/testing';
import fc from 'fast-check';
import { type Address, getAddress, type Hex, maxUint256, parseAbi } from 'viem';
import { privateKeyToAddress } from 'viem/accounts';
import { buildRound, loadRound, type RoundRow, roundCsv, roundDump, roundProof } from './rounds.js';

const [owner, alice, bob, carol] = ANVIL_ACCOUNTS as [Address, Address, Address, Address];
/** Deterministic addresses nobody holds a key for in these tests (private keys 1…n). */
const addresses = (n: number, from = 1) =>
  Array.from({ length: n }, (_, i) =>
    privateKeyToAddress(`0x${(from + i).toString(16).padStart(64, '0')}` as Hex),
  );

const issuesOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    assert.ok(isQuestError(error), String(error));
    assert.equal(error.code, 'BAD_REQUEST');
    return error.issues.map((i) => i.path);
  }
  assert.fail('expected a BAD_REQUEST');
};

describe('distribution rounds', () => {
  it('checksum, add up rows of one address, drop zeros and sort by address', () => {
    const round = buildRound([
      { address: bob.toLowerCase(), amount: '5' },
      { address: alice, amount: 10n },
      { address: bob, amount: 7n },
      { address: carol, amount: '0' },
    ]);
    const sorted = [alice, bob].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
    assert.deepEqual(
      round.entries.map((e) => e.address),
      sorted,
    );
    assert.deepEqual(Object.fromEntries(round.entries.map((e) => [e.address, e.amount])), {
      [alice]: 10n,
      [bob]: 12n,
    });
    assert.equal(round.total, 22n);
    assert.equal(roundProof(round, carol), undefined);
    assert.equal(roundProof(round, bob.toLowerCase())?.amount, 12n);
    assert.equal(roundProof(round, 'not an address'), undefined);
    assert.equal(
      roundCsv(round),
      `address,amount\n${sorted.map((a) => `${a},${a === bob ? 12 : 10}\n`).join('')}`,
    );
  });

  it('give the same root and dump whatever the order and case of the rows', () => {
    const pool = addresses(12);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            i: fc.nat({ max: pool.length - 1 }),
            amount: fc.bigInt({ min: 0n, max: 10n ** 30n }),
            lower: fc.boolean(),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        fc.infiniteStream(fc.nat()),
        (rows, seeds) => {
          fc.pre(rows.some((r) => r.amount > 0n));
          const asRows = (list: typeof rows): RoundRow[] =>
            list.map((r) => ({
              address: r.lower ? pool[r.i]!.toLowerCase() : pool[r.i]!,
              amount: r.amount,
            }));
          const a = buildRound(asRows(rows));
          const shuffled = [...rows]
            .map((r) => ({ r, k: seeds.next().value as number }))
            .sort((x, y) => x.k - y.k)
            .map(({ r }) => ({ ...r, lower: !r.lower }));
          const b = buildRound(asRows(shuffled));
          assert.equal(a.root, b.root);
          assert.deepEqual(roundDump(a), roundDump(b));
          assert.equal(roundCsv(a), roundCsv(b));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('name every bad row and build nothing', () => {
    const paths = issuesOf(() =>
      buildRound([
        { address: alice, amount: 1n },
        { address: '0x1234', amount: 1n },
        { address: alice.replace('dc', 'DC'), amount: 1n },
        { address: bob, amount: -1n },
        { address: bob, amount: '1e18' },
        { address: bob, amount: ' 12' },
        { address: bob, amount: 12 as unknown as bigint },
        { address: bob, amount: maxUint256 + 1n },
        null as unknown as RoundRow,
      ]),
    );
    assert.deepEqual(paths, [
      'rows[1].address',
      'rows[2].address',
      'rows[3].amount',
      'rows[4].amount',
      'rows[5].amount',
      'rows[6].amount',
      'rows[7].amount',
      'rows[8]',
    ]);
    assert.deepEqual(
      issuesOf(() =>
        buildRound([
          { address: alice, amount: maxUint256 },
          { address: alice, amount: 1n },
        ]),
      ),
      [alice.toLowerCase()],
    );
    assert.deepEqual(
      issuesOf(() => buildRound([{ address: alice, amount: 0n }])),
      [],
    );
    assert.deepEqual(
      issuesOf(() => buildRound([])),
      [],
    );
  });

  it('load from their dump, and refuse a tampered or foreign dump', () => {
    const round = buildRound(
      addresses(5).map((address, i) => ({ address, amount: BigInt(i + 1) })),
    );
    const json = JSON.parse(JSON.stringify(roundDump(round)));
    const loaded = loadRound(json);
    assert.equal(loaded.root, round.root);
    assert.deepEqual(loaded.entries, round.entries);
    assert.deepEqual(
      roundProof(loaded, round.entries[2]!.address),
      roundProof(round, round.entries[2]!.address),
    );

    const corrupt = (edit: (d: ReturnType<typeof roundDump>) => void) => {
      const d = structuredClone(json);
      edit(d);
      assert.throws(
        () => loadRound(d),
        (e) => isQuestError(e) && e.code === 'STORAGE_CORRUPT',
      );
    };
    corrupt((d) => {
      d.values[0]!.value[1] = '999';
    });
    corrupt((d) => {
      d.tree[0] = `0x${'00'.repeat(32)}`;
    });
    corrupt((d) => {
      d.leafEncoding = ['address', 'uint128'];
    });
    corrupt((d) => {
      d.format = 'simple-v1' as 'standard-v1';
    });
  });
});

describe('distribution rounds on anvil', () => {
  let node: AnvilNode;
  let client: TestClient;
  let token: Address;
  let drop: Address;
  const erc20 = parseAbi([
    'function mint(address to, uint256 amount)',
    'function balanceOf(address) view returns (uint256)',
  ]);

  const wait = async (hash: Promise<Hex>) => {
    const receipt = await client.waitForTransactionReceipt({
      hash: await hash,
      pollingInterval: 20,
    });
    assert.equal(receipt.status, 'success');
  };
  const publish = (root: Hex) =>
    wait(
      client.writeContract({
        address: drop,
        abi: questDropAbi,
        functionName: 'publishRoot',
        args: [root],
      }),
    );
  const claim = (account: Address, amount: bigint, proof: Hex[]) =>
    wait(
      client.writeContract({
        address: drop,
        abi: questDropAbi,
        functionName: 'claim',
        args: [amount, proof],
        account,
      }),
    );
  const balance = (account: Address) =>
    client.readContract({ address: token, abi: erc20, functionName: 'balanceOf', args: [account] });

  before(async () => {
    node = await startAnvil();
    client = testClient(node.rpcUrl, node.chainId);
    const { TestToken } = compileContracts();
    const deploy = async (
      abi: typeof questDropAbi | typeof TestToken.abi,
      bytecode: Hex,
      args: unknown[],
    ) => {
      const hash = await client.deployContract({ abi, bytecode, args } as never);
      return (await client.waitForTransactionReceipt({ hash, pollingInterval: 20 }))
        .contractAddress!;
    };
    token = await deploy(TestToken.abi, TestToken.bytecode, ['Acme', 'ACME', 18]);
    const end = (await client.getBlock()).timestamp + 86_400n;
    drop = await deploy(questDropAbi, questDropBytecode, [token, owner, end]);
    await wait(
      client.writeContract({
        address: token,
        abi: erc20,
        functionName: 'mint',
        args: [drop, 10n ** 30n],
      }),
    );
  });
  after(() => node?.stop());

  it('every proof of a built round verifies in QuestDrop, and claims pay cumulative differences', async () => {
    const others = addresses(40, 1000);
    const rows: RoundRow[] = [
      ...others.map((address, i) => ({
        address: address.toLowerCase(),
        amount: String((i + 1) * 1000),
      })),
      { address: alice, amount: 100n },
      { address: bob.toLowerCase(), amount: 200n },
      { address: bob, amount: 50n },
    ];
    const first = buildRound(rows);
    assert.deepEqual(buildRound([...rows].reverse()).root, first.root);
    await publish(first.root);
    for (const entry of first.entries) {
      const p = roundProof(first, entry.address)!;
      assert.equal(p.address, getAddress(entry.address));
      const ok = await client.readContract({
        address: drop,
        abi: questDropAbi,
        functionName: 'verify',
        args: [p.address, p.amount, p.proof],
      });
      assert.equal(ok, true, `proof of ${entry.address} does not verify`);
    }
    const a = roundProof(first, alice)!;
    await claim(alice, a.amount, a.proof);
    assert.equal(await balance(alice), 100n);

    // The next round carries cumulative amounts: alice earned 30 more, carol joined.
    const second = buildRound([
      ...rows,
      { address: alice, amount: 30n },
      { address: carol, amount: 5n },
    ]);
    await publish(second.root);
    for (const who of [alice, bob, carol]) {
      const p = roundProof(second, who)!;
      await claim(who, p.amount, p.proof);
    }
    assert.equal(await balance(alice), 130n);
    assert.equal(await balance(bob), 250n);
    assert.equal(await balance(carol), 5n);
    // Loaded back from its stored dump, the round serves the same proofs.
    const stored = loadRound(JSON.parse(JSON.stringify(roundDump(second))));
    const p = roundProof(stored, others[7]!)!;
    assert.equal(
      await client.readContract({
        address: drop,
        abi: questDropAbi,
        functionName: 'verify',
        args: [p.address, p.amount, p.proof],
      }),
      true,
    );
  });
});
