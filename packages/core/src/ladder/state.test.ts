import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { QuestBackend } from '../backends/backend.js';
import type { Address, Campaign } from '../campaign/campaign.js';
import { type KeyValueStorage, memoryBackend } from '../memory-backend.js';
import { createQuestState } from './state.js';

const sample = JSON.parse(
  readFileSync(
    new URL('../../../../examples/campaigns/questboard-101.json', import.meta.url),
    'utf8',
  ),
) as Campaign;
const alice = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as Address;
const bob = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' as Address;

function storage(): KeyValueStorage {
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

/** A real memory backend whose `verify` waits until the test lets it go on. */
function gated(backend: QuestBackend) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  return {
    release,
    backend: {
      ...backend,
      async verify(request) {
        await gate;
        return backend.verify(request);
      },
    } satisfies QuestBackend,
  };
}

describe('createQuestState', () => {
  it('loads, derives the ladder, verifies and reports what unlocked', async () => {
    const state = createQuestState({ backend: memoryBackend({ storage: storage() }) });
    const off = state.$ladder.listen(() => {});
    assert.equal(state.$status.get(), 'idle');
    const loading = state.load(sample);
    assert.equal(state.$status.get(), 'loading');
    await loading;
    assert.equal(state.$status.get(), 'ready');
    assert.equal(state.$ladder.get()?.tiers[1]?.state, 'locked');
    await state.verify('read-intro');
    await state.verify('eip-quiz', 'Ethereum Improvement Proposal');
    const wrong = await state.verify('handle', '!!');
    assert.equal(wrong?.result.ok, false);
    assert.equal(state.$ladder.get()?.tiers[0]?.tasks[2]?.state, 'failed');
    const outcome = await state.verify('handle', 'alice');
    assert.deepEqual(outcome?.change, {
      unlockedTiers: ['deeper'],
      unlockedTasks: ['read-wallets', 'fav-dapp'],
    });
    assert.equal(state.$ladder.get()?.points, 40);
    assert.equal(state.$ladder.get()?.level.level?.name, 'Explorer');
    const claim = await state.claim('basics');
    assert.equal(claim?.firstClaim, true);
    assert.equal(state.$ladder.get()?.tiers[0]?.state, 'claimed');
    off();
  });

  it('two checks answered out of order, each missing the other, keep both completions', async () => {
    // Each answer is the real memory backend's, computed before the other check was recorded
    // (as a server answers two concurrent verifies); the older one arrives last.
    const real = memoryBackend({ storage: storage() });
    let releaseFirst!: () => void;
    const firstGate = new Promise<void>((r) => (releaseFirst = r));
    let calls = 0;
    const backend: QuestBackend = {
      ...real,
      async verify(request) {
        const result = await real.verify(request);
        calls++;
        if (calls === 1) await firstGate; // the first answer is held back
        return result;
      },
    };
    const state = createQuestState({ backend });
    const off = state.$ladder.listen(() => {});
    await state.load(sample);
    const first = state.verify('read-intro'); // answered with read-intro only, held back
    const second = state.verify('eip-quiz', 'Ethereum Improvement Proposal'); // holds both
    await second;
    releaseFirst();
    await first;
    const done = Object.keys(state.$progress.get()?.completed ?? {}).sort();
    assert.deepEqual(done, ['eip-quiz', 'read-intro']);
    const points = sample.tiers[0]!.tasks.slice(0, 2).reduce((sum, t) => sum + t.points, 0);
    assert.equal(state.$ladder.get()?.points, points);
    off();
  });

  it('shows a load error with its code and no ladder', async () => {
    const state = createQuestState({ backend: memoryBackend({ storage: storage() }) });
    await state.load({ ...sample, tiers: [] } as Campaign);
    assert.equal(state.$status.get(), 'error');
    assert.equal(state.$error.get()?.code, 'CAMPAIGN_INVALID');
    assert.equal(state.$ladder.get(), null);
  });

  it('switching accounts shows the new account’s own progress and drops a verification in flight', async () => {
    const shared = storage();
    const { backend, release } = gated(memoryBackend({ storage: shared }));
    const state = createQuestState({ backend });
    await state.load(sample);
    await state.setIdentity(alice);
    const inFlight = state.verify('read-intro');
    assert.equal(state.$ladder.get()?.tiers[0]?.tasks[0]?.state, 'verifying');
    await state.setIdentity(bob);
    release();
    assert.equal(await inFlight, null, 'the answer for alice is discarded');
    assert.equal(state.$address.get(), bob);
    assert.equal(
      state.$ladder.get()?.tiers[0]?.tasks[0]?.state,
      'available',
      'bob sees nothing of alice',
    );
    assert.equal(state.$progress.get()?.address, bob);
    // Alice's verification did land in her own progress, not in Bob's.
    const mem = memoryBackend({ storage: shared });
    assert.deepEqual(Object.keys((await mem.getProgress(sample.id, alice)).completed), [
      'read-intro',
    ]);
    assert.deepEqual((await mem.getProgress(sample.id, bob)).completed, {});
  });

  it('a wallet that connects while the campaign loads gets its own progress, and the load finishes', async () => {
    const shared = storage();
    const seeded = memoryBackend({ storage: shared });
    await seeded.loadCampaign(sample);
    await seeded.verify({ campaignId: sample.id, taskId: 'read-intro', address: alice });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const real = memoryBackend({ storage: shared });
    const slow: QuestBackend = {
      ...real,
      async loadCampaign(ref) {
        await gate;
        return real.loadCampaign(ref);
      },
    };
    const state = createQuestState({ backend: slow });
    const loading = state.load(sample);
    await state.setIdentity(alice);
    release();
    await loading;
    assert.equal(state.$status.get(), 'ready');
    assert.equal(state.$progress.get()?.address, alice);
    assert.deepEqual(Object.keys(state.$progress.get()!.completed), ['read-intro']);
  });

  it('re-derives when the campaign window opens, while something listens', async () => {
    const state = createQuestState({ backend: memoryBackend({ storage: storage() }) });
    const off = state.$ladder.listen(() => {});
    try {
      await state.load({ ...sample, startsAt: new Date(Date.now() + 80).toISOString() });
      assert.equal(state.$ladder.get()?.window, 'upcoming');
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(state.$ladder.get()?.window, 'live');
    } finally {
      off();
    }
  });
});
