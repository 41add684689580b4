import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Address, Campaign } from './campaign/campaign.js';
import { QuestError } from './errors.js';
import { type KeyValueStorage, memoryBackend } from './memory-backend.js';

const sample = JSON.parse(
  readFileSync(new URL('../../../examples/campaigns/questboard-101.json', import.meta.url), 'utf8'),
) as Campaign;
const alice = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as Address;
const bob = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' as Address;
const carol = '0x90F79bf6EB2c4f870365E785982E1f101E93b906' as Address;
const dave = '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65' as Address;

function mapStorage(): KeyValueStorage {
  const data = new Map<string, string>();
  return {
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
    get length() {
      return data.size;
    },
    key: (i) => [...data.keys()][i] ?? null,
  };
}

const campaign: Campaign = {
  ...structuredClone(sample),
  referral: {
    qualify: {
      type: 'all',
      rules: [
        { type: 'task', task: 'read-intro' },
        { type: 'points', min: 20 },
      ],
    },
    withinDays: 3,
    points: 25,
    maxReferees: 2,
  },
};

async function reason(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof QuestError);
    return `${error.code} ${error.details}`;
  }
  assert.fail('expected a refusal');
}

describe('memory backend referrals', () => {
  it('binds once, qualifies once the rule holds and lists what each referee needs', async () => {
    let clock = Date.parse('2026-03-01T10:00:00Z');
    const backend = memoryBackend({ storage: mapStorage(), now: () => clock });
    await backend.loadCampaign(campaign);
    const c = { campaignId: campaign.id };
    const { code } = await backend.referrals!({ ...c, address: alice });
    assert.equal((await backend.referrals!({ ...c, address: alice })).code, code);

    assert.equal(
      await reason(backend.bindReferral!({ ...c, address: alice, code })),
      'REFERRAL_REFUSED SELF',
    );
    assert.equal(
      await reason(backend.bindReferral!({ ...c, address: bob, code: 'zzzzzzzzzz' })),
      'REFERRAL_REFUSED UNKNOWN_CODE',
    );
    const bound = await backend.bindReferral!({ ...c, address: bob, code });
    assert.equal(bound.referee, bob);
    assert.deepEqual(await backend.bindReferral!({ ...c, address: bob, code }), bound);
    const { code: carolCode } = await backend.referrals!({ ...c, address: carol });
    assert.equal(
      await reason(backend.bindReferral!({ ...c, address: bob, code: carolCode })),
      'REFERRAL_REFUSED ALREADY_BOUND',
    );

    let [entry] = (await backend.referrals!({ ...c, address: alice })).referrals;
    assert.equal(entry?.state, 'pending');
    assert.deepEqual(entry?.needs, [
      { kind: 'task', task: 'read-intro' },
      { kind: 'points', points: 20 },
    ]);
    assert.equal(entry?.deadline, '2026-03-04T10:00:00.000Z');

    assert.equal((await backend.verify({ ...c, taskId: 'read-intro', address: bob })).ok, true);
    [entry] = (await backend.referrals!({ ...c, address: alice })).referrals;
    assert.deepEqual(entry?.needs, [{ kind: 'points', points: 10 }]);

    clock += 86_400_000;
    const quiz = await backend.verify({
      ...c,
      taskId: 'eip-quiz',
      address: bob,
      input: 'Ethereum Improvement Proposal',
    });
    assert.equal(quiz.ok, true);
    [entry] = (await backend.referrals!({ ...c, address: alice })).referrals;
    assert.equal(entry?.state, 'qualified');
    assert.equal(entry?.qualifiedAt, '2026-03-02T10:00:00.000Z');
  });

  it('refuses wallets with progress, past the cap, and expires late referees', async () => {
    let clock = Date.parse('2026-03-01T10:00:00Z');
    const backend = memoryBackend({ storage: mapStorage(), now: () => clock });
    await backend.loadCampaign(campaign);
    const c = { campaignId: campaign.id };
    const { code } = await backend.referrals!({ ...c, address: alice });
    assert.equal((await backend.verify({ ...c, taskId: 'read-intro', address: dave })).ok, true);
    assert.equal(
      await reason(backend.bindReferral!({ ...c, address: dave, code })),
      'REFERRAL_REFUSED NOT_NEW',
    );
    await backend.bindReferral!({ ...c, address: bob, code });
    await backend.bindReferral!({ ...c, address: carol, code });
    const eve = '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc' as Address;
    assert.equal(
      await reason(backend.bindReferral!({ ...c, address: eve, code })),
      'REFERRAL_REFUSED CAP_REACHED',
    );
    clock += 4 * 86_400_000;
    // Too late: the rule holds now but the window closed.
    await backend.verify({ ...c, taskId: 'read-intro', address: bob });
    await backend.verify({ ...c, taskId: 'handle', address: bob, input: '@bob' });
    const states = (await backend.referrals!({ ...c, address: alice })).referrals.map(
      (r) => r.state,
    );
    assert.deepEqual(states, ['expired', 'expired']);
    assert.equal(
      await reason(backend.referrals!({ campaignId: campaign.id, address: null as never })),
      'WALLET_REQUIRED undefined',
    );
  });

  it('answers NOT_ENABLED for a campaign without referrals', async () => {
    const backend = memoryBackend({ storage: mapStorage() });
    await backend.loadCampaign(sample);
    assert.equal(
      await reason(backend.referrals!({ campaignId: sample.id, address: alice })),
      'REFERRAL_REFUSED NOT_ENABLED',
    );
  });
});
