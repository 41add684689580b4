import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Campaign } from '../campaign/campaign.js';
import { memoryBackend } from '../memory-backend.js';
import { lazyBackend } from './lazy-backend.js';

const sample = JSON.parse(
  readFileSync(
    new URL('../../../../examples/campaigns/questboard-101.json', import.meta.url),
    'utf8',
  ),
) as Campaign;

describe('lazyBackend', () => {
  it('loads the real backend once, on first use, and forwards every call', async () => {
    let loads = 0;
    const backend = lazyBackend(async () => {
      loads++;
      return memoryBackend({ storage: null });
    });
    assert.equal(loads, 0, 'nothing loaded before use');
    assert.equal(backend.subscribe, undefined, 'no subscribe before the load');
    const [campaign] = await Promise.all([backend.loadCampaign(sample), backend.getNonce()]);
    assert.equal(campaign.id, sample.id);
    const result = await backend.verify({ campaignId: sample.id, taskId: 'read-intro' });
    assert.equal(result.ok, true);
    assert.equal(loads, 1);
    assert.equal(typeof backend.subscribe, 'function', 'subscribe once the backend has one');
  });

  it('retries the load after a failed one (a chunk that did not arrive)', async () => {
    let attempt = 0;
    const backend = lazyBackend(async () => {
      if (++attempt === 1) throw new Error('chunk failed');
      return memoryBackend({ storage: null });
    });
    await assert.rejects(backend.getNonce(), /chunk failed/);
    assert.match(await backend.getNonce(), /^\w+$/);
  });
});
