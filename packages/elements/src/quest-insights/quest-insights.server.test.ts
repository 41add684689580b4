import '../../test/setup.js';
import './quest-insights.js';
import { expect, fixture, html } from '@open-wc/testing';
import { type Campaign, hashQuizAnswer } from '@questboard/core';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createSiweMessage } from 'viem/siwe';
import { part, parts, text, until } from '../../test/helpers.js';
import { createCampaign } from '../../test/server.js';
import type { QuestInsights } from './quest-insights.component.js';
import type {
  InsightsDaily,
  InsightsFunnel,
  InsightsReferrals,
  InsightsRetained,
  InsightsRetention,
  InsightsTasks,
  SegmentRule,
} from './types.js';

// <quest-insights> on the reference server (real HTTP to 127.0.0.1, PGlite) after real activity:
// wallets sign in with SIWE and have tasks checked (right and wrong quiz answers), visitors send
// beacons. What the element shows must equal what the admin API answers.

const SALT = 'insights-test-salt';

async function campaign(
  extra: Partial<Campaign> = {},
): Promise<{ id: string; url: string; adminKey: string }> {
  const id = `insights-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const c: Campaign = {
    schemaVersion: 1,
    id,
    title: 'Insights',
    tiers: [
      {
        id: 'basics',
        title: 'Basics',
        tasks: [
          { id: 'visit-docs', kind: 'visit', title: 'Docs', points: 5, url: 'https://example.org' },
          {
            id: 'quiz',
            kind: 'quiz',
            title: 'Quiz',
            points: 10,
            question: 'Say yes',
            answer: { salt: SALT, hash: await hashQuizAnswer(SALT, 'yes') },
          },
        ],
      },
      {
        id: 'advanced',
        title: 'Advanced',
        tasks: [
          { id: 'visit-blog', kind: 'visit', title: 'Blog', points: 5, url: 'https://example.org' },
        ],
      },
    ],
    ...extra,
  } as Campaign;
  const s = await createCampaign(c);
  return { id, ...s };
}

async function signIn(url: string, campaignId: string): Promise<string> {
  return (await wallet(url, campaignId)).token;
}

/** A fresh wallet signed in with SIWE: its address and session token. */
async function wallet(
  url: string,
  campaignId: string,
): Promise<{ address: string; token: string }> {
  const account = privateKeyToAccount(generatePrivateKey());
  const nonce = (
    (await (await fetch(`${url}/auth/nonce`, { method: 'POST' })).json()) as {
      nonce: string;
    }
  ).nonce;
  const message = createSiweMessage({
    domain: location.host,
    address: account.address,
    uri: location.origin,
    version: '1',
    chainId: 1,
    nonce,
    issuedAt: new Date(),
    statement: 'Sign in to Questboard',
  });
  const signature = await account.signMessage({ message });
  const response = await fetch(`${url}/auth/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message, signature, campaignId }),
  });
  expect(response.status, await response.clone().text()).to.equal(200);
  return { address: account.address, token: ((await response.json()) as { token: string }).token };
}

async function verify(
  url: string,
  campaignId: string,
  token: string,
  task: string,
  input?: string,
) {
  const response = await fetch(`${url}/campaigns/${campaignId}/tasks/${task}/verify`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': crypto.randomUUID(),
    },
    body: JSON.stringify(input === undefined ? {} : { input }),
  });
  expect(response.status, await response.clone().text()).to.be.oneOf([200, 422]);
}

