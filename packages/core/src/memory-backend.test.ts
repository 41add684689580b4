import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { privateKeyToAccount } from 'viem/accounts';
import { createSiweMessage } from 'viem/siwe';
import type { Address, Campaign } from './campaign/campaign.js';
import { QuestError } from './errors.js';
import {
  type KeyValueStorage,
  memoryBackend,
  progressStorageKey,
  STORAGE_VERSION,
  sessionStorageKey,
} from './memory-backend.js';

const sampleText = readFileSync(
  new URL('../../../examples/campaigns/questboard-101.json', import.meta.url),
  'utf8',
);
const sample = JSON.parse(sampleText) as Campaign;
const alice = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as Address;
const bob = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' as Address;

function mapStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
    get length() {
      return data.size;
    },
    key: (i) => [...data.keys()][i] ?? null,
  };
}

async function rejects(promise: Promise<unknown>, code: string): Promise<QuestError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof QuestError, `expected a QuestError, got ${error}`);
    assert.equal(error.code, code);
    return error;
  }
  assert.fail(`expected ${code}`);
}

describe('memory backend', () => {
  let server: Server;
  let origin: string;
  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/campaign.json')
        res.writeHead(200, { 'content-type': 'application/json' }).end(sampleText);
      else if (req.url === '/broken.json') res.writeHead(200).end('{ not json');
      else if (req.url === '/invalid.json')
        res.writeHead(200).end(JSON.stringify({ ...sample, tiers: 'no' }));
      else if (req.url === '/boom') res.writeHead(503).end();
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('loads a campaign from a URL over HTTP and says why one cannot be loaded', async () => {
    const backend = memoryBackend({ storage: mapStorage() });
    const campaign = await backend.loadCampaign(`${origin}/campaign.json`);
    assert.equal(campaign.id, 'questboard-101');
    const missing = await rejects(
      backend.loadCampaign(`${origin}/nope.json`),
      'CAMPAIGN_FETCH_FAILED',
    );
    assert.match(missing.shortMessage, /HTTP 404/);
    assert.equal(
      (await rejects(backend.loadCampaign(`${origin}/boom`), 'CAMPAIGN_FETCH_FAILED')).retryable,
      true,
    );
    await rejects(backend.loadCampaign(`${origin}/broken.json`), 'CAMPAIGN_INVALID');
    const invalid = await rejects(
      backend.loadCampaign(`${origin}/invalid.json`),
      'CAMPAIGN_INVALID',
    );
    assert.deepEqual(
      invalid.issues.map((i) => i.path),
      ['tiers'],
    );
    await rejects(backend.loadCampaign('http://127.0.0.1:1/closed.json'), 'CAMPAIGN_FETCH_FAILED');
  });

  it('verifies visit, quiz and input itself, refuses locked tasks, and counts once', async () => {
    const storage = mapStorage();
    const backend = memoryBackend({ storage });
    await backend.loadCampaign(sample);
    const base = { campaignId: sample.id, address: alice };
    await rejects(backend.verify({ ...base, taskId: 'read-wallets' }), 'TASK_LOCKED');
    await rejects(backend.verify({ ...base, taskId: 'nope' }), 'TASK_NOT_FOUND');
    assert.equal((await backend.verify({ ...base, taskId: 'read-intro' })).ok, true);
    const wrong = await backend.verify({
      ...base,
      taskId: 'eip-quiz',
      input: 'Ethereum Integration Protocol',
    });
    assert.deepEqual(wrong.ok ? null : wrong.code, 'WRONG_ANSWER');
    assert.equal(
      (
        await backend.verify({
          ...base,
          taskId: 'eip-quiz',
          input: 'ethereum improvement proposal',
        })
      ).ok,
      true,
    );
    const mismatch = await backend.verify({ ...base, taskId: 'handle', input: 'not a handle!' });
    assert.equal(mismatch.ok ? null : mismatch.code, 'INPUT_MISMATCH');
    const done = await backend.verify({ ...base, taskId: 'handle', input: '@alice' });
    assert.ok(done.ok);
    assert.deepEqual(Object.keys(done.progress.completed).sort(), [
      'eip-quiz',
      'handle',
      'read-intro',
    ]);
    const again = await backend.verify({ ...base, taskId: 'handle', input: '@alice' });
    assert.ok(again.ok);
    assert.equal(
      again.progress.completed.handle!.at,
      done.progress.completed.handle!.at,
      'not counted twice',
    );
    assert.equal(
      (await backend.verify({ ...base, taskId: 'read-wallets' })).ok,
      true,
      'tier 2 is open now',
    );
  });

  it('claims a completed tier once, idempotently, and refuses an unfinished one', async () => {
    const backend = memoryBackend({ storage: mapStorage() });
    await backend.loadCampaign(sample);
    const base = { campaignId: sample.id, address: alice };
    await rejects(backend.claim({ ...base, tierId: 'basics' }), 'TIER_NOT_COMPLETE');
    await rejects(backend.claim({ ...base, tierId: 'nope' }), 'TIER_NOT_FOUND');
    await backend.verify({ ...base, taskId: 'read-intro' });
    await backend.verify({ ...base, taskId: 'eip-quiz', input: 'Ethereum Improvement Proposal' });
    await backend.verify({ ...base, taskId: 'handle', input: 'alice' });
    const first = await backend.claim({ ...base, tierId: 'basics' });
    assert.equal(first.firstClaim, true);
    const second = await backend.claim({ ...base, tierId: 'basics' });
    assert.equal(second.firstClaim, false);
    assert.equal(second.progress.claimed.basics!.at, first.progress.claimed.basics!.at);
  });

  it('keeps progress per address and campaign, surviving a new backend over the same storage', async () => {
    const storage = mapStorage();
    const one = memoryBackend({ storage });
    await one.loadCampaign(sample);
    await one.verify({ campaignId: sample.id, taskId: 'read-intro', address: alice });
    const two = memoryBackend({ storage });
    await two.loadCampaign(sample);
    assert.deepEqual(Object.keys((await two.getProgress(sample.id, alice)).completed), [
      'read-intro',
    ]);
    assert.deepEqual((await two.getProgress(sample.id, bob)).completed, {});
    assert.deepEqual((await two.getProgress(sample.id, null)).completed, {});
    assert.deepEqual([...storage.data.keys()], [progressStorageKey('questboard-101', alice)]);
    const board = await two.leaderboard(sample.id);
    assert.deepEqual(board.entries, [{ rank: 1, address: alice.toLowerCase(), points: 10 }]);
  });

  it('carries anonymous progress over to the wallet that connects, once, merging without double counting', async () => {
    const storage = mapStorage();
    const backend = memoryBackend({ storage });
    await backend.loadCampaign(sample);
    const id = sample.id;
    // Without a wallet: two tasks. The wallet already has one of them, done earlier.
    await backend.verify({ campaignId: id, taskId: 'read-intro', address: null });
    await backend.verify({ campaignId: id, taskId: 'handle', address: null, input: '@anon' });
    await backend.verify({ campaignId: id, taskId: 'read-intro', address: alice });
    const before = (await backend.getProgress(id, alice)).completed['read-intro'];

    const merged = await backend.adoptAnonymous!(id, alice);
    assert.deepEqual(Object.keys(merged.completed).sort(), ['handle', 'read-intro']);
    assert.deepEqual(merged.completed['read-intro'], before, "the wallet's own record wins");
    assert.equal(
      Object.values(merged.completed).reduce((s, c) => s + c.points, 0),
      20,
      'each task counts once',
    );
    assert.equal(storage.getItem(progressStorageKey(id, null)), null, 'anonymous record cleared');
    assert.deepEqual((await backend.getProgress(id, null)).completed, {});
    // Idempotent: a second call (another board, a reconnect) changes nothing.
    assert.deepEqual(await backend.adoptAnonymous!(id, alice), merged);
    assert.deepEqual(await backend.getProgress(id, alice), merged);
    // Another wallet connecting later gets nothing of it.
    assert.deepEqual((await backend.adoptAnonymous!(id, bob)).completed, {});
  });

  it('keeps a session across a reload (same storage), forgets a signed-out or unknown one', async () => {
    const storage = mapStorage();
    const account = privateKeyToAccount(
      '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
    );
    const campaign: Campaign = {
      ...sample,
      tiers: [
        {
          id: 'w',
          title: 'W',
          tasks: [
            { id: 'sign', kind: 'wallet.signIn', title: 'Sign in', points: 1 },
            { id: 'sign2', kind: 'wallet.signIn', title: 'Again', points: 1 },
          ],
        },
      ],
    };
    const first = memoryBackend({ storage, domain: 'app.example' });
    await first.loadCampaign(campaign);
    const nonce = await first.getNonce();
    const message = createSiweMessage({
      domain: 'app.example',
      address: account.address,
      uri: 'https://app.example',
      version: '1',
      chainId: 1,
      nonce,
      issuedAt: new Date(),
    });
    const session = await first.signIn({
      message,
      signature: await account.signMessage({ message }),
    });
    assert.ok(storage.getItem(sessionStorageKey(session.token)));
    const reloaded = memoryBackend({ storage, domain: 'app.example' });
    await reloaded.loadCampaign(campaign);
    const ok = await reloaded.verify({
      campaignId: campaign.id,
      taskId: 'sign',
      address: account.address,
      session,
    });
    assert.equal(ok.ok, true);
    await rejects(
      reloaded.verify({
        campaignId: campaign.id,
        taskId: 'sign2',
        address: account.address,
        session: { ...session, token: 'unknown-token' },
      }),
      'SESSION_EXPIRED',
    );
    await reloaded.signOut(session);
    await rejects(
      reloaded.verify({
        campaignId: campaign.id,
        taskId: 'sign2',
        address: account.address,
        session,
      }),
      'SESSION_EXPIRED',
    );
    await rejects(
      reloaded.verify({ campaignId: campaign.id, taskId: 'sign2', address: account.address }),
      'SIGN_IN_REQUIRED',
    );
  });

  it('detects corrupt or foreign stored data, resets it with a warning and never crashes', async () => {
    const storage = mapStorage();
    const warnings: string[] = [];
    const backend = memoryBackend({ storage, onWarning: (m) => warnings.push(m) });
    await backend.loadCampaign(sample);
    const key = progressStorageKey('questboard-101', null);
    for (const raw of [
      '{ not json',
      JSON.stringify({
        v: 99,
        campaignId: sample.id,
        address: 'anonymous',
        completed: {},
        claimed: {},
      }),
      JSON.stringify({
        v: STORAGE_VERSION,
        campaignId: 'other',
        address: 'anonymous',
        completed: {},
        claimed: {},
      }),
      JSON.stringify({
        v: STORAGE_VERSION,
        campaignId: sample.id,
        address: 'anonymous',
        completed: { x: 1 },
        claimed: {},
      }),
    ]) {
      storage.setItem(key, raw);
      assert.deepEqual((await backend.getProgress(sample.id, null)).completed, {});
      assert.equal(storage.getItem(key), null, 'reset');
    }
    assert.equal(warnings.length, 4);
    assert.match(warnings[0]!, /reset/);
  });

  it('needs a wallet for wallet and rule-backed tasks', async () => {
    const campaign: Campaign = {
      ...sample,
      chains: { '31337': { rpcUrls: ['http://127.0.0.1:1'] } },
      tiers: [
        {
          id: 'w',
          title: 'Wallet',
          tasks: [
            { id: 'connect', kind: 'wallet.connect', title: 'Connect', points: 5 },
            { id: 'chain', kind: 'wallet.chain', title: 'Switch', points: 5, chainId: 31337 },
          ],
        },
      ],
    };
    const backend = memoryBackend({ storage: mapStorage() });
    await backend.loadCampaign(campaign);
    await rejects(
      backend.verify({ campaignId: campaign.id, taskId: 'connect', address: null }),
      'WALLET_REQUIRED',
    );
    assert.equal(
      (await backend.verify({ campaignId: campaign.id, taskId: 'connect', address: alice })).ok,
      true,
    );
    const wrongChain = await backend.verify({
      campaignId: campaign.id,
      taskId: 'chain',
      address: alice,
      chainId: 1,
    });
    assert.equal(wrongChain.ok, false);
    assert.equal(
      (
        await backend.verify({
          campaignId: campaign.id,
          taskId: 'chain',
          address: alice,
          chainId: 31337,
        })
      ).ok,
      true,
    );
  });

  it('validates the rules of rule-backed tasks (rules validator loaded lazily)', async () => {
    const backend = memoryBackend({ storage: mapStorage() });
    const withRule = (rule: unknown) =>
      ({
        ...sample,
        tiers: [
          {
            id: 'chain',
            title: 'On chain',
            tasks: [{ id: 'txs', kind: 'onchain', title: 'Send a transaction', points: 5, rule }],
          },
        ],
      }) as Campaign;
    const error = await rejects(
      backend.loadCampaign(withRule({ type: 'onchain.txCount', chainId: 'one', min: -1 })),
      'CAMPAIGN_INVALID',
    );
    assert.ok(error.issues.length >= 1);
    assert.ok(error.issues.every((i) => i.path.startsWith('tiers[0].tasks[0].rule')));
    const ok = await backend.loadCampaign(
      withRule({ type: 'onchain.txCount', chainId: 31337, min: 1 }),
    );
    assert.equal(ok.tiers[0]!.tasks[0]!.kind, 'onchain');
  });

  it('refuses tasks outside the campaign window', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const backend = memoryBackend({ storage: mapStorage(), now: () => now });
    await backend.loadCampaign({
      ...sample,
      startsAt: '2026-02-01T00:00:00Z',
      endsAt: '2026-03-01T00:00:00Z',
    });
    const base = { campaignId: sample.id, address: alice, taskId: 'read-intro' };
    await rejects(backend.verify(base), 'CAMPAIGN_NOT_STARTED');
    now = Date.parse('2026-04-01T00:00:00Z');
    await rejects(backend.verify(base), 'CAMPAIGN_ENDED');
    now = Date.parse('2026-02-15T00:00:00Z');
    assert.equal((await backend.verify(base)).ok, true);
  });
});
