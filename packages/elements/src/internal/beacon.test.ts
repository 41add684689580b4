import '../../test/setup.js';
import '../define.js';
import { expect, fixture, html } from '@open-wc/testing';
import { type Campaign, MAX_BEACON_EVENTS } from '@questboard/core';
import { until } from '../../test/helpers.js';
import { createCampaign, questServer } from '../../test/server.js';
import { type BeaconHost, createBeacon, trackingRefused } from './beacon.js';

// The board's beacon in real Chromium, sending to the reference server the test runner started
// (real HTTP on 127.0.0.1): batched, never on the caller's turn, nothing under GPC or DNT.

let n = 0;
async function serverCampaign(): Promise<{ id: string; url: string; adminKey: string }> {
  const campaign: Campaign = {
    schemaVersion: 1,
    id: `beacon-${Date.now()}-${++n}`,
    title: 'Beacon',
    tiers: [
      {
        id: 'start',
        title: 'Start',
        tasks: [
          { id: 'read', kind: 'visit', title: 'Read', points: 5, url: 'https://example.org/a' },
        ],
      },
    ],
  };
  const { url, adminKey } = await createCampaign(campaign);
  return { id: campaign.id, url, adminKey };
}

async function insights(s: { id: string; url: string; adminKey: string }, view: string) {
  const response = await fetch(`${s.url}/admin/campaigns/${s.id}/insights/${view}`, {
    headers: { authorization: `Bearer ${s.adminKey}` },
  });
  return response.json();
}

/** The real page, with `sendBeacon` counted (the real one still sends). */
function countedHost(overrides: Partial<BeaconHost['navigator']> = {}) {
  const sent: string[] = [];
  const real = navigator as BeaconHost['navigator'];
  const nav: BeaconHost['navigator'] = {
    sendBeacon: (url: string | URL, body?: BodyInit | null) => {
      sent.push(String(body));
      return navigator.sendBeacon(url, body);
    },
    globalPrivacyControl: real.globalPrivacyControl,
    doNotTrack: real.doNotTrack,
    ...overrides,
  };
  const host = {
    navigator: nav,
    document,
    fetch: (...args: Parameters<typeof fetch>) => fetch(...args),
    requestIdleCallback: window.requestIdleCallback.bind(window),
    cancelIdleCallback: window.cancelIdleCallback.bind(window),
    setTimeout: window.setTimeout.bind(window),
    clearTimeout: window.clearTimeout.bind(window),
    addEventListener: window.addEventListener.bind(window),
    removeEventListener: window.removeEventListener.bind(window),
  } as BeaconHost;
  return { host, sent };
}

describe('beacon', () => {
  it('queues on the caller’s turn, sends one batch when idle, and the server counts it', async () => {
    const s = await serverCampaign();
    const { host, sent } = countedHost();
    const beacon = createBeacon({ endpoint: s.url, campaignId: s.id, host })!;
    beacon.track('viewed');
    beacon.track('viewed');
    beacon.track('connected');
    beacon.track('task_started', 'read');
    expect(sent, 'nothing sent synchronously').to.deep.equal([]);
    await until(() => sent.length === 1, 'the idle batch');
    const body = JSON.parse(sent[0]!);
    expect(body.visitor).to.match(/^v-[0-9a-f]{24}$/);
    expect(body.events).to.deep.equal([
      { type: 'viewed' },
      { type: 'connected' },
      { type: 'task_started', task: 'read' },
    ]);
    await until(
      async () => (await insights(s, 'funnel')).viewed === 1,
      'the server to count the view',
    );
    const funnel = await insights(s, 'funnel');
    expect([funnel.viewed, funnel.connected]).to.deep.equal([1, 1]);
    expect((await insights(s, 'tasks')).tasks[0].started).to.equal(1);
    beacon.close();
  });

  it('sends what is queued when the page is hidden, in batches of at most MAX_BEACON_EVENTS', async () => {
    const s = await serverCampaign();
    const { host, sent } = countedHost();
    const hidden = { visibilityState: 'visible' as DocumentVisibilityState };
    const listeners: (() => void)[] = [];
    host.document = {
      get visibilityState() {
        return hidden.visibilityState;
      },
      addEventListener: (_: string, fn: () => void) => listeners.push(fn),
      removeEventListener: () => {},
    } as unknown as BeaconHost['document'];
    host.requestIdleCallback = () => 0; // never idle: only the page being hidden sends
    const beacon = createBeacon({ endpoint: s.url, campaignId: s.id, host })!;
    beacon.track('viewed');
    expect(sent).to.deep.equal([]);
    hidden.visibilityState = 'hidden';
    for (const fn of listeners) fn();
    expect(sent.length).to.equal(1);
    // Past the cap a batch leaves at once.
    const many = createBeacon({ endpoint: s.url, campaignId: s.id, host })!;
    for (let i = 0; i < MAX_BEACON_EVENTS; i++) many.track('task_started', `t${i}`);
    expect(sent.length).to.equal(2);
    expect(JSON.parse(sent[1]!).events.length).to.equal(MAX_BEACON_EVENTS);
    beacon.close();
    many.close();
  });

  it('falls back to fetch keepalive when sendBeacon refuses', async () => {
    const s = await serverCampaign();
    const { host } = countedHost({ sendBeacon: () => false });
    const beacon = createBeacon({ endpoint: s.url, campaignId: s.id, host })!;
    beacon.track('viewed');
    beacon.flush();
    await until(async () => (await insights(s, 'funnel')).viewed === 1, 'the fetch to land');
    beacon.close();
  });

  it('a board with an endpoint reports its view once it has loaded the campaign', async () => {
    const s = await serverCampaign();
    const el = await fixture(html`<quest-board endpoint=${s.url} campaign=${s.id}></quest-board>`);
    await until(async () => (await insights(s, 'funnel')).viewed === 1, 'the board’s view');
    el.remove(); // disconnecting sends what is queued and stops listening
  });

  it('sends nothing at all under Global Privacy Control or Do Not Track', async () => {
    for (const signal of [{ globalPrivacyControl: true }, { doNotTrack: '1' }]) {
      const { host, sent } = countedHost(signal);
      expect(trackingRefused(host)).to.equal(true);
      expect(createBeacon({ endpoint: 'http://127.0.0.1:9', campaignId: 'x', host })).to.equal(
        undefined,
      );
      expect(sent).to.deep.equal([]);
    }
    const { host } = countedHost({ globalPrivacyControl: false, doNotTrack: '0' });
    expect(trackingRefused(host)).to.equal(false);
    // The real page here signals neither.
    expect(trackingRefused(window as unknown as BeaconHost)).to.equal(false);
    await questServer();
  });
});
