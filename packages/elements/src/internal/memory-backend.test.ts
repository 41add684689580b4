import '../../test/setup.js';
import { expect } from '@open-wc/testing';
import { type Campaign, isQuestError } from '@questboard/core';
import { startEarly } from './early-campaign.js';
import { lazyMemoryBackend } from './memory-backend.js';

const CAMPAIGN = '/examples/campaigns/questboard-101.json';

/** A Storage that forgets everything with the test. */
function storage() {
  const data = new Map<string, string>();
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
    get length() {
      return data.size;
    },
    key: (i: number) => [...data.keys()][i] ?? null,
  };
}

/** The page's real fetch, recording each call (URL and accept header) in order. */
function recordingFetch(fail: (n: number) => boolean = () => false) {
  const calls: { url: string; accept: string | null }[] = [];
  const fetchSpy: typeof fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    calls.push({ url, accept: new Headers(init?.headers).get('accept') });
    if (fail(calls.length)) return Promise.reject(new TypeError('Failed to fetch'));
    return fetch(input, init);
  };
  return { calls, fetch: fetchSpy };
}

describe('lazyMemoryBackend', () => {
  it('sends the campaign request before its own code has loaded, once, and the backend reads that response', async () => {
    const net = recordingFetch();
    const backend = lazyMemoryBackend({ storage: storage(), fetch: net.fetch });
    const loading = backend.loadCampaign(CAMPAIGN);
    // Sent in the same turn: it did not wait for the backend's code (a module load) to arrive.
    expect(net.calls).to.deep.equal([
      { url: new URL(CAMPAIGN, document.baseURI).href, accept: 'application/json' },
    ]);
    const campaign = await loading;
    expect(campaign.id).to.equal('questboard-101');
    expect(campaign.tiers.length).to.be.greaterThan(0);
    // The backend's own request was the early one: nothing more went out.
    expect(net.calls.length).to.equal(1);
    // The backend works as the memory backend does: progress of the loaded campaign.
    const progress = await backend.getProgress(campaign.id, null);
    expect(progress.completed).to.deep.equal({});
  });

  it('reports a failed early request as the backend does (CAMPAIGN_FETCH_FAILED, retryable), and a retry sends a new one', async () => {
    const net = recordingFetch((n) => n === 1);
    const backend = lazyMemoryBackend({ storage: storage(), fetch: net.fetch });
    const error = await backend.loadCampaign(CAMPAIGN).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isQuestError(error) && error.code).to.equal('CAMPAIGN_FETCH_FAILED');
    expect(isQuestError(error) && error.retryable).to.equal(true);
    expect(net.calls.length).to.equal(1);
    const campaign = await backend.loadCampaign(CAMPAIGN);
    expect(campaign.id).to.equal('questboard-101');
    expect(net.calls.length).to.equal(2);
  });

  it('an answer that is not the campaign is refused as before (HTTP status, invalid JSON)', async () => {
    const backend = lazyMemoryBackend({ storage: storage() });
    const missing = await backend.loadCampaign('/examples/campaigns/does-not-exist.json').then(
      () => null,
      (e: unknown) => e,
    );
    expect(isQuestError(missing) && missing.code).to.equal('CAMPAIGN_FETCH_FAILED');
    expect(isQuestError(missing) && missing.shortMessage).to.match(/HTTP 404/);
    const notJson = await backend.loadCampaign('/README.md').then(
      () => null,
      (e: unknown) => e,
    );
    expect(isQuestError(notJson) && notJson.code).to.equal('CAMPAIGN_INVALID');
  });

  it('two loads of one URL at once share nothing: one request each, both loaded', async () => {
    const net = recordingFetch();
    const backend = lazyMemoryBackend({ storage: storage(), fetch: net.fetch });
    const [a, b] = await Promise.all([
      backend.loadCampaign(CAMPAIGN),
      backend.loadCampaign(CAMPAIGN),
    ]);
    expect(a.id).to.equal('questboard-101');
    expect(b.id).to.equal('questboard-101');
    expect(net.calls.length).to.equal(2);
  });

  it('leaves a load with an abort signal, and campaign objects, to the backend alone', async () => {
    const net = recordingFetch();
    const backend = lazyMemoryBackend({ storage: storage(), fetch: net.fetch });
    const controller = new AbortController();
    const campaign = await backend.loadCampaign(CAMPAIGN, { signal: controller.signal });
    expect(net.calls.length).to.equal(1);
    const again = await backend.loadCampaign(campaign);
    expect(again.id).to.equal(campaign.id);
    expect(net.calls.length).to.equal(1);
  });

  describe('what the script-tag file asks for as it starts (startEarly)', () => {
    /** A page fragment with one `<quest-board>` (not upgraded: only its attributes are read). */
    function page(attributes: Record<string, string>) {
      const root = document.createElement('div');
      const board = root.appendChild(document.createElement('quest-board'));
      for (const [name, value] of Object.entries(attributes)) board.setAttribute(name, value);
      return root;
    }
    /** A URL of its own (so Resource Timing counts this test's requests only). */
    const fresh = () => {
      performance.clearResourceTimings(); // a full buffer (250 entries) would record nothing
      return new URL(`${CAMPAIGN}?early=${crypto.randomUUID()}`, document.baseURI).href;
    };
    const requests = (url: string) => performance.getEntriesByName(url, 'resource').length;

    it("asks for a board's campaign at once, and the first backend without its own fetch takes that response: one request", async () => {
      const url = fresh();
      startEarly(page({ campaign: url }));
      const backend = lazyMemoryBackend({ storage: storage() });
      const campaign = await backend.loadCampaign(url);
      expect(campaign.id).to.equal('questboard-101');
      expect(requests(url)).to.equal(1);
      // Handed out once: a second backend sends its own request.
      await lazyMemoryBackend({ storage: storage() }).loadCampaign(url);
      expect(requests(url)).to.equal(2);
    });

    it('leaves boards with an endpoint, and backends with their own fetch, as they were', async () => {
      const url = fresh();
      startEarly(page({ campaign: url, endpoint: 'http://127.0.0.1:9' }));
      expect(requests(url)).to.equal(0);
      const other = fresh();
      startEarly(page({ campaign: other }));
      const net = recordingFetch();
      await lazyMemoryBackend({ storage: storage(), fetch: net.fetch }).loadCampaign(other);
      // Its own fetch sent its own request, beside the early one (which it never reads).
      expect(net.calls.map((c) => c.url)).to.deep.equal([other]);
    });
  });
});