async function beacon(url: string, campaignId: string, visitor: string, events: unknown[]) {
  const response = await fetch(`${url}/campaigns/${campaignId}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ visitor, events }),
  });
  expect(response.status).to.equal(202);
}

async function api<T>(s: { url: string; adminKey: string }, id: string, view: string): Promise<T> {
  const response = await fetch(`${s.url}/admin/campaigns/${id}/insights/${view}`, {
    headers: { authorization: `Bearer ${s.adminKey}` },
  });
  expect(response.status).to.equal(200);
  return (await response.json()) as T;
}

/** A table's body as text, row by row (header cell first). */
const cells = (table: Element | null) =>
  [...(table?.querySelectorAll('tbody tr') ?? [])].map((r) => [...r.children].map((c) => text(c)));
const num = (s: string) => Number(s.replace(/[^\d]/g, ''));

describe('<quest-insights> on the reference server', () => {
  it('shows the funnel, tasks and daily numbers the API answers, in charts and tables', async () => {
    const s = await campaign();
    // Five visitors view the board, three connect, two start the quiz.
    for (let i = 0; i < 5; i++) {
      const events: unknown[] = [{ type: 'viewed' }];
      if (i < 3) events.push({ type: 'connected' });
      if (i < 2) events.push({ type: 'task_started', task: 'quiz' });
      await beacon(s.url, s.id, `visitor-${i}-abcdef`, events);
    }
    // Four wallets: all visit the docs; wallet 0 and 1 pass the quiz (1 after a wrong try),
    // wallet 2 fails it twice; wallet 0 goes on to the advanced tier.
    const tokens: string[] = [];
    for (let i = 0; i < 4; i++) tokens.push(await signIn(s.url, s.id));
    for (const t of tokens) await verify(s.url, s.id, t, 'visit-docs');
    await verify(s.url, s.id, tokens[0]!, 'quiz', 'yes');
    await verify(s.url, s.id, tokens[1]!, 'quiz', 'no');
    await verify(s.url, s.id, tokens[1]!, 'quiz', 'yes');
    await verify(s.url, s.id, tokens[2]!, 'quiz', 'no');
    await verify(s.url, s.id, tokens[2]!, 'quiz', 'maybe');
    await verify(s.url, s.id, tokens[0]!, 'visit-blog');

    const funnel = await api<InsightsFunnel>(s, s.id, 'funnel');
    const tasks = await api<InsightsTasks>(s, s.id, 'tasks');
    const daily = await api<InsightsDaily>(s, s.id, 'daily');
    // The activity above is really there (so the comparisons below compare something).
    expect(funnel.viewed).to.equal(5);
    expect(funnel.tiers.find((t) => t.tierId === 'basics')!.completed).to.equal(2);
    expect(tasks.tasks.find((t) => t.taskId === 'quiz')!.topFailures.length).to.be.greaterThan(0);

    const el = await fixture<QuestInsights>(
      html`<quest-insights api=${s.url} campaign=${s.id} .token=${s.adminKey}></quest-insights>`,
    );
    await until(() => part(el, 'table-funnel'), 'the funnel');
    // The key is never in the DOM.
    expect(el.outerHTML).not.to.contain(s.adminKey);
    expect(el.shadowRoot!.innerHTML).not.to.contain(s.adminKey);
    await expect(el).to.be.accessible();

    const summary = Object.fromEntries(
      [...part(el, 'summary')!.querySelectorAll('dd')].map((d) => [
        d.getAttribute('data-key'),
        num(text(d)),
      ]),
    );
    expect(summary).to.deep.equal({
      viewed: funnel.viewed,
      connected: funnel.connected,
      signedIn: funnel.signedIn,
      wallets: funnel.wallets,
    });
    // The funnel table: one row per tier, reached / completed as the API says.
    const funnelRows = cells(part(el, 'table-funnel'));
    expect(funnelRows.map((r) => [r[0], num(r[1]!), num(r[2]!)])).to.deep.equal(
      funnel.tiers.map((t) => [t.tierId, t.reached, t.completed]),
    );
    const basics = funnel.tiers.find((t) => t.tierId === 'basics')!;
    const dropPct = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });
    expect(funnelRows[0]![3]).to.equal(
      dropPct.format(basics.dropOff.beforeCompleted / basics.reached),
    );
    // The chart draws the same numbers (a bar per rung and count).
    const chart = part(el, 'section-funnel')!.querySelector('svg')!;
    expect(chart.getAttribute('aria-hidden')).to.equal('true');
    expect(parts(chart as unknown as Element, 'bar-completed').length).to.equal(
      funnel.tiers.length,
    );
    const values = [...chart.querySelectorAll('text.value')].map((t) => num(t.textContent ?? ''));
    expect(values).to.include.members(funnel.tiers.map((t) => t.completed));

    // Tasks: started / checked / verified and the top failure reasons per task.
    const taskRows = cells(part(el, 'table-tasks'));
    expect(taskRows.map((r) => [r[0], num(r[1]!), num(r[2]!), num(r[3]!)])).to.deep.equal(
      tasks.tasks.map((t) => [t.taskId, t.started, t.attempted, t.verified]),
    );
    const quizRow = part(el, 'table-tasks')!.querySelector('tr[data-task="quiz"]')!;
    const reasons = [...quizRow.querySelectorAll('.reasons li')].map((li) => [
      text(li.querySelector('.reason')),
      num(text(li.querySelector('.count'))),
    ]);
    expect(reasons).to.deep.equal(
      tasks.tasks.find((t) => t.taskId === 'quiz')!.topFailures.map((f) => [f.reason, f.count]),
    );

    // Daily activity: the table matches, and the chart has a bar pair per day.
    expect(daily.days.length).to.be.greaterThan(0);
    expect(cells(part(el, 'table-daily')).map((r) => [r[0], num(r[1]!), num(r[2]!)])).to.deep.equal(
      daily.days.map((d) => [d.day, d.new, d.returning]),
    );
    expect(parts(part(el, 'section-daily')!, 'bar-new').length).to.equal(daily.days.length);

    // Retention: one row per cohort, D1 / D7 / D30 as the API's rates; days still to come are "—".
    const retention = await api<InsightsRetention>(s, s.id, 'retention');
    expect(retention.cohorts.length).to.be.greaterThan(0);
    const cell = (r: InsightsRetained) => (r === null ? '—' : dropPct.format(r.rate));
    expect(cells(part(el, 'table-retention'))).to.deep.equal(
      retention.cohorts.map((c) => [c.cohort, String(c.size), cell(c.d1), cell(c.d7), cell(c.d30)]),
    );
    // Everyone was first seen today: D30 is still to come for every cohort.
    expect(parts(el, 'cell-empty').length).to.be.at.least(retention.cohorts.length);
  });

  it('one view only, and says so when there is no activity yet', async () => {
    const s = await campaign();
    const el = await fixture<QuestInsights>(
      html`<quest-insights api=${s.url} campaign=${s.id} view="funnel" .token=${s.adminKey}></quest-insights>`,
    );
    await until(() => text(part(el, 'status')) === 'No activity yet.', 'the empty state');
    expect(parts(el, 'section').length).to.equal(0);
    await beacon(s.url, s.id, 'visitor-only-abcdef', [{ type: 'viewed' }]);
    await el.refresh();
    await until(() => part(el, 'section-funnel'), 'the funnel');
    expect(parts(el, 'section').length).to.equal(1);
    expect(part(el, 'section-retention')).to.equal(null);
  });

  it('a refused key: "The admin key was refused", an event, and nothing else shown', async () => {
    const s = await campaign();
    const errors: { status: number }[] = [];
    const el = await fixture<QuestInsights>(
      html`<quest-insights api=${s.url} campaign=${s.id} .token=${'not-the-key'}
        @quest-insights-error=${(e: CustomEvent<{ status: number }>) => errors.push(e.detail)}></quest-insights>`,
    );
    await until(() => text(part(el, 'status')).startsWith('The admin key was refused'), '401');
    expect(errors[0]?.status).to.equal(401);
    expect(part(el, 'status')!.getAttribute('role')).to.equal('alert');
    // No view is shown; only the segment builder (which has asked nothing yet) stays.
    expect(parts(el, 'section').map((x) => x.getAttribute('part'))).to.deep.equal([
      'section section-segments',
    ]);
    await expect(el).to.be.accessible();
    // The right key and a retry: the views load.
    el.token = s.adminKey;
    await until(() => text(part(el, 'status')) === 'No activity yet.', 'loaded with the key');
  });
});

/** What the server itself answers for a rule's count. */
async function serverCount(s: { url: string; adminKey: string }, rule: SegmentRule) {
  const response = await fetch(`${s.url}/admin/segments/count`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ rule }),
  });
  expect(response.status, await response.clone().text()).to.equal(200);
  return ((await response.json()) as { count: number }).count;
}

/** The page's `fetch`, recording each segment request's URL, rule and signal. */
function recording() {
  const requests: { url: string; rule: SegmentRule; signal: AbortSignal }[] = [];
  const fetcher: typeof fetch = (u, init) => {
    requests.push({
      url: String(u),
      rule: (JSON.parse(String(init!.body)) as { rule: SegmentRule }).rule,
      signal: init!.signal!,
    });
    return fetch(u, init);
  };
  return { requests, fetcher };
}

const field = (el: Element, index: number, name: string) =>
  el.shadowRoot!.querySelector<HTMLInputElement>(`#seg-${index}-${name}`)!;

function typeInto(el: Element, index: number, name: string, value: string) {
  const i = field(el, index, name);
  i.value = value;
  i.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

/**
 * Three wallets in a fresh campaign: all visit the docs (5 points), wallets 0 and 1 pass the quiz
 * (10), wallet 0 also visits the blog (5): points 20, 15, 5.
 */
async function members() {
  const s = await campaign();
  const w = [];
  for (let i = 0; i < 3; i++) w.push(await wallet(s.url, s.id));
  for (const x of w) await verify(s.url, s.id, x.token, 'visit-docs');
  await verify(s.url, s.id, w[0]!.token, 'quiz', 'yes');
  await verify(s.url, s.id, w[1]!.token, 'quiz', 'yes');
  await verify(s.url, s.id, w[0]!.token, 'visit-blog');
  return { s, w };
}

describe('<quest-insights> segment builder on the reference server', () => {
  it('counts what the form builds, live, as the server counts it, and again as members join', async () => {
    const { s, w } = await members();
    const server = recording();
    const el = await fixture<QuestInsights>(
      html`<quest-insights view="segments" api=${s.url} campaign=${s.id} .token=${s.adminKey}
        count-delay="20" .fetcher=${server.fetcher}></quest-insights>`,
    );
    part<HTMLButtonElement>(el, 'segment-add')!.click();
    await el.updateComplete;
    // Typed letter by letter in one go: counted once, when the form went quiet.
    for (const v of ['q', 'qu', 'qui', 'quiz']) typeInto(el, 0, 'taskId', v);
    await until(() => text(part(el, 'segment-count')) === '2 wallets match.', 'quiz done: 2');
    expect(server.requests.length).to.equal(1);
    expect(server.requests[0]!.rule).to.deep.equal({
      type: 'all',
      rules: [{ type: 'task', campaignId: s.id, taskId: 'quiz' }],
    });
    expect(await serverCount(s, el.rule!)).to.equal(2);
    await expect(el).to.be.accessible();

    // And at least 20 points: wallet 0 only.
    part<HTMLButtonElement>(el, 'segment-add')!.click();
    await el.updateComplete;
    const kind = parts<HTMLSelectElement>(el, 'segment-kind')[1]!;
    kind.value = 'points';
    kind.dispatchEvent(new Event('change'));
    await el.updateComplete;
    typeInto(el, 1, 'min', '20');
    await until(() => text(part(el, 'segment-count')) === '1 wallet matches.', 'and 20 points: 1');
    expect(await serverCount(s, el.rule!)).to.equal(1);

    // Any of them: wallets 0 and 1.
    const combinator = part<HTMLSelectElement>(el, 'segment-combinator')!;
    combinator.value = 'any';
    combinator.dispatchEvent(new Event('change'));
    await until(() => text(part(el, 'segment-count')) === '2 wallets match.', 'any: 2');

    // Wallet 2 passes the quiz, and a new wallet too: counted again by hand.
    await verify(s.url, s.id, w[2]!.token, 'quiz', 'yes');
    const late = await wallet(s.url, s.id);
    await verify(s.url, s.id, late.token, 'quiz', 'yes');
    expect(await el.countSegment()).to.equal(4);
    await el.updateComplete;
    expect(text(part(el, 'segment-count'))).to.equal('4 wallets match.');
    expect(await serverCount(s, el.rule!)).to.equal(4);
  });

  it('a newer count aborts the one in flight; only the newest is shown', async () => {
    const { s } = await members();
    const server = recording();
    const quiz: SegmentRule = {
      type: 'all',
      rules: [{ type: 'task', campaignId: s.id, taskId: 'quiz' }],
    };
    const docs: SegmentRule = {
      type: 'all',
      rules: [{ type: 'task', campaignId: s.id, taskId: 'visit-docs' }],
    };
    const el = await fixture<QuestInsights>(
      html`<quest-insights view="segments" api=${s.url} .token=${s.adminKey}
        count-delay="100000" .fetcher=${server.fetcher} .rule=${quiz}></quest-insights>`,
    );
    const first = el.countSegment();
    el.rule = docs;
    const second = el.countSegment();
    expect(await first).to.equal(undefined);
    expect(await second).to.equal(3);
    expect(server.requests.map((r) => [r.rule, r.signal.aborted])).to.deep.equal([
      [quiz, true],
      [docs, false],
    ]);
    await el.updateComplete;
    expect(text(part(el, 'segment-count'))).to.equal('3 wallets match.');
  });

  it("the server's 400 is shown at the field it names", async () => {
    const { s } = await members();
    const el = await fixture<QuestInsights>(
      html`<quest-insights view="segments" api=${s.url} .token=${s.adminKey}
        count-delay="100000" .rule=${{
          type: 'all',
          rules: [
            { type: 'task', campaignId: s.id, taskId: 'quiz' },
            { type: 'points', campaignId: s.id, min: -1 },
            { type: 'credential', issuer: 'nobody', campaignId: s.id },
          ],
        }}></quest-insights>`,
    );
    expect(await el.countSegment()).to.equal(undefined);
    await el.updateComplete;
    expect(text(part(el, 'segment-count'))).to.equal('The server refused the marked fields.');
    const invalid = parts<HTMLInputElement>(el, 'segment-input')
      .filter((i) => i.getAttribute('aria-invalid') === 'true')
      .map((i) => i.id);
    expect(invalid).to.deep.equal(['seg-1-min', 'seg-2-issuer']);
    expect(field(el, 1, 'min').getAttribute('aria-describedby')).to.equal('seg-1-min-error');
    expect(text(el.shadowRoot!.getElementById('seg-1-min-error'))).to.equal(
      'must be a whole number from 0 to 2147483647',
    );
    expect(text(el.shadowRoot!.getElementById('seg-2-issuer-error'))).to.equal(
      'must be an address (0x and 40 hex digits)',
    );
    await expect(el).to.be.accessible();
    // Fixed in the form: the marks go, and the count comes.
    typeInto(el, 1, 'min', '0');
    typeInto(el, 2, 'issuer', '0x1111111111111111111111111111111111111111');
    await el.updateComplete;
    expect(parts(el, 'field-error').length).to.equal(0);
    expect(await el.countSegment()).to.equal(0);
  });

  it('exports the members as CSV, NDJSON and a merkle tree, parsed back', async () => {
    const { s, w } = await members();
    const rule: SegmentRule = {
      type: 'all',
      rules: [{ type: 'task', campaignId: s.id, taskId: 'quiz' }],
    };
    const el = await fixture<QuestInsights>(
      html`<quest-insights view="segments" api=${s.url} .token=${s.adminKey}
        .rule=${rule}></quest-insights>`,
    );
    await until(() => text(part(el, 'segment-count')) === '2 wallets match.', 'the count');
    const expected = [
      { address: w[0]!.address.toLowerCase(), points: 20 },
      { address: w[1]!.address.toLowerCase(), points: 15 },
    ].sort((a, b) => a.address.localeCompare(b.address));

    const csv = (await (await el.exportSegment('csv'))!.text()).trim().split('\n');
    expect(csv[0]).to.equal('address,points,tiers,tasks,referrer,firstSeen,lastSeen');
    expect(
      csv.slice(1).map((line) => {
        const [address, points] = line.split(',');
        return { address: address!.toLowerCase(), points: Number(points) };
      }),
    ).to.deep.equal(expected);

    const ndjson = (await (await el.exportSegment('ndjson'))!.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { address: string; points: number; tasks: number });
    expect(
      ndjson.map((m) => ({ address: m.address.toLowerCase(), points: m.points })),
    ).to.deep.equal(expected);
    expect(ndjson.map((m) => m.tasks)).to.have.members([3, 2]);

    const merkle = JSON.parse(await (await el.exportSegment('merkle'))!.text()) as {
      leafEncoding: string[];
      values: { value: [string, string] }[];
    };
    expect(merkle.leafEncoding).to.deep.equal(['address', 'uint256']);
    expect(
      merkle.values
        .map((v) => ({ address: v.value[0].toLowerCase(), points: Number(v.value[1]) }))
        .sort((a, b) => a.address.localeCompare(b.address)),
    ).to.deep.equal(expected);

    // The button: the event first, then the same file from the server.
    const exported: { format: string }[] = [];
    el.addEventListener('quest-segment-export', (e) => {
      exported.push(e.detail);
      e.preventDefault();
    });
    part<HTMLButtonElement>(el, 'export-csv')!.click();
    expect(exported).to.deep.equal([{ format: 'csv', rule }]);
  });
});

describe('<quest-insights> referral funnel on the reference server', () => {
  it('shows bound → qualified and the top referrers as the API answers them', async () => {
    const s = await campaign({
      referral: { qualify: { type: 'task', task: 'quiz' }, withinDays: 7, points: 50 },
    } as Partial<Campaign>);
    const code = async (token: string) => {
      const response = await fetch(`${s.url}/campaigns/${s.id}/referrals`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status, await response.clone().text()).to.equal(200);
      return ((await response.json()) as { code: string }).code;
    };
    const bind = async (token: string, invite: string) => {
      const response = await fetch(`${s.url}/campaigns/${s.id}/referral`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ code: invite }),
      });
      expect(response.status, await response.clone().text()).to.equal(200);
    };
    // Referrer A brings three wallets (two pass the quiz and qualify), B brings one (who does not).
    const [a, b] = [await wallet(s.url, s.id), await wallet(s.url, s.id)];
    const [codeA, codeB] = [await code(a.token), await code(b.token)];
    const referees = [];
    for (const invite of [codeA, codeA, codeA, codeB]) {
      const w = await wallet(s.url, s.id);
      await bind(w.token, invite);
      referees.push(w);
    }
    await verify(s.url, s.id, referees[0]!.token, 'quiz', 'yes');
    await verify(s.url, s.id, referees[1]!.token, 'quiz', 'yes');
    await verify(s.url, s.id, referees[3]!.token, 'quiz', 'no');
    const api = (await (
      await fetch(`${s.url}/admin/campaigns/${s.id}/insights/referrals`, {
        headers: { authorization: `Bearer ${s.adminKey}` },
      })
    ).json()) as InsightsReferrals;
    const el = await fixture<QuestInsights>(
      html`<quest-insights api=${s.url} campaign=${s.id} view="referrals" .token=${s.adminKey}></quest-insights>`,
    );
    // The view counts `referral_bound` / `referral_qualified` events; a server that binds without
    // recording them answers zeros, and then the element must say there is nothing to show.
    if (api.bound === 0) {
      expect(api.qualified).to.equal(0);
      await until(() => text(part(el, 'status')) === 'No activity yet.', 'the empty state');
      expect(part(el, 'section-referrals')).to.equal(null);
      return;
    }
    expect([api.bound, api.qualified]).to.deep.equal([4, 2]);
    await until(() => part(el, 'section-referrals'), 'the referral funnel');
    const pct = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });
    const summary = Object.fromEntries(
      [...part(el, 'summary')!.querySelectorAll('dd')].map((d) => [
        d.getAttribute('data-key'),
        text(d),
      ]),
    );
    expect(summary).to.deep.equal({
      bound: String(api.bound),
      qualified: String(api.qualified),
      qualificationRate: pct.format(api.qualified / api.bound),
    });
    expect(cells(part(el, 'table-referrers'))).to.deep.equal(
      api.topReferrers.map((r) => [
        r.referrer,
        String(r.bound),
        String(r.qualified),
        pct.format(r.qualified / r.bound),
      ]),
    );
    expect(
      api.topReferrers.map((r) => [r.referrer.toLowerCase(), r.bound, r.qualified]),
    ).to.deep.equal([
      [a.address.toLowerCase(), 3, 2],
      [b.address.toLowerCase(), 1, 0],
    ]);
    await expect(el).to.be.accessible();
  });
});
