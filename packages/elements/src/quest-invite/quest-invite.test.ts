import '../../test/setup.js';
import '../define.js';
import { expect, fixture, html } from '@open-wc/testing';
import {
  type Campaign,
  type QuestBackend,
  QuestError,
  type ReferralsOverview,
} from '@questboard/core';
import { createTestWallet, TEST_KEYS } from '@questboard/wallet/testing';
import { part, parts, text, until } from '../../test/helpers.js';
import { createCampaign, questServer } from '../../test/server.js';
import type { QuestBoard } from '../quest-board/quest-board.component.js';
import type { QuestInvite } from './quest-invite.component.js';

const campaignOf = (id: string): Campaign => ({
  schemaVersion: 1,
  id,
  title: 'Invite ladder',
  referral: {
    qualify: {
      type: 'all',
      rules: [
        { type: 'task', task: 'read' },
        { type: 'points', min: 10 },
      ],
    },
    points: 40,
    maxReferees: 5,
    withinDays: 7,
  },
  tiers: [
    {
      id: 'start',
      title: 'Start',
      tasks: [
        {
          id: 'read',
          kind: 'visit',
          title: 'Read the guide',
          points: 5,
          url: 'https://example.org/a',
        },
        { id: 'more', kind: 'visit', title: 'Read more', points: 7, url: 'https://example.org/b' },
      ],
    },
  ],
});

const overview: ReferralsOverview = {
  campaignId: 'c',
  code: '7h3kq9m2xa',
  points: 40,
  maxReferees: 5,
  referrals: [
    {
      referee: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      boundAt: '2026-03-01T10:00:00.000Z',
      state: 'pending',
      needs: [
        { kind: 'task', task: 'read' },
        { kind: 'points', points: 5 },
      ],
      deadline: '2026-03-08T10:00:00.000Z',
    },
    {
      referee: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
      boundAt: '2026-02-01T10:00:00.000Z',
      qualifiedAt: '2026-02-02T10:00:00.000Z',
      state: 'qualified',
      needs: [],
    },
  ],
};

const cleanups: (() => void)[] = [];
const originalUrl = location.href;
beforeEach(() => {
  for (const key of Object.keys(localStorage))
    if (key.startsWith('questboard:')) localStorage.removeItem(key);
  sessionStorage.clear();
});
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  history.replaceState(null, '', originalUrl);
});

describe('<quest-invite>', () => {
  it('is accessible', async () => {
    const el = await fixture<QuestInvite>(
      html`<quest-invite .campaign=${campaignOf('c')} .overview=${overview} href="https://dapp.example/q"></quest-invite>`,
    );
    await expect(el).to.be.accessible();
  });

  it('shows the link, the terms and what each friend still needs', async () => {
    const el = await fixture<QuestInvite>(
      html`<quest-invite .campaign=${campaignOf('c')} .overview=${overview} href="https://dapp.example/q?ref=zzzzzzzzzz#x"></quest-invite>`,
    );
    expect(part<HTMLInputElement>(el, 'invite-link')!.value).to.equal(
      'https://dapp.example/q?ref=7h3kq9m2xa',
    );
    expect(text(part(el, 'invite-terms'))).to.equal(
      'You earn 40 points for each friend who qualifies. Up to 5 friends.',
    );
    const items = parts(el, 'invite-referral');
    expect(items.map((i) => text(part(i, 'invite-referral-state')))).to.deep.equal([
      'Pending',
      'Qualified',
    ]);
    expect(text(part(items[0]!, 'invite-referral-needs'))).to.match(
      /^Still needs “Read the guide” and 5 more points by Mar 8, 2026$/,
    );
    expect(part(items[1]!, 'invite-referral-needs')).to.equal(null);
    el.locale = 'es';
    await el.updateComplete;
    expect(text(part(el, 'invite-referral-state'))).to.equal('Pendiente');
  });

  it('confirms a copy in a live region (or says to copy by hand)', async () => {
    const el = await fixture<QuestInvite>(
      html`<quest-invite .campaign=${campaignOf('c')} .overview=${overview} href="https://dapp.example/q"></quest-invite>`,
    );
    const copied: string[] = [];
    el.addEventListener('quest-invite-copy', (e) => copied.push(e.detail.link));
    const status = part(el, 'invite-status')!;
    expect(status.getAttribute('role')).to.equal('status');
    const original = navigator.clipboard.writeText;
    let written = '';
    navigator.clipboard.writeText = async (value: string) => {
      written = value;
    };
    cleanups.push(() => {
      navigator.clipboard.writeText = original;
    });
    part(el, 'invite-copy')!.click();
    await until(() => text(status) === 'Invite link copied.', 'the confirmation');
    expect(written).to.equal('https://dapp.example/q?ref=7h3kq9m2xa');
    expect(copied).to.deep.equal([written]);
    navigator.clipboard.writeText = async () => {
      throw new DOMException('denied', 'NotAllowedError');
    };
    part(el, 'invite-copy')!.click();
    await until(() => text(status).startsWith('Could not copy'), 'the fallback message');
    expect(copied.length).to.equal(1);
  });

  it('says why the invitations did not load, and "Try again" loads them', async () => {
    // The backend is the element's input here: its first answer fails like a dropped connection.
    let calls = 0;
    const backend = {
      referrals: async () => {
        calls++;
        if (calls === 1) throw new QuestError('NETWORK', 'The server could not be reached.');
        return overview;
      },
    } as unknown as QuestBackend;
    const el = await fixture<QuestInvite>(
      html`<quest-invite .campaign=${campaignOf('c')} .backend=${backend}
        .address=${'0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'} href="https://dapp.example/q"></quest-invite>`,
    );
    await until(() => part(el, 'invite-error'), 'the error');
    expect(text(part(el, 'invite-error'))).to.match(/^Your invitations could not be loaded\./);
    part<HTMLButtonElement>(el, 'invite-retry')!.click();
    await until(() => part(el, 'invite-link'), 'the link after the retry');
    expect(calls).to.equal(2);
    expect(part(el, 'invite-error')).to.equal(null);
  });

  it('prompts for a wallet until there is one', async () => {
    const el = await fixture<QuestInvite>(
      html`<quest-invite .campaign=${campaignOf('c')}></quest-invite>`,
    );
    expect(text(part(el, 'invite-prompt'))).to.equal(
      'Connect your wallet to get your invite link.',
    );
    expect(part(el, 'invite-link')).to.equal(null);
  });
});

