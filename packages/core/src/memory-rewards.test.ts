// The memory backend's claim deliveries: REWARD_NEEDS_SERVER without a dev issuer (nothing
// recorded), a voucher the issuer signed (kept: a repeat gives the same), tokens and allowlists.
// (packages/server/src/rewards/rewards-api.test.ts mints a voucher from the same code on anvil.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recoverTypedDataAddress } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { Address, Campaign } from './campaign/campaign.js';
import { QuestError } from './errors.js';
import { type KeyValueStorage, memoryBackend } from './memory-backend.js';
import { badgeVoucherFromJson, badgeVoucherTypedData, rewardKey } from './voucher.js';

const alice = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as Address;
const issuer = privateKeyToAccount(
  '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a',
);
const BADGE = '0x5FbDB2315678afecb367f032d93F642f64180aa3' as Address;
const DROP = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512' as Address;
const TOKEN = '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0' as Address;

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

const visit = (id: string, points: number) => ({
  id,
  kind: 'visit' as const,
  title: id,
  points,
  url: 'https://a.example',
});
const campaign = {
  schemaVersion: 1,
  id: 'mem-rewards',
  title: 'Rewards',
  chains: { '31337': { rpcUrls: ['http://127.0.0.1:8545'] } },
  tiers: [
    {
      id: 'bronze',
      title: 'Bronze',
      tasks: [visit('v1', 10)],
      reward: { kind: 'badge', title: 'Bronze', chainId: 31337, contract: BADGE },
    },
    {
      id: 'trade',
      title: 'Trade',
      tasks: [visit('v2', 20), visit('v3', 30)],
      reward: {
        kind: 'token',
        title: 'ACME',
        chainId: 31337,
        contract: DROP,
        token: { address: TOKEN, symbol: 'ACME', decimals: 6 },
        amount: { perPoint: '1000000' },
      },
    },
    {
      id: 'early',
      title: 'Early',
      tasks: [visit('v4', 1)],
      reward: { kind: 'allowlist', title: 'Early access', list: 'early' },
    },
  ],
} as Campaign;

async function finished(options: Parameters<typeof memoryBackend>[0]) {
  const storage = mapStorage();
  const backend = memoryBackend({ storage, ...options });
  await backend.loadCampaign(structuredClone(campaign));
  for (const task of ['v1', 'v2', 'v3', 'v4'])
    assert.equal(
      (await backend.verify({ campaignId: campaign.id, taskId: task, address: alice })).ok,
      true,
    );
  return { backend, storage };
}

describe('memory backend reward deliveries', () => {
  it('refuses badge and token claims without a dev issuer, recording nothing', async () => {
    const { backend, storage } = await finished({});
    const before = new Map(storage.data);
    for (const tierId of ['bronze', 'trade']) {
      await assert.rejects(
        backend.claim({ campaignId: campaign.id, tierId, address: alice }),
        (error: unknown) => {
          assert.ok(error instanceof QuestError);
          assert.equal(error.code, 'REWARD_NEEDS_SERVER');
          assert.match(error.shortMessage, /browser only/);
          return true;
        },
      );
    }
    assert.deepEqual(storage.data, before);
    // An allowlist needs no signature.
    const early = await backend.claim({ campaignId: campaign.id, tierId: 'early', address: alice });
    assert.deepEqual(early.delivery, { kind: 'allowlist', list: 'early' });
    assert.equal(await backend.tokenProof!(campaign.id, 'trade', alice), undefined);
  });

  it('signs a badge voucher with the dev issuer and gives the same one again', async () => {
    const { backend } = await finished({ issuer, now: () => Date.UTC(2026, 11, 1) });
    const first = await backend.claim({
      campaignId: campaign.id,
      tierId: 'bronze',
      address: alice,
    });
    assert.equal(first.firstClaim, true);
    assert.ok(first.progress.claimed.bronze);
    const delivery = first.delivery;
    assert.ok(delivery?.kind === 'badge');
    assert.equal(delivery.contract, BADGE);
    assert.equal(delivery.voucher.to, alice);
    assert.equal(delivery.voucher.campaign, rewardKey(campaign.id));
    assert.equal(delivery.voucher.tier, rewardKey('bronze'));
    assert.equal(delivery.voucher.validBefore, String(Date.UTC(2026, 11, 1) / 1000 + 30 * 86400));
    const signer = await recoverTypedDataAddress({
      ...badgeVoucherTypedData(
        { chainId: 31337, address: BADGE },
        badgeVoucherFromJson(delivery.voucher),
      ),
      signature: delivery.signature,
    });
    assert.equal(signer, issuer.address);
    const again = await backend.claim({
      campaignId: campaign.id,
      tierId: 'bronze',
      address: alice,
    });
    assert.equal(again.firstClaim, false);
    assert.deepEqual(again.delivery, delivery);
  });

  it('gives a token tier its amount and needs a wallet for badges', async () => {
    const { backend } = await finished({ issuer });
    const trade = await backend.claim({ campaignId: campaign.id, tierId: 'trade', address: alice });
    assert.deepEqual(trade.delivery, {
      kind: 'token',
      chainId: 31337,
      contract: DROP,
      token: { address: TOKEN, symbol: 'ACME', decimals: 6 },
      amount: String(50 * 1_000_000),
    });
    const anonymous = memoryBackend({ storage: mapStorage(), issuer });
    await anonymous.loadCampaign(structuredClone(campaign));
    await anonymous.verify({ campaignId: campaign.id, taskId: 'v1', address: null });
    await assert.rejects(
      anonymous.claim({ campaignId: campaign.id, tierId: 'bronze', address: null }),
      { code: 'WALLET_REQUIRED' },
    );
  });
});
