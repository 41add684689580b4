import '../../test/setup.js';
import './quest-insights.js';
import { expect, fixture, html } from '@open-wc/testing';
import { part, parts, text, until } from '../../test/helpers.js';
import type { QuestInsights } from './quest-insights.component.js';
import type { InsightsData } from './types.js';

// <quest-insights> with static `data` (nothing fetched) and with URLs it must refuse.

const data: InsightsData = {
  funnel: {
    campaignId: 'c',
    viewed: 10,
    connected: 8,
    signedIn: 6,
    wallets: 6,
    tiers: [
      {
        tierId: 'a',
        reached: 6,
        completed: 3,
        claimed: 1,
        hasReward: true,
        dropOff: { beforeReached: 0, beforeCompleted: 3, beforeClaimed: 2 },
        completionRate: 0.5,
        claimRate: 1 / 3,
      },
    ],
  },
  retention: {
    campaignId: 'c',
    cohorts: [{ cohort: '2026-11-01', size: 4, d1: { count: 2, rate: 0.5 }, d7: null, d30: null }],
  },
  daily: { campaignId: 'c', days: [{ day: '2026-11-01', new: 4, returning: 2 }] },
  tasks: {
    campaignId: 'c',
    tasks: [
      {
        taskId: 'q',
        tierId: 'a',
        started: 7,
        attempted: 6,
        verified: 3,
        failures: 5,
        completionRate: 0.5,
        topFailures: [{ reason: 'WRONG_ANSWER', count: 5 }],
      },
    ],
  },
};

const rows = (table: Element | null) =>
  [...(table?.querySelectorAll('tbody tr') ?? [])].map((r) => [...r.children].map((c) => text(c)));

describe('<quest-insights> with data', () => {
  it('shows given data without fetching, with drop-off and "—" cells', async () => {
    const calls: string[] = [];
    const el = await fixture<QuestInsights>(
      html`<quest-insights api="https://example.org" campaign="c" .token=${'k'}
        .fetcher=${async (u: RequestInfo | URL) => {
          calls.push(String(u));
          return new Response('{}', { status: 500 });
        }} .data=${data}></quest-insights>`,
    );
    await until(() => part(el, 'table-funnel'), 'the funnel');
    expect(calls).to.deep.equal([]);
    expect(rows(part(el, 'table-funnel'))).to.deep.equal([['a', '6', '3', '50%', '1', '66.7%']]);
    expect(rows(part(el, 'table-retention'))).to.deep.equal([['2026-11-01', '4', '50%', '—', '—']]);
    expect(parts(el, 'cell-empty').length).to.equal(2);
    expect(rows(part(el, 'table-daily'))).to.deep.equal([['2026-11-01', '4', '2']]);
    expect(rows(part(el, 'table-tasks'))).to.deep.equal([
      ['q', '7', '6', '3', '50%', 'WRONG_ANSWER 5'],
    ]);
    // The chart tables are there for screen readers, visually hidden until show-tables.
    expect(part(el, 'table-funnel')!.parentElement!.classList.contains('visually-hidden')).to.equal(
      true,
    );
    el.showTables = true;
    await el.updateComplete;
    expect(part(el, 'table-funnel')!.parentElement!.classList.contains('visually-hidden')).to.equal(
      false,
    );
    expect(el.getAttribute('show-tables')).to.equal('');
    await expect(el).to.be.accessible();
    el.view = 'daily';
    await el.updateComplete;
    expect(parts(el, 'section').map((s) => s.getAttribute('part'))).to.deep.equal([
      'section section-daily',
    ]);
  });

  it('fetches nothing for a URL that is not http(s), or without a key', async () => {
    const calls: string[] = [];
    const fetcher = async (u: RequestInfo | URL) => {
      calls.push(String(u));
      return new Response('{}', { status: 500 });
    };
    const el = await fixture<QuestInsights>(
      html`<quest-insights api="javascript:alert(1)" campaign="c" .token=${'k'} .fetcher=${fetcher}></quest-insights>`,
    );
    expect(text(part(el, 'status'))).to.equal(
      'Give the element a server, a campaign and an admin key.',
    );
    el.api = 'https://example.org';
    el.token = undefined;
    await el.updateComplete;
    expect(calls).to.deep.equal([]);
    // With all three: one request per view, the key as a bearer header; a 500 is an error.
    el.token = 'k';
    await until(
      () => text(part(el, 'status')).startsWith('The insights could not be loaded'),
      'error',
    );
    expect(calls.sort()).to.deep.equal(
      ['daily', 'funnel', 'retention', 'tasks'].map(
        (v) => `https://example.org/admin/campaigns/c/insights/${v}`,
      ),
    );
  });

  it('speaks Spanish', async () => {
    const el = await fixture<QuestInsights>(
      html`<quest-insights locale="es" .data=${data}></quest-insights>`,
    );
    await until(() => part(el, 'heading'), 'a heading');
    expect(text(part(el, 'heading'))).to.equal('Embudo');
  });
});
