// Rewards through the real server over 127.0.0.1: badge vouchers stored once per tier and
// address (also under 100 concurrent claims, on PGlite and PostgreSQL), minted on anvil's
// QuestBadge; token tiers in the ledger, rounds closed idempotently, every served proof claimed
// on anvil's QuestDrop; CSV and dump exports; allowlists; httpBackend's tokenProof.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import {
  questBadgeAbi,
  questBadgeBytecode,
  questDropAbi,
  questDropBytecode,
} from '@questboard/contracts';
import {
  badgeVoucherFromJson,
  httpBackend,
  type RewardDelivery,
  rewardKey,
  type Session,
} from '@questboard/core';
import {
  type AnvilNode,
  compileContracts,
  startAnvil,
  type TestClient,
  testClient,
} from '@questboard/rules/testing';
import {
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  getAddress,
  type Hex,
  type LocalAccount,
  parseAbi,
} from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { RunningServer } from '../server.js';
import {
  accounts,
  admin,
  call,
  countRows,
  createCampaign,
  ISSUER_KEY,
  ORIGIN,
  type Store,
  signIn,
  startTestServer,
} from '../test/helpers.js';
import { startPostgres, type TestPostgres } from '../test/postgres.js';

/** Asserts the contract refuses `call` with the custom error `name`. */
async function reverts(call: Promise<unknown>, name: string) {
  await assert.rejects(call, (error: unknown) => {
    const revert =
      error instanceof BaseError
        ? error.walk((e) => e instanceof ContractFunctionRevertedError)
        : undefined;
    assert.ok(revert instanceof ContractFunctionRevertedError, String(error));
    assert.equal(revert.data?.errorName, name);
    return true;
  });
}

const N = 100;
const parallel = <T>(n: number, fn: (i: number) => Promise<T>) =>
  Promise.all(Array.from({ length: n }, (_, i) => fn(i)));
const issuer = privateKeyToAccount(ISSUER_KEY);
const owner = accounts[0]!;
const erc20 = parseAbi(['function balanceOf(address) view returns (uint256)']);

// Placeholders for the campaigns that are never on chain (the concurrency runs).
const BADGE = '0x5FbDB2315678afecb367f032d93F642f64180aa3' as Address;
const DROP = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512' as Address;
const TOKEN = '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0' as Address;
const PER_POINT = 1000n;

function rewardCampaign(o: {
  id: string;
  rpcUrl: string;
  badge: Address;
  drop: Address;
  token: Address;
}) {
  const visit = (id: string, points: number) => ({
    id,
    kind: 'visit',
    title: `Visit ${id}`,
    points,
    url: 'https://docs.example',
  });
  return {
    schemaVersion: 1,
    id: o.id,
    title: 'Rewards',
    origins: [ORIGIN],
    chains: { '31337': { rpcUrls: [o.rpcUrl] } },
    tiers: [
      {
        id: 'bronze',
        title: 'Bronze',
        tasks: [visit('v-bronze', 10)],
        reward: {
          kind: 'badge',
          title: 'Bronze explorer',
          image: 'https://a.example/bronze.png',
          chainId: 31337,
          contract: o.badge,
        },
      },
      {
        id: 'trade',
        title: 'Trade',
        tasks: [visit('v-trade', 20), visit('v-trade-2', 5)],
        reward: {
          kind: 'token',
          title: 'ACME',
          chainId: 31337,
          contract: o.drop,
          token: { address: o.token, symbol: 'ACME', decimals: 18 },
          amount: { perPoint: String(PER_POINT) },
        },
      },
      {
        id: 'early',
        title: 'Early',
        tasks: [visit('v-early', 1)],
        reward: { kind: 'allowlist', title: 'Early access', list: 'early-access' },
      },
      {
        id: 'early-2',
        title: 'Early again',
        tasks: [visit('v-early-2', 1)],
        reward: { kind: 'allowlist', title: 'Early access, again', list: 'early-access' },
      },
      { id: 'plain', title: 'Plain', tasks: [visit('v-plain', 1)], reward: { title: 'Thanks' } },
    ],
  };
}
const TRADE_AMOUNT = 25n * PER_POINT;

