import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { QuestBackend } from './backends/backend.js';
import type { Address, Campaign } from './campaign/campaign.js';
import { memoryBackend } from './memory-backend.js';
import {
  captureReferral,
  type ReferralStorage,
  sendReferral,
  storedReferral,
} from './referrals-capture.js';

const mapStorage = () => {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
    get length() {
      return data.size;
    },
    key: (i: number) => [...data.keys()][i] ?? null,
  };
};

const sample = JSON.parse(
  readFileSync(new URL('../../../examples/campaigns/questboard-101.json', import.meta.url), 'utf8'),
) as Campaign;
const campaign: Campaign = {
  ...sample,
  referral: { qualify: { type: 'task', task: 'read-intro' }, points: 5 },
};
const alice = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as Address;
const bob = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' as Address;

describe('invite capture', () => {
  it('keeps the first ?ref and never replaces it; ignores malformed ones', () => {
    const storage = mapStorage();
    assert.equal(captureReferral(storage, 's', 'https://dapp.example/?ref=<b>'), undefined);
    assert.equal(captureReferral(storage, 's', 'not a url'), undefined);
    const first = captureReferral(storage, 's', 'https://dapp.example/?ref=0123ABCDEF', 1000);
    assert.deepEqual(first, { code: '0123abcdef', at: '1970-01-01T00:00:01.000Z' });
    assert.deepEqual(captureReferral(storage, 's', 'https://dapp.example/?ref=zzzzzzzzzz'), first);
    assert.equal(captureReferral(storage, 'other', 'https://dapp.example/'), undefined);
    storage.setItem('questboard:v1:ref:bad', '{"code":"<script>","at":"x"}');
    assert.equal(storedReferral(storage, 'bad'), undefined);
  });

  it('sends the invite once: bound, or refused for good', async () => {
    const storage = mapStorage();
    const backend = memoryBackend({ storage });
    await backend.loadCampaign(campaign);
    const { code } = await backend.referrals!({ campaignId: campaign.id, address: alice });
    captureReferral(storage, 's', `https://dapp.example/?ref=${code}`);
    const sent = await sendReferral(backend, storage, 's', {
      campaignId: campaign.id,
      address: bob,
    });
    assert.equal(sent?.outcome, 'bound');
    let calls = 0;
    const counting = {
      ...backend,
      bindReferral: async () => void calls++,
    } as unknown as QuestBackend;
    await sendReferral(counting, storage, 's', { campaignId: campaign.id, address: bob });
    assert.equal(calls, 0, 'never sent twice');
    const [r] = (await backend.referrals!({ campaignId: campaign.id, address: alice })).referrals;
    assert.equal(r?.referee, bob);

    captureReferral(storage, 'self', `https://dapp.example/?ref=${code}`);
    const self = await sendReferral(backend, storage, 'self', {
      campaignId: campaign.id,
      address: alice,
    });
    assert.equal(self?.outcome, 'SELF');
  });

  it('waits for a session where the backend needs sign-in, and retries after a network failure', async () => {
    const storage: ReferralStorage = mapStorage();
    captureReferral(storage, 's', 'https://dapp.example/?ref=0123abcdef');
    let calls = 0;
    const backend = {
      needs: { signIn: true },
      bindReferral: async () => {
        calls++;
        throw Object.assign(new Error('offline'), { name: 'TypeError' });
      },
    } as unknown as QuestBackend;
    const request = { campaignId: 'c', address: bob };
    assert.equal((await sendReferral(backend, storage, 's', request))?.outcome, undefined);
    assert.equal(calls, 0);
    const session = { address: bob, chainId: 1, token: 't', expiresAt: '2099-01-01T00:00:00Z' };
    await assert.rejects(sendReferral(backend, storage, 's', { ...request, session }));
    assert.equal(calls, 1);
    assert.equal(storedReferral(storage, 's')?.outcome, undefined, 'kept for a retry');
  });
});
