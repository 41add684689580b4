import '../../test/setup.js';
import './quest-leaderboard.js';
import { expect, fixture, html } from '@open-wc/testing';
import { compareStandings, type LeaderboardStanding } from '@questboard/core';
import { part, parts, text, until } from '../../test/helpers.js';
import { createCampaign, questServer } from '../../test/server.js';
import type { QuestLeaderboard } from './quest-leaderboard.component.js';

// <quest-leaderboard> on the reference server (real HTTP to 127.0.0.1, PGlite) with 10,000
// ranked wallets: keyset pages forward and back, exact ranks, the visitor pinned when off-page.

const COUNT = 10_000;
const hex = (i: number) => `0x${i.toString(16).padStart(40, '0')}` as const;

/** The harness's seed (packages/elements/test/quest-server.ts), ranked in the core order. */
const expected: LeaderboardStanding[] = Array.from({ length: COUNT }, (_, k) => {
  const i = k + 1;
  return {
    address: hex(i),
    points: 1 + ((i * 7919) % 1000),
    reachedAt: Date.UTC(2026, 0, 1) + (i % 60) * 1000,
  };
}).sort(compareStandings);

async function seededCampaign(): Promise<{ id: string; url: string }> {
  const id = `leaderboard-${Date.now()}`;
  const { url, adminKey } = await createCampaign({
    schemaVersion: 1,
    id,
    title: 'Leaderboard',
    tiers: [
      {
        id: 't',
        title: 'T',
        tasks: [
          { id: 'seed', kind: 'visit', title: 'Seed', points: 1, url: 'https://example.org' },
        ],
      },
    ],
  });
  const response = await fetch(`${url}/__test/points`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ campaignId: id, count: COUNT }),
  });
  expect(response.status).to.equal(200);
  return { id, url };
}

const rows = (el: QuestLeaderboard) =>
  parts(el, 'row')
    .filter((r) => !r.closest('[part="pinned"]'))
    .map((r) => [
      Number(text(part(r, 'rank')).replace(/\D/g, '')),
      part(r, 'address')!.title,
      Number(text(part(r, 'points')).replace(/\D/g, '')),
    ]);
const want = (from: number, n: number) =>
  expected.slice(from, from + n).map((s, i) => [from + i + 1, s.address, s.points]);

describe('<quest-leaderboard> on the reference server', () => {
  it('pages 10,000 wallets exactly and pins the visitor off-page', async () => {
    const { id, url } = await seededCampaign();
    const visitor = expected[8_765]!;
    const el = await fixture<QuestLeaderboard>(
      html`<quest-leaderboard api=${url} campaign=${id} page-size="50" address=${visitor.address}></quest-leaderboard>`,
    );
    await until(() => rows(el).length === 50, 'the first page');
    await expect(el).to.be.accessible();
    expect(rows(el)).to.deep.equal(want(0, 50));
    expect(text(part(el, 'total'))).to.contain('10,000 wallets ranked');
    // The visitor's own row, pinned under the page with its exact rank.
    const pinned = part(el, 'pinned')!;
    expect(pinned.hidden).to.equal(false);
    expect(text(part(pinned, 'rank'))).to.equal('8,766');
    expect(part(pinned, 'address')!.title).to.equal(visitor.address);
    expect(part(pinned, 'row')!.getAttribute('aria-current')).to.equal('true');

    const next = part<HTMLButtonElement>(el, 'next')!;
    const previous = part<HTMLButtonElement>(el, 'previous')!;
    expect(previous.disabled).to.equal(true);
    for (let page = 1; page <= 3; page++) {
      await until(() => !next.disabled, 'next enabled');
      next.click();
      await until(() => rows(el)[0]?.[0] === page * 50 + 1, `page ${page + 1}`);
      expect(rows(el)).to.deep.equal(want(page * 50, 50));
    }
    await until(() => !previous.disabled, 'previous enabled');
    previous.click();
    await until(() => rows(el)[0]?.[0] === 101, 'back to page 3');
    expect(rows(el)).to.deep.equal(want(100, 50));
    expect(text(part(el, 'total'))).to.contain('Page 3');
    // Only one page of rows is ever in the DOM.
    expect(el.shadowRoot!.querySelectorAll('tr').length).to.equal(1 + 50 + 1);

    // Another period: the seed is from January, so today's board is empty (and says so).
    const events: string[] = [];
    el.addEventListener('quest-leaderboard-period', (e) => events.push(e.detail.period));
    const today = parts<HTMLButtonElement>(el, 'tab').find((t) => t.id === 'tab-day')!;
    today.click();
    await until(() => text(part(el, 'status')) === 'No one has points here yet.', 'empty day');
    expect(events).to.deep.equal(['day']);
    expect(el.getAttribute('period')).to.equal('day');
    expect(today.getAttribute('aria-selected')).to.equal('true');
    expect(part(el, 'table')!.hidden).to.equal(true);
  });

  it('the visitor on the page is highlighted in place, not pinned', async () => {
    const { url } = await questServer();
    const { id } = await seededCampaign();
    const visitor = expected[3]!;
    const el = await fixture<QuestLeaderboard>(
      html`<quest-leaderboard api=${url} campaign=${id} page-size="10" address=${visitor.address}></quest-leaderboard>`,
    );
    await until(() => rows(el).length === 10, 'the first page');
    const self = part(el, 'row-self')!;
    expect(text(part(self, 'rank'))).to.equal('4');
    expect(part(el, 'pinned')!.hidden).to.equal(true);
  });
});
