import '../../test/setup.js';
import './quest-insights.js';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { part, parts, text, until } from '../../test/helpers.js';
import type { QuestInsights } from './quest-insights.component.js';
import type { InsightsData, SegmentRule } from './types.js';

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
  referrals: {
    campaignId: 'c',
    bound: 8,
    qualified: 2,
    qualificationRate: 0.25,
    topReferrers: [
      { referrer: '0x1111111111111111111111111111111111111111', bound: 5, qualified: 2 },
      { referrer: '0x2222222222222222222222222222222222222222', bound: 3, qualified: 0 },
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
      ['daily', 'funnel', 'referrals', 'retention', 'tasks'].map(
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

/** A stand-in server for the segment endpoints: records each request, answers as `answer` says. */
function segmentServer(answer: (rule: SegmentRule) => Response | Promise<Response>) {
  const requests: { url: string; rule: SegmentRule; signal: AbortSignal; auth: string | null }[] =
    [];
  const fetcher = async (u: RequestInfo | URL, init?: RequestInit) => {
    const rule = (JSON.parse(String(init!.body)) as { rule: SegmentRule }).rule;
    requests.push({
      url: String(u),
      rule,
      signal: init!.signal!,
      auth: new Headers(init!.headers).get('authorization'),
    });
    return answer(rule);
  };
  return { requests, fetcher: fetcher as typeof fetch };
}

const input = (el: Element, index: number, field: string) =>
  el.shadowRoot!.querySelector<HTMLInputElement>(`#seg-${index}-${field}`)!;

function type(el: Element, index: number, field: string, value: string) {
  const i = input(el, index, field);
  i.value = value;
  i.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

describe('<quest-insights> referrals', () => {
  it('shows bound → qualified with conversion and the top referrers', async () => {
    const el = await fixture<QuestInsights>(
      html`<quest-insights view="referrals" .data=${data}></quest-insights>`,
    );
    await until(() => part(el, 'section-referrals'), 'the referrals');
    expect(parts(el, 'section').length).to.equal(1);
    const summary = Object.fromEntries(
      [...part(el, 'summary')!.querySelectorAll('dd')].map((d) => [
        d.getAttribute('data-key'),
        text(d),
      ]),
    );
    expect(summary).to.deep.equal({ bound: '8', qualified: '2', qualificationRate: '25%' });
    expect(rows(part(el, 'table-referrals'))).to.deep.equal([['8', '2', '25%']]);
    expect(rows(part(el, 'table-referrers'))).to.deep.equal([
      ['0x1111111111111111111111111111111111111111', '5', '2', '40%'],
      ['0x2222222222222222222222222222222222222222', '3', '0', '0%'],
    ]);
    expect(parts(el, 'bar-bound').length).to.equal(1);
    expect(parts(el, 'bar-qualified').length).to.equal(1);
    await expect(el).to.be.accessible();
  });

  it('says so when nobody was referred', async () => {
    const el = await fixture<QuestInsights>(
      html`<quest-insights view="referrals" .data=${{
        referrals: {
          campaignId: 'c',
          bound: 0,
          qualified: 0,
          qualificationRate: 0,
          topReferrers: [],
        },
        funnel: data.funnel,
      }}></quest-insights>`,
    );
    await until(() => part(el, 'section-referrals'), 'the referrals');
    expect(text(part(part(el, 'section-referrals')!, 'status'))).to.equal(
      'No wallet has been referred yet.',
    );
    expect(part(el, 'table-referrers')).to.equal(null);
  });
});

describe('<quest-insights> segment builder', () => {
  it('builds the rule from the form, announces it, and counts it after the delay', async () => {
    const server = segmentServer(() => Response.json({ count: 7 }));
    const changes: (SegmentRule | undefined)[] = [];
    const el = await fixture<QuestInsights>(
      html`<quest-insights view="segments" api="https://example.org" campaign="demo" .token=${'k'}
        count-delay="0" .fetcher=${server.fetcher}
        @quest-segment-change=${(e: CustomEvent<{ rule: SegmentRule | undefined }>) =>
          changes.push(e.detail.rule)}></quest-insights>`,
    );
    expect(parts(el, 'section').map((s) => s.getAttribute('part'))).to.deep.equal([
      'section section-segments',
    ]);
    expect(text(part(el, 'segment-count'))).to.equal('Add a condition to count its wallets.');
    expect(part(el, 'segment-count')!.getAttribute('aria-live')).to.equal('polite');
    expect(parts<HTMLButtonElement>(el, 'segment-export').length).to.equal(1);
    expect(
      ['export-csv', 'export-ndjson', 'export-merkle'].map(
        (p) => part<HTMLButtonElement>(el, p)!.disabled,
      ),
    ).to.deep.equal([true, true, true]);
    part<HTMLButtonElement>(el, 'segment-add')!.click();
    await el.updateComplete;
    // A new condition: "task done" in the element's campaign.
    expect(input(el, 0, 'campaignId').value).to.equal('demo');
    type(el, 0, 'taskId', 'quiz');
    await el.updateComplete;
    part<HTMLButtonElement>(el, 'segment-add')!.click();
    await el.updateComplete;
    const kind = parts<HTMLSelectElement>(el, 'segment-kind')[1]!;
    kind.value = 'points';
    kind.dispatchEvent(new Event('change'));
    await el.updateComplete;
    type(el, 1, 'min', '10');
    const combinator = part<HTMLSelectElement>(el, 'segment-combinator')!;
    combinator.value = 'any';
    combinator.dispatchEvent(new Event('change'));
    const expected: SegmentRule = {
      type: 'any',
      rules: [
        { type: 'task', campaignId: 'demo', taskId: 'quiz' },
        { type: 'points', campaignId: 'demo', min: 10 },
      ],
    };
    expect(el.rule).to.deep.equal(expected);
    expect(changes.at(-1)).to.deep.equal(expected);
    await until(() => text(part(el, 'segment-count')) === '7 wallets match.', 'the count');
    // Counted once the form was quiet: the last request carries the whole rule.
    expect(server.requests.at(-1)!.rule).to.deep.equal(expected);
    expect(server.requests.at(-1)!.url).to.equal('https://example.org/admin/segments/count');
    expect(server.requests.at(-1)!.auth).to.equal('Bearer k');
    expect(part<HTMLButtonElement>(el, 'export-csv')!.disabled).to.equal(false);
    await expect(el).to.be.accessible();
    // Removing every condition: no rule, nothing to count.
    for (const b of parts<HTMLButtonElement>(el, 'segment-remove').reverse()) b.click();
    await el.updateComplete;
    expect(el.rule).to.equal(undefined);
    expect(changes.at(-1)).to.equal(undefined);
    expect(text(part(el, 'segment-count'))).to.equal('Add a condition to count its wallets.');
  });

  it('a rule set as a property fills the form; one it cannot show is kept as JSON', async () => {
    const rule: SegmentRule = {
      type: 'all',
      rules: [
        { type: 'not', rule: { type: 'task', campaignId: 'c', taskId: 't' } },
        {
          type: 'credential',
          issuer: '0x1111111111111111111111111111111111111111',
          campaignId: 'c',
        },
        {
          type: 'referredBy',
          campaignId: 'c',
          referrer: '0x2222222222222222222222222222222222222222',
        },
        { type: 'firstSeen', after: '2026-11-01', before: '2026-12-01' },
        { type: 'atLeast', n: 1, rules: [{ type: 'campaign', campaignId: 'c' }] },
      ],
    };
    const el = await fixture<QuestInsights>(
      html`<quest-insights view="segments" .rule=${rule}></quest-insights>`,
    );
    expect(parts(el, 'segment-condition').map((c) => c.getAttribute('data-kind'))).to.deep.equal([
      'taskNotDone',
      'credential',
      'referredBy',
      'firstSeen',
      'raw',
    ]);
    expect(input(el, 0, 'taskId').value).to.equal('t');
    expect(input(el, 2, 'referrer').value).to.equal('0x2222222222222222222222222222222222222222');
    expect(input(el, 3, 'after').value).to.equal('2026-11-01');
    expect(JSON.parse(text(part(el, 'segment-raw')))).to.deep.equal(rule.rules[4]);
    // Without a server the builder says what it needs, and counts nothing.
    expect(text(part(el, 'segment-count'))).to.equal(
      'Give the element a server and an admin key to count members.',
    );
    // An edit rebuilds the same rule with the change (the JSON one kept as it was).
    type(el, 3, 'before', '2026-11-15');
    expect(el.rule).to.deep.equal({
      ...rule,
      rules: rule.rules.map((r, i) => (i === 3 ? { ...r, before: '2026-11-15' } : r)),
    });
    await expect(el).to.be.accessible();
  });

  it('aborts the count in flight when the rule changes, and shows only the newest', async () => {
    // The first request hangs until aborted; the second answers.
    const server = segmentServer(
      (rule) =>
        new Promise<Response>((resolve, reject) => {
          const count = (rule as { rules: unknown[] }).rules.length;
          const signal = server.requests.at(-1)!.signal;
          if (count === 1) signal.addEventListener('abort', () => reject(signal.reason));
          else resolve(Response.json({ count: 42 }));
        }),
    );
    const one: SegmentRule = { type: 'all', rules: [{ type: 'campaign', campaignId: 'c' }] };
    const two: SegmentRule = {
      type: 'all',
      rules: [
        { type: 'campaign', campaignId: 'c' },
        { type: 'campaign', campaignId: 'd' },
      ],
    };
    const el = await fixture<QuestInsights>(
      html`<quest-insights view="segments" api="https://example.org" .token=${'k'}
        .fetcher=${server.fetcher} .rule=${one}></quest-insights>`,
    );
    const first = el.countSegment();
    expect(text(part(el, 'segment-count'))).to.equal('Counting…');
    el.rule = two;
    const second = el.countSegment();
    expect(await first).to.equal(undefined);
    expect(await second).to.equal(42);
    expect(server.requests.length).to.equal(2);
    expect(server.requests[0]!.signal.aborted).to.equal(true);
    expect(server.requests[1]!.signal.aborted).to.equal(false);
    await el.updateComplete;
    expect(text(part(el, 'segment-count'))).to.equal('42 wallets match.');
    // The same rule again is not counted again.
    el.rule = structuredClone(two);
    await el.updateComplete;
    expect(server.requests.length).to.equal(2);
  });

  it('shows a 400 at the field its issue names, and the rest above the count', async () => {
    const server = segmentServer(() =>
      Response.json(
        {
          error: {
            code: 'BAD_REQUEST',
            message: 'The segment rule has invalid fields.',
            issues: [
              { path: 'rule.rules[1].min', message: 'must be a whole number from 0 to 2147483647' },
              { path: 'rule.rules[0].rule.taskId', message: 'is required' },
              { path: 'rule.rules', message: 'a segment has at most 64 rules' },
            ],
          },
        },
        { status: 400 },
      ),
    );
    const el = await fixture<QuestInsights>(
      html`<quest-insights view="segments" api="https://example.org" .token=${'k'}
        .fetcher=${server.fetcher} .rule=${{
          type: 'all',
          rules: [
            { type: 'not', rule: { type: 'task', campaignId: 'c' } },
            { type: 'points', campaignId: 'c', min: 1.5 },
          ],
        }}></quest-insights>`,
    );
    expect(await el.countSegment()).to.equal(undefined);
    await el.updateComplete;
    expect(text(part(el, 'segment-count'))).to.equal('The server refused the marked fields.');
    const min = input(el, 1, 'min');
    expect(min.getAttribute('aria-invalid')).to.equal('true');
    const minError = el.shadowRoot!.getElementById(min.getAttribute('aria-describedby')!)!;
    expect(text(minError)).to.equal('must be a whole number from 0 to 2147483647');
    expect(
      text(el.shadowRoot!.getElementById(input(el, 0, 'taskId').getAttribute('aria-describedby')!)),
    ).to.equal('is required');
    expect(input(el, 0, 'campaignId').getAttribute('aria-invalid')).to.equal('false');
    expect(text(part(el, 'segment-issues'))).to.equal('rule.rules a segment has at most 64 rules');
    await expect(el).to.be.accessible();
    // Fixing a field clears the marks.
    type(el, 1, 'min', '2');
    await el.updateComplete;
    expect(parts(el, 'field-error').length).to.equal(0);
  });

  it("export: the event, cancelable, and the server's file as a Blob", async () => {
    const bodies: string[] = [];
    const server = segmentServer(() => {
      bodies.push('x');
      return new Response('address,points\n0xabc,3\n', { headers: { 'content-type': 'text/csv' } });
    });
    const rule: SegmentRule = { type: 'all', rules: [{ type: 'campaign', campaignId: 'c' }] };
    const el = await fixture<QuestInsights>(
      html`<quest-insights view="segments" api="https://example.org" .token=${'k'}
        count-delay="100000" .fetcher=${server.fetcher} .rule=${rule}></quest-insights>`,
    );
    el.addEventListener('quest-segment-export', (e) => e.preventDefault(), { once: true });
    const event = oneEvent(el, 'quest-segment-export');
    part<HTMLButtonElement>(el, 'export-ndjson')!.click();
    const { detail } = await event;
    expect(detail).to.deep.equal({ format: 'ndjson', rule });
    // Cancelled: nothing asked of the server.
    expect(server.requests.length).to.equal(0);
    const blob = await el.exportSegment('csv');
    expect(await blob!.text()).to.equal('address,points\n0xabc,3\n');
    expect(server.requests[0]!.url).to.equal(
      'https://example.org/admin/segments/export?format=csv',
    );
    expect(server.requests[0]!.rule).to.deep.equal(rule);
  });

  it('an export button not cancelled downloads the answer through a Blob object URL', async () => {
    const server = segmentServer(
      () =>
        new Response('{"address":"0xabc"}\n', {
          headers: { 'content-type': 'application/x-ndjson' },
        }),
    );
    const rule: SegmentRule = { type: 'all', rules: [{ type: 'campaign', campaignId: 'c' }] };
    const el = await fixture<QuestInsights>(
      html`<quest-insights view="segments" api="https://example.org" .token=${'k'}
        count-delay="100000" .fetcher=${server.fetcher} .rule=${rule}></quest-insights>`,
    );
    // Watch the object URLs the page makes (the browser's own function still makes them).
    const made: Blob[] = [];
    const original = URL.createObjectURL;
    URL.createObjectURL = (blob: Blob | MediaSource) => {
      made.push(blob as Blob);
      return original.call(URL, blob);
    };
    try {
      part<HTMLButtonElement>(el, 'export-ndjson')!.click();
      await until(() => made.length === 1, 'the object URL');
    } finally {
      URL.createObjectURL = original;
    }
    expect(await made[0]!.text()).to.equal('{"address":"0xabc"}\n');
    expect(server.requests.map((r) => r.url)).to.deep.equal([
      'https://example.org/admin/segments/export?format=ndjson',
    ]);
    await el.updateComplete;
    expect(part<HTMLButtonElement>(el, 'export-ndjson')!.disabled).to.equal(false);
  });
});