describe('invite links on the reference server', () => {
  async function mount(url: string, id: string): Promise<QuestBoard> {
    const board = await fixture<QuestBoard>(
      html`<quest-board endpoint=${url} campaign=${id}></quest-board>`,
    );
    await board.loadComplete;
    await until(() => board.state.$status.get() === 'ready', 'the campaign');
    return board;
  }
  const invite = (board: QuestBoard) => board.shadowRoot!.querySelector('quest-invite')!;
  async function connectAndSignIn(board: QuestBoard, rdns: string) {
    const chip = board.shadowRoot!.querySelector('quest-wallet')!;
    await until(() => part(chip, 'connect'), 'the connect button');
    part(chip, 'connect')!.click();
    await until(() => chip.shadowRoot!.querySelector(`[data-connector="${rdns}"]`), 'the picker');
    chip.shadowRoot!.querySelector<HTMLButtonElement>(`[data-connector="${rdns}"]`)!.click();
    await until(() => part(chip, 'sign-in'), 'the Sign in button');
    part(chip, 'sign-in')!.click();
    await until(() => board.state.$session.get(), 'a session');
  }

  it('captures ?ref first-touch, binds the referee at sign-in, and lists them for the referrer', async () => {
    const id = `invite-${Date.now()}`;
    const { url } = await createCampaign(campaignOf(id));

    // The referrer signs in and gets their link.
    const referrerWallet = createTestWallet({
      rdns: 'org.example.referrer',
      keys: [TEST_KEYS[0]],
      chainId: 31337,
    });
    const stopReferrer = referrerWallet.announce();
    const referrer = await mount(url, id);
    await connectAndSignIn(referrer, 'injected:org.example.referrer');
    await until(() => part(invite(referrer), 'invite-link'), 'the invite link');
    const link = new URL(part<HTMLInputElement>(invite(referrer), 'invite-link')!.value);
    const code = link.searchParams.get('ref')!;
    expect(code).to.match(/^[0-9a-hjkmnp-tv-z]{10}$/);
    const referrerSession = referrer.state.$session.get()!;
    expect(text(part(invite(referrer), 'invite-empty'))).to.equal(
      'Nobody has joined with your link yet.',
    );
    referrer.remove();
    stopReferrer();
    sessionStorage.clear();
    for (const key of Object.keys(localStorage))
      if (key.startsWith('questboard:v1:wallet:')) localStorage.removeItem(key);

    // The referee arrives by the link; a later link does not replace the first.
    history.replaceState(null, '', `${location.pathname}?ref=${code}`);
    const refereeWallet = createTestWallet({
      rdns: 'org.example.referee',
      keys: [TEST_KEYS[1]],
      chainId: 31337,
    });
    cleanups.push(refereeWallet.announce());
    const referee = await mount(url, id);
    // The address the board loaded with counts, even when the page rewrites it right after.
    history.replaceState(null, '', `${location.pathname}?ref=zzzzzzzzzz`);
    const captured = () =>
      Object.keys(localStorage).find((k) => k.startsWith('questboard:v1:ref:'));
    await until(captured, 'the captured invite');
    const again = await mount(url, id);
    again.remove();
    // Give the second board's capture (its own chunk promise) every chance to overwrite it.
    await again.updateComplete;
    await new Promise((r) => requestAnimationFrame(() => r(undefined)));
    const key = captured()!;
    expect(JSON.parse(localStorage.getItem(key)!).code).to.equal(code);

    await connectAndSignIn(referee, 'injected:org.example.referee');
    await until(() => JSON.parse(localStorage.getItem(key)!).outcome === 'bound', 'the binding');

    // The referrer sees the referee pending, with what they still need.
    const s = await questServer();
    const response = await fetch(`${s.url}/campaigns/${id}/referrals`, {
      headers: { authorization: `Bearer ${referrerSession.token}` },
    });
    const listed = (await response.json()) as ReferralsOverview;
    expect(listed.code).to.equal(code);
    expect(listed.referrals.map((r) => [r.referee, r.state])).to.deep.equal([
      [referee.wallet.$account.get(), 'pending'],
    ]);
    expect(listed.referrals[0]!.needs).to.deep.equal([
      { kind: 'task', task: 'read' },
      { kind: 'points', points: 10 },
    ]);
  });
});