async function complete(server: { url: string }, campaign: string, token: string, tasks: string[]) {
  for (const task of tasks) {
    const reply = await call(server, 'POST', `/campaigns/${campaign}/tasks/${task}/verify`, {
      token,
    });
    assert.equal(reply.body.ok, true, JSON.stringify(reply.body));
  }
}

const claim = (server: { url: string }, campaign: string, tier: string, token: string) =>
  call(server, 'POST', `/campaigns/${campaign}/tiers/${tier}/claim`, { token });

let postgres: TestPostgres | undefined;
after(() => postgres?.stop());

for (const store of ['pglite', 'postgres'] as Store[]) {
  describe(`reward claims on ${store}`, () => {
    let server: RunningServer;
    before(async () => {
      if (store === 'postgres') postgres ??= await startPostgres();
      const databaseUrl =
        store === 'postgres' ? await postgres!.createDatabase('rewards') : undefined;
      server = await startTestServer({ databaseUrl });
      await createCampaign(
        server,
        rewardCampaign({
          id: 'rw',
          rpcUrl: 'http://127.0.0.1:9',
          badge: BADGE,
          drop: DROP,
          token: TOKEN,
        }),
      );
    });
    after(() => server.close());

    it(`${N} concurrent claims of a badge tier give one stored voucher; of a token tier one ledger row`, async () => {
      const wallet = accounts[1]!;
      const token = await signIn(server, wallet);
      await complete(server, 'rw', token, ['v-bronze', 'v-trade', 'v-trade-2']);
      for (const tier of ['bronze', 'trade']) {
        const replies = await parallel(N, () => claim(server, 'rw', tier, token));
        assert.ok(
          replies.every((r) => r.status === 200),
          JSON.stringify(replies.find((r) => r.status !== 200)?.body),
        );
        assert.equal(replies.filter((r) => r.body.firstClaim).length, 1, 'one first claim');
        const deliveries = new Set(replies.map((r) => JSON.stringify(r.body.delivery)));
        assert.equal(deliveries.size, 1, `one delivery for ${tier}`);
        const again = await claim(server, 'rw', tier, token);
        assert.equal(again.body.firstClaim, false);
        assert.deepEqual(again.body.delivery, replies[0]!.body.delivery);
      }
      const rows = await server.db.query<{ kind: string; n: number }>(
        `SELECT kind, count(*)::int AS n FROM reward_deliveries WHERE campaign_id = 'rw' GROUP BY kind ORDER BY kind`,
      );
      assert.deepEqual(
        rows.map((r) => [r.kind, r.n]),
        [
          ['badge', 1],
          ['token', 1],
        ],
      );
      const claims = await server.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM claims WHERE campaign_id = 'rw'`,
      );
      assert.equal(claims[0]!.n, 2);

      const badge = (await claim(server, 'rw', 'bronze', token)).body.delivery;
      assert.equal(badge.kind, 'badge');
      assert.equal(badge.contract, BADGE);
      assert.equal(badge.chainId, 31337);
      assert.equal(badge.voucher.to, wallet.address);
      assert.equal(badge.voucher.campaign, rewardKey('rw'));
      assert.equal(badge.voucher.tier, rewardKey('bronze'));
      assert.match(badge.voucher.nonce, /^[1-9]\d*$/);
      const trade = (await claim(server, 'rw', 'trade', token)).body.delivery;
      assert.deepEqual(trade, {
        kind: 'token',
        chainId: 31337,
        contract: DROP,
        token: { address: TOKEN, symbol: 'ACME', decimals: 18 },
        amount: TRADE_AMOUNT.toString(),
      });
    });

    it('allowlist and credential tiers say what they delivered', async () => {
      const token = await signIn(server, accounts[2]!);
      await complete(server, 'rw', token, ['v-early', 'v-plain']);
      assert.deepEqual((await claim(server, 'rw', 'early', token)).body.delivery, {
        kind: 'allowlist',
        list: 'early-access',
      });
      const plain = await claim(server, 'rw', 'plain', token);
      assert.equal(plain.body.firstClaim, true);
      assert.deepEqual(plain.body.delivery, { kind: 'credential' });
      assert.deepEqual((await claim(server, 'rw', 'plain', token)).body.delivery, {
        kind: 'credential',
      });
    });

    it('a refused claim stores nothing', async () => {
      const token = await signIn(server, accounts[3]!);
      const before = await countRows(server.db);
      const reply = await claim(server, 'rw', 'bronze', token);
      assert.equal(reply.status, 409);
      assert.equal(reply.body.error.code, 'TIER_NOT_COMPLETE');
      const { sessions: _a, ...was } = before;
      const { sessions: _b, ...now } = await countRows(server.db);
      assert.deepEqual(now, was);
    });
  });
}

describe('rewards on chain (anvil)', () => {
  let node: AnvilNode;
  let client: TestClient;
  let server: RunningServer;
  let badge: Address;
  let drop: Address;
  let token: Address;
  const sessions = new Map<Address, string>();

  const mined = async (hash: Promise<Hex> | Hex) => {
    const receipt = await client.waitForTransactionReceipt({
      hash: await hash,
      pollingInterval: 20,
    });
    assert.equal(receipt.status, 'success');
    return receipt;
  };
  const deploy = async (abi: unknown, bytecode: Hex, args: unknown[]) => {
    const receipt = await mined(client.deployContract({ abi, bytecode, args } as never));
    return getAddress(receipt.contractAddress!);
  };
  const publish = (root: Hex) =>
    mined(
      client.writeContract({
        address: drop,
        abi: questDropAbi,
        functionName: 'publishRoot',
        args: [root],
        account: owner.address,
      }),
    );
  const balance = (account: Address) =>
    client.readContract({ address: token, abi: erc20, functionName: 'balanceOf', args: [account] });
  const sessionOf = async (wallet: LocalAccount) => {
    let t = sessions.get(wallet.address);
    if (!t) {
      t = await signIn(server, wallet);
      sessions.set(wallet.address, t);
    }
    return t;
  };
  /** A fresh funded wallet (anvil's own four are busy elsewhere). */
  const freshWallet = async () => {
    const wallet = privateKeyToAccount(generatePrivateKey());
    await client.setBalance({ address: wallet.address, value: 10n ** 19n });
    return wallet;
  };
  const claimTrade = async (wallet: LocalAccount) => {
    const t = await sessionOf(wallet);
    await complete(server, 'chain', t, ['v-trade', 'v-trade-2']);
    const reply = await claim(server, 'chain', 'trade', t);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    return reply.body.delivery as Extract<RewardDelivery, { kind: 'token' }>;
  };
  const closeRound = (body?: unknown) =>
    call(server, 'POST', '/admin/campaigns/chain/rounds', {
      headers: admin,
      ...(body ? { body } : {}),
    });
  /** Claims on chain with the proof the server serves; returns the tokens received. */
  const claimWithServedProof = async (wallet: LocalAccount) => {
    const served = await call(
      server,
      'GET',
      `/campaigns/chain/tiers/trade/proof/${wallet.address.toLowerCase()}`,
    );
    assert.equal(served.status, 200, JSON.stringify(served.body));
    const before = await balance(wallet.address);
    await mined(
      client.writeContract({
        address: drop,
        abi: questDropAbi,
        functionName: 'claim',
        args: [BigInt(served.body.amount), served.body.proof],
        account: wallet,
      }),
    );
    return { received: (await balance(wallet.address)) - before, served: served.body };
  };

  before(async () => {
    node = await startAnvil();
    client = testClient(node.rpcUrl, node.chainId);
    const { TestToken } = compileContracts();
    token = await deploy(TestToken.abi, TestToken.bytecode, ['Acme', 'ACME', 18]);
    const end = (await client.getBlock()).timestamp + 86_400n;
    drop = await deploy(questDropAbi, questDropBytecode, [token, owner.address, end]);
    await mined(
      client.writeContract({
        address: token,
        abi: parseAbi(['function mint(address to, uint256 amount)']),
        functionName: 'mint',
        args: [drop, 10n ** 30n],
        account: owner.address,
      }),
    );
    badge = await deploy(questBadgeAbi, questBadgeBytecode, [
      'Quest badges',
      'QB',
      owner.address,
      issuer.address,
    ]);
    await mined(
      client.writeContract({
        address: badge,
        abi: questBadgeAbi,
        functionName: 'setTier',
        args: [
          rewardKey('chain'),
          rewardKey('bronze'),
          'Bronze explorer',
          'https://a.example/b.png',
        ],
        account: owner.address,
      }),
    );
    server = await startTestServer();
    await createCampaign(
      server,
      rewardCampaign({ id: 'chain', rpcUrl: node.rpcUrl, badge, drop, token }),
    );
  });
  after(async () => {
    await server?.close();
    node?.stop();
  });

  it('the served voucher mints the badge on QuestBadge; a second claim returns the same voucher', async () => {
    const wallet = await freshWallet();
    const t = await sessionOf(wallet);
    await complete(server, 'chain', t, ['v-bronze']);
    const first = (await claim(server, 'chain', 'bronze', t)).body.delivery;
    const again = (await claim(server, 'chain', 'bronze', t)).body.delivery;
    assert.deepEqual(again, first);
    assert.equal(first.contract, badge);
    await mined(
      client.writeContract({
        address: badge,
        abi: questBadgeAbi,
        functionName: 'claim',
        args: [badgeVoucherFromJson(first.voucher), first.signature],
        account: wallet,
      }),
    );
    const id = await client.readContract({
      address: badge,
      abi: questBadgeAbi,
      functionName: 'badgeOf',
      args: [wallet.address, rewardKey('chain'), rewardKey('bronze')],
    });
    assert.ok(id > 0n, 'the wallet holds the badge');
  });

  it('closes rounds idempotently from the ledger; every served proof claims on QuestDrop', async () => {
    const none = await call(server, 'GET', '/admin/campaigns/chain/rounds', { headers: admin });
    assert.deepEqual(none.body, { rounds: [] });
    // Nothing to close yet: refused, nothing stored.
    const empty = await closeRound();
    assert.equal(empty.status, 400);
    assert.match(empty.body.error.message, /nothing to close/);

    const wallets = await Promise.all([freshWallet(), freshWallet(), freshWallet()]);
    for (const w of wallets) assert.equal((await claimTrade(w)).amount, TRADE_AMOUNT.toString());
    const before = await call(
      server,
      'GET',
      `/campaigns/chain/tiers/trade/proof/${wallets[0]!.address}`,
    );
    assert.equal(before.status, 404);
    assert.equal(before.body.error.code, 'NOT_FOUND');

    const closed = await closeRound();
    assert.equal(closed.status, 201, JSON.stringify(closed.body));
    assert.equal(closed.body.round, 1);
    assert.equal(closed.body.count, 3);
    assert.equal(closed.body.total, (3n * TRADE_AMOUNT).toString());
    assert.equal(getAddress(closed.body.contract), drop);
    const twice = await closeRound({ chainId: 31337, contract: drop.toLowerCase() });
    assert.equal(twice.status, 200, 'the same ledger gives the same round');
    assert.deepEqual(twice.body, closed.body);
    const listed = await call(server, 'GET', '/admin/campaigns/chain/rounds', { headers: admin });
    assert.deepEqual(listed.body.rounds, [closed.body]);

    await publish(closed.body.root);
    for (const w of wallets) {
      const { received, served } = await claimWithServedProof(w);
      assert.equal(received, TRADE_AMOUNT);
      assert.equal(served.round, 1);
      assert.equal(served.root, closed.body.root);
      // A claim now carries the proof too.
      const t = await sessionOf(w);
      const delivery = (await claim(server, 'chain', 'trade', t)).body.delivery;
      assert.deepEqual(delivery.proof, served);
    }

    // A later claimer: round 2 holds everyone's cumulative amount; only the newcomer is owed.
    const late = await freshWallet();
    await claimTrade(late);
    const second = await closeRound();
    assert.equal(second.status, 201);
    assert.equal(second.body.round, 2);
    assert.equal(second.body.count, 4);
    await publish(second.body.root);
    const { received, served } = await claimWithServedProof(late);
    assert.equal(received, TRADE_AMOUNT);
    assert.equal(served.round, 2);
    // The round-1 claimers' round-2 proofs verify too: the drop finds nothing more to pay.
    for (const w of wallets) {
      const early = await call(server, 'GET', `/campaigns/chain/tiers/trade/proof/${w.address}`);
      assert.equal(early.body.round, 2);
      assert.equal(early.body.amount, TRADE_AMOUNT.toString(), 'cumulative, not added twice');
      await reverts(
        client.simulateContract({
          address: drop,
          abi: questDropAbi,
          functionName: 'claim',
          args: [BigInt(early.body.amount), early.body.proof],
          account: w,
        }),
        'NothingToClaim',
      );
    }
    await reverts(
      client.simulateContract({
        address: drop,
        abi: questDropAbi,
        functionName: 'claim',
        args: [TRADE_AMOUNT * 2n, served.proof],
        account: late,
      }),
      'InvalidProof',
    );

    // Exports: CSV checksummed and sorted, the dump is the tree of the published root.
    const csv = await call(server, 'GET', '/admin/campaigns/chain/rounds/2/allowlist.csv', {
      headers: admin,
    });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type')!, /^text\/csv/);
    const expected = [...wallets, late]
      .map((w) => w.address)
      .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
    assert.equal(
      csv.body,
      `address,amount\n${expected.map((a) => `${a},${TRADE_AMOUNT}\n`).join('')}`,
    );
    const dump = await call(server, 'GET', '/admin/campaigns/chain/rounds/2/dump.json', {
      headers: admin,
    });
    assert.equal(StandardMerkleTree.load(dump.body).root, second.body.root);
    const missing = await call(server, 'GET', '/admin/campaigns/chain/rounds/9/dump.json', {
      headers: admin,
    });
    assert.equal(missing.status, 404);
  });

  it('httpBackend reads the proof; an address in no round gets undefined', async () => {
    const backend = httpBackend({ endpoint: server.url, retries: 0 });
    const stranger = privateKeyToAccount(generatePrivateKey());
    assert.equal(await backend.tokenProof!('chain', 'trade', stranger.address), undefined);
    const rounds = await call(server, 'GET', '/admin/campaigns/chain/rounds', { headers: admin });
    const wallet = await freshWallet();
    const delivery = await claimViaBackend(wallet);
    assert.equal(delivery?.kind, 'token');
    await closeRound();
    const proof = await backend.tokenProof!('chain', 'trade', wallet.address);
    assert.ok(proof);
    assert.equal(proof.round, rounds.body.rounds.length + 1);
    await publish(proof.root);
    const { received } = await claimWithServedProof(wallet);
    assert.equal(received, TRADE_AMOUNT);
    await assert.rejects(backend.tokenProof!('chain', 'nope', wallet.address), {
      code: 'TIER_NOT_FOUND',
    });

    async function claimViaBackend(w: LocalAccount) {
      const t = await sessionOf(w);
      await complete(server, 'chain', t, ['v-trade', 'v-trade-2']);
      const session: Session = {
        address: w.address,
        chainId: 1,
        token: t,
        expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      };
      const result = await backend.claim({
        campaignId: 'chain',
        tierId: 'trade',
        address: w.address,
        session,
      });
      return result.delivery;
    }
  });

  it('exports an allowlist: checksummed, deduplicated', async () => {
    const [a, b] = [await freshWallet(), await freshWallet()];
    for (const [w, tiers] of [
      [a, ['early', 'early-2']],
      [b, ['early']],
    ] as const) {
      const t = await sessionOf(w);
      await complete(
        server,
        'chain',
        t,
        tiers.map((tier) => `v-${tier}`),
      );
      for (const tier of tiers) assert.equal((await claim(server, 'chain', tier, t)).status, 200);
    }
    const reply = await call(server, 'GET', '/admin/campaigns/chain/allowlists/early-access.csv', {
      headers: admin,
    });
    assert.equal(reply.status, 200);
    const sorted = [a.address, b.address].sort((x, y) =>
      x.toLowerCase() < y.toLowerCase() ? -1 : 1,
    );
    assert.equal(reply.body, `address\n${sorted.join('\n')}\n`);
    const unknown = await call(server, 'GET', '/admin/campaigns/chain/allowlists/vip.csv', {
      headers: admin,
    });
    assert.equal(unknown.status, 404);
    const bad = await call(server, 'GET', '/admin/campaigns/chain/allowlists/early-access.txt', {
      headers: admin,
    });
    assert.equal(bad.status, 400);
  });

  it('refuses bad requests clearly and changes nothing', async () => {
    const rowsBefore = await countRows(server.db);
    const cases: [string, string, number, string, Record<string, string>?][] = [
      ['POST', '/admin/campaigns/chain/rounds', 401, 'UNAUTHORIZED', {}],
      ['GET', '/admin/campaigns/chain/rounds', 401, 'UNAUTHORIZED', {}],
      ['GET', '/admin/campaigns/chain/rounds/1/allowlist.csv', 401, 'UNAUTHORIZED', {}],
      ['GET', '/admin/campaigns/nope/rounds', 404, 'CAMPAIGN_NOT_FOUND'],
      ['POST', '/admin/campaigns/nope/rounds', 404, 'CAMPAIGN_NOT_FOUND'],
      ['GET', '/admin/campaigns/chain/rounds/0/dump.json', 400, 'BAD_REQUEST'],
      ['GET', `/campaigns/chain/tiers/bronze/proof/${owner.address}`, 400, 'BAD_REQUEST'],
      ['GET', `/campaigns/chain/tiers/nope/proof/${owner.address}`, 404, 'TIER_NOT_FOUND'],
      ['GET', '/campaigns/chain/tiers/trade/proof/0x1234', 400, 'BAD_REQUEST'],
      ['GET', `/campaigns/nope/tiers/trade/proof/${owner.address}`, 404, 'CAMPAIGN_NOT_FOUND'],
    ];
    for (const [method, path, status, code, headers = admin] of cases) {
      const reply = await call(server, method, path, { headers });
      assert.equal(reply.status, status, `${method} ${path}: ${JSON.stringify(reply.body)}`);
      assert.equal(reply.body.error.code, code, `${method} ${path}`);
    }
    const wrongDrop = await closeRound({ contract: badge });
    assert.equal(wrongDrop.status, 400);
    assert.match(wrongDrop.body.error.message, /No token tier/);
    const unknownField = await closeRound({ contrakt: drop });
    assert.equal(unknownField.status, 400);
    assert.deepEqual(
      unknownField.body.error.issues.map((i: { path: string }) => i.path),
      ['contrakt'],
    );
    assert.deepEqual(await countRows(server.db), rowsBefore);
  });
});