describe('the input patterns check of the script-tag board (deferPatternCheck)', () => {
  /** The demo campaign, its input task ("handle") with a pattern RE2 refuses (a backreference). */
  async function badPattern(): Promise<Record<string, unknown>> {
    const json = await (await fetch(CAMPAIGN)).json();
    const input = json.tiers[0].tasks.find((t: { kind: string }) => t.kind === 'input');
    input.pattern = '(a)\\1';
    return json;
  }

  it('runs after the frame that shows the campaign (the RE2 chunk never competes with the first paint), before any answer', async () => {
    const backend = lazyMemoryBackend({ storage: storage() });
    const campaign = await backend.loadCampaign((await badPattern()) as unknown as Campaign);
    // The board renders the ladder in the microtasks after loadCampaign; then comes the frame.
    const order: string[] = [];
    requestAnimationFrame(() => order.push('frame'));
    const verdict = backend.verify({ campaignId: campaign.id, taskId: 'handle', address: null });
    await backend.campaignChecked!(campaign.id).then(
      () => order.push('passed'),
      (e: unknown) => order.push(isQuestError(e) ? e.code : String(e)),
    );
    // The engine is in this page's module graph already (the workspace's unbundled core): only
    // the frame held the check back.
    expect(order).to.deep.equal(['frame', 'CAMPAIGN_INVALID']);
    const refused = await verdict.then(
      () => null,
      (e: unknown) => e,
    );
    expect(isQuestError(refused) && refused.code).to.equal('CAMPAIGN_INVALID');
  });
});
