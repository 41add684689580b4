import { clearStoredProgress } from '../../test/setup.js';
import './quest-board.js';
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { type Campaign, memoryBackend, type QuestError } from '@questboard/core';
import { createTestWallet, TEST_KEYS } from '@questboard/wallet/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import {
  part,
  parts,
  recordEvents,
  rendered,
  reward,
  SAMPLE_URL,
  sampleCampaign,
  settled,
  stateOf,
  task,
  text,
  tier,
  tiers,
  untilTask,
} from '../../test/helpers.js';
import { deepActiveElement } from '../internal/focus.js';
import type { QuestTask } from '../quest-task/quest-task.component.js';
import type { QuestBoard } from './quest-board.component.js';

async function board(campaign: string | Campaign | null = SAMPLE_URL): Promise<QuestBoard> {
  const el = await fixture<QuestBoard>(html`<quest-board .campaign=${campaign}></quest-board>`);
  await settled(el);
  await rendered(el);
  return el;
}

/** Clicks a button or link of a task by part name. */
function press(el: QuestTask, name: string): void {
  const target = part(el, name);
  if (!target) throw new Error(`task ${el.entry?.task.id} has no ${name}`);
  target.click();
}

async function visit(b: QuestBoard, taskId: string): Promise<void> {
  const el = task(b, taskId);
  press(el, 'task-link');
  await el.updateComplete;
  press(el, 'task-verify');
  await untilTask(b, taskId, 'done');
}

async function choose(b: QuestBoard, taskId: string, option: string): Promise<void> {
  const el = task(b, taskId);
  const label = parts(el, 'task-option').find((l) => text(l) === option);
  if (!label) throw new Error(`no option ${option}`);
  label.querySelector('input')!.click();
  press(el, 'task-submit');
}

async function answer(b: QuestBoard, taskId: string, value: string): Promise<void> {
  const el = task(b, taskId);
  const input = part<HTMLInputElement>(el, 'task-input')!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  press(el, 'task-submit');
}

async function claim(b: QuestBoard, tierId: string): Promise<void> {
  const el = reward(b, tierId);
  part(el, 'reward-claim')!.click();
  await oneEvent(b, 'quest-claim');
  await rendered(b);
}

describe('<quest-board>', () => {
  beforeEach(clearStoredProgress);

  it('is accessible with the sample campaign loaded', async () => {
    const el = await board();
    expect(tiers(el)).to.have.length(3);
    await expect(el).to.be.accessible();
  });

  it('loads a campaign from a URL (attribute) and renders header, tiers, tasks and rewards', async () => {
    const el = await fixture<QuestBoard>(html`<quest-board campaign=${SAMPLE_URL}></quest-board>`);
    expect(part(el, 'loading')).to.exist;
    await settled(el);
    await rendered(el);
    expect(text(part(el, 'title'))).to.equal('Questboard 101');
    expect(text(part(el, 'description'))).to.contain('three short tiers');
    expect(text(part(el, 'points'))).to.equal('0 points');
    expect(text(part(el, 'level'))).to.equal('Level: Newcomer');
    expect(text(part(el, 'next-level'))).to.equal('40 points to Explorer');
    const progress = el.shadowRoot!.querySelector('quest-progress')!;
    expect(text(part(progress, 'progress-text'))).to.equal('0 of 8 tasks done');
    expect(tiers(el).map((t) => t.tier?.tier.id)).to.deep.equal(['basics', 'deeper', 'mastery']);
    expect(stateOf(el, 'read-intro')).to.equal('available');
    expect(stateOf(el, 'gas-quiz')).to.equal('locked');
    expect(text(part(task(el, 'read-intro'), 'task-link'))).to.contain('Open the intro');
    expect(part(task(el, 'read-intro'), 'task-link')!.getAttribute('rel')).to.equal(
      'noopener noreferrer',
    );
    expect(part(task(el, 'read-intro'), 'task-link')!.getAttribute('target')).to.equal('_blank');
    // Verify is offered once the link was opened.
    expect(part(task(el, 'read-intro'), 'task-verify')).to.equal(null);
    expect(text(part(tier(el, 'deeper'), 'tier-lock'))).to.equal(
      'Unlocks after all 3 tasks in “Basics” (0 done)',
    );
    expect(text(part(tier(el, 'mastery'), 'tier-lock'))).to.equal(
      'Unlocks after 2 of 3 tasks in “Go deeper” (0 done)',
    );
    expect(text(part(task(el, 'gas-quiz'), 'task-waiting'))).to.equal(
      'Finish “Learn how wallets work” first',
    );
    expect(text(part(reward(el, 'basics'), 'reward-title'))).to.equal('Explorer badge');
    expect(part(reward(el, 'basics'), 'reward-claim')).to.equal(null);
  });

  it('climbs the whole sample campaign through the UI, with events for what happened', async () => {
    const el = await board();
    const events = recordEvents(el);

    await visit(el, 'read-intro');
    expect(text(part(el, 'points'))).to.equal('10 points');
    await choose(el, 'eip-quiz', 'Ethereum Improvement Proposal');
    await untilTask(el, 'eip-quiz', 'done');
    await answer(el, 'handle', '@quest-fan');
    await untilTask(el, 'handle', 'done');
    expect(tier(el, 'deeper').tier?.state).to.equal('available');
    expect(part(tier(el, 'deeper'), 'tier-lock')).to.equal(null);
    expect(text(part(el, 'level'))).to.equal('Level: Explorer');

    expect(events.filter((e) => e.type === 'quest-complete').map((e) => e.detail)).to.deep.equal([
      { taskId: 'read-intro', points: 10, totalPoints: 10 },
      { taskId: 'eip-quiz', points: 20, totalPoints: 30 },
      { taskId: 'handle', points: 10, totalPoints: 40 },
    ]);
    expect(events.filter((e) => e.type === 'quest-unlock').map((e) => e.detail)).to.deep.equal([
      { tierIds: ['deeper'], taskIds: ['read-wallets', 'fav-dapp'] },
    ]);
    const verified = events.filter((e) => e.type === 'quest-verify');
    expect(verified).to.have.length(3);
    expect((verified[0]!.detail as { result: { ok: boolean } }).result.ok).to.equal(true);

    await claim(el, 'basics');
    expect(events.at(-1)).to.deep.equal({
      type: 'quest-claim',
      detail: { tierId: 'basics', firstClaim: true },
    });
    expect(text(part(reward(el, 'basics'), 'reward-state'))).to.equal('Claimed');
    expect(tier(el, 'basics').tier?.state).to.equal('claimed');

    await visit(el, 'read-wallets');
    expect(events.at(-1)).to.deep.equal({
      type: 'quest-unlock',
      detail: { tierIds: [], taskIds: ['gas-quiz'] },
    });
    expect(text(part(tier(el, 'mastery'), 'tier-lock'))).to.equal(
      'Unlocks after 2 of 3 tasks in “Go deeper” (1 done)',
    );

    // A wrong answer is a result, shown on the task, and can be retried.
    await answer(el, 'gas-quiz', 'miner');
    await untilTask(el, 'gas-quiz', 'failed');
    expect(text(part(task(el, 'gas-quiz'), 'task-error'))).to.equal(
      'That answer is not right. Try again.',
    );
    const failed = events.at(-1)!;
    expect(failed.type).to.equal('quest-verify');
    expect(failed.detail).to.deep.include({ taskId: 'gas-quiz' });
    expect((failed.detail as { result: { ok: boolean; code: string } }).result).to.deep.include({
      ok: false,
      code: 'WRONG_ANSWER',
    });
    await answer(el, 'gas-quiz', 'Validator');
    await untilTask(el, 'gas-quiz', 'done');
    expect(part(task(el, 'gas-quiz'), 'task-error')).to.equal(null);
    expect(tier(el, 'mastery').tier?.state).to.equal('available');

    await answer(el, 'fav-dapp', 'Uniswap');
    await untilTask(el, 'fav-dapp', 'done');
    await claim(el, 'deeper');
    await visit(el, 'read-l2');
    await choose(el, 'l2-quiz', 'Ethereum');
    await untilTask(el, 'l2-quiz', 'done');
    await claim(el, 'mastery');

    expect(text(part(el, 'points'))).to.equal('120 points');
    expect(text(part(el, 'level'))).to.equal('Level: Pathfinder');
    expect(text(part(el, 'next-level'))).to.equal('20 points to Trailblazer');
    const progress = el.shadowRoot!.querySelector('quest-progress')!;
    expect(text(part(progress, 'progress-text'))).to.equal('8 of 8 tasks done');
    expect(tiers(el).map((t) => t.tier?.state)).to.deep.equal(['claimed', 'claimed', 'claimed']);
    expect(events.filter((e) => e.type === 'quest-claim')).to.have.length(3);
    expect(events.filter((e) => e.type === 'quest-complete')).to.have.length(8);
    expect(events.filter((e) => e.type === 'quest-error')).to.have.length(0);
    expect(text(part(el, 'live'))).to.equal('Reward claimed: Trailblazer NFT.');
    await expect(el).to.be.accessible();
  });

  it('keeps progress across a reload (a new board over the same storage)', async () => {
    const first = await board();
    await visit(first, 'read-intro');
    await choose(first, 'eip-quiz', 'Ethereum Improvement Proposal');
    await untilTask(first, 'eip-quiz', 'done');
    first.remove();

    const second = await board();
    expect(stateOf(second, 'read-intro')).to.equal('done');
    expect(stateOf(second, 'eip-quiz')).to.equal('done');
    expect(stateOf(second, 'handle')).to.equal('available');
    expect(text(part(second, 'points'))).to.equal('30 points');
  });

  it('reports errors of verifying and claiming on the task or reward, with quest-error', async () => {
    const el = await board();
    const events = recordEvents(el);
    expect(await el.verifyTask('gas-quiz', 'validator')).to.equal(null);
    await rendered(el);
    expect(events).to.have.length(1);
    expect(events[0]!.type).to.equal('quest-error');
    expect(events[0]!.detail).to.deep.include({ taskId: 'gas-quiz' });
    expect((events[0]!.detail as { error: QuestError }).error.code).to.equal('TASK_LOCKED');
    // A locked task stays shown as locked; the error is announced.
    expect(stateOf(el, 'gas-quiz')).to.equal('locked');
    expect(text(part(el, 'live'))).to.equal(
      '“Who receives the priority fee?”: This task is still locked: finish the steps before it first.',
    );

    // The tier is still locked (the one before it is not done): both backends say TIER_LOCKED.
    await el.claimTier('deeper');
    await rendered(el);
    expect((events[1]!.detail as { error: QuestError }).error.code).to.equal('TIER_LOCKED');
    expect(text(part(reward(el, 'deeper'), 'reward-error'))).to.equal(
      'This tier is still locked: finish the tiers before it first.',
    );
    expect(text(part(el, 'live'))).to.equal(
      'This tier is still locked: finish the tiers before it first.',
    );
    await expect(el).to.be.accessible();
  });

  it('shows when the campaign has not started or has ended', async () => {
    const campaign = await sampleCampaign();
    const ended = await board({ ...campaign, endsAt: '2020-01-01T00:00:00Z' });
    expect(text(part(ended, 'window'))).to.equal('This campaign has ended.');
    expect(stateOf(ended, 'read-intro')).to.equal('ended');
    expect(part(task(ended, 'read-intro'), 'task-body')).to.equal(null);
    await expect(ended).to.be.accessible();
    const upcoming = await board({ ...campaign, startsAt: '2999-01-01T00:00:00Z' });
    expect(text(part(upcoming, 'window'))).to.equal('This campaign has not started yet.');
    expect(text(part(task(upcoming, 'read-intro'), 'task-state'))).to.equal('Not started');
  });

  it('shows a tier gated on a segment the visitor is not in as for selected members only', async () => {
    const campaign = await sampleCampaign();
    const gated: Campaign = {
      ...campaign,
      id: 'segment-gated',
      tiers: [
        ...campaign.tiers,
        {
          id: 'supporters',
          title: 'Supporters',
          unlock: { segment: 'early-supporters' },
          tasks: [
            { id: 'roadmap', kind: 'visit', title: 'Roadmap', points: 1, url: 'https://a.example' },
          ],
        },
      ],
    };
    const backend = memoryBackend({
      segments: { 'early-supporters': ['0x70997970C51812dc3A010C7d01b50e0d17dc79C8'] },
    });
    const el = await fixture<QuestBoard>(
      html`<quest-board .backend=${backend} .campaign=${gated}></quest-board>`,
    );
    await settled(el);
    await rendered(el);
    expect(text(part(tier(el, 'supporters'), 'tier-lock'))).to.equal(
      'Open to selected members only',
    );
    expect(stateOf(el, 'roadmap')).to.equal('locked');
    await expect(el).to.be.accessible();
  });

  it('follows progress made in another tab', async () => {
    const el = await board();
    const other = document.createElement('iframe');
    document.body.append(other);
    try {
      // Another browsing context of the same origin completes a task.
      other.contentWindow!.localStorage.setItem(
        'questboard:v1:progress:questboard-101:anonymous',
        JSON.stringify({
          v: 1,
          campaignId: 'questboard-101',
          address: 'anonymous',
          completed: { 'read-intro': { at: '2026-01-01T00:00:00.000Z', points: 10 } },
          claimed: {},
        }),
      );
      await untilTask(el, 'read-intro', 'done');
      expect(text(part(el, 'points'))).to.equal('10 points');
    } finally {
      other.remove();
    }
  });

  it('resets corrupt or foreign stored progress with a warning', async () => {
    const key = 'questboard:v1:progress:questboard-101:anonymous';
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      localStorage.setItem(key, '{not json');
      const corrupt = await board();
      expect(stateOf(corrupt, 'read-intro')).to.equal('available');
      expect(text(part(corrupt, 'points'))).to.equal('0 points');
      expect(localStorage.getItem(key)).to.equal(null);
      expect(warnings.some((w) => w.includes('has been reset'))).to.equal(true);
      corrupt.remove();

      warnings.length = 0;
      localStorage.setItem(
        key,
        JSON.stringify({
          v: 1,
          campaignId: 'another-campaign',
          address: 'anonymous',
          completed: { 'read-intro': { at: '2026-01-01T00:00:00Z', points: 10 } },
          claimed: {},
        }),
      );
      const foreign = await board();
      expect(stateOf(foreign, 'read-intro')).to.equal('available');
      expect(warnings.some((w) => w.includes('has been reset'))).to.equal(true);
    } finally {
      console.warn = warn;
    }
  });

  it('shows every problem of an invalid campaign and no ladder', async () => {
    const campaign = await sampleCampaign();
    const broken = structuredClone(campaign) as unknown as {
      id: string;
      tiers: { unlock?: { after: string }; tasks: { points: number }[] }[];
    };
    broken.id = 'not a valid id!';
    broken.tiers[0]!.tasks[0]!.points = -5;
    (broken.tiers[2] as unknown as { title: unknown }).title = 42;
    const el = await fixture<QuestBoard>(html`<quest-board></quest-board>`);
    const failed = oneEvent(el, 'quest-error');
    el.campaign = broken as unknown as Campaign;
    const { detail } = await failed;
    await settled(el);
    const error = detail.error as QuestError;
    expect(error.code).to.equal('CAMPAIGN_INVALID');
    expect(error.issues.length).to.be.greaterThanOrEqual(3);
    const items = parts(el, 'error-item').map(text);
    expect(items).to.have.length(error.issues.length);
    for (const issue of error.issues) {
      expect(items).to.include(`${issue.path || '(root)'}: ${issue.message}`);
    }
    const paths = parts(el, 'error-path').map(text);
    expect(paths).to.include('id');
    expect(paths).to.include('tiers[0].tasks[0].points');
    expect(paths).to.include('tiers[2].title');
    expect(text(part(el, 'error-count'))).to.equal(
      `${error.issues.length} problems were found in the campaign:`,
    );
    expect(el.shadowRoot!.querySelector('quest-tier, quest-task, [part="header"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows a fetch failure with a retry button, a loading state, and an empty state', async () => {
    const el = await board('/examples/campaigns/does-not-exist.json');
    expect(el.state.$error.get()?.code).to.equal('CAMPAIGN_FETCH_FAILED');
    expect(text(part(el, 'error-message'))).to.contain('HTTP 404');
    expect(part(el, 'retry')).to.exist;
    expect(el.shadowRoot!.querySelector('quest-tier')).to.equal(null);
    await expect(el).to.be.accessible();

    const slow = { ...memoryBackend(), loadCampaign: () => new Promise<Campaign>(() => {}) };
    const loading = await fixture<QuestBoard>(
      html`<quest-board .backend=${slow} campaign=${SAMPLE_URL}></quest-board>`,
    );
    expect(text(part(loading, 'loading'))).to.equal('Loading the campaign…');
    await expect(loading).to.be.accessible();

    const empty = await board(null);
    expect(text(part(empty, 'empty'))).to.equal('No campaign to show yet.');
    await expect(empty).to.be.accessible();
  });

  it('asks the page for the wallet first, else opens its own picker (no wallet here: install links)', async () => {
    const campaign: Campaign = {
      schemaVersion: 1,
      id: 'wallet-demo',
      title: 'Wallet demo',
      tiers: [
        {
          id: 'start',
          title: 'Start',
          tasks: [
            { id: 'connect', kind: 'wallet.connect', title: 'Connect your wallet', points: 5 },
            {
              id: 'txs',
              kind: 'onchain',
              title: 'Send a transaction',
              points: 5,
              url: 'https://example.org/swap',
              rule: { type: 'onchain.txCount', chainId: 31337, min: 1 },
            },
          ],
        },
      ],
      chains: { '31337': { rpcUrls: ['http://127.0.0.1:1'] } },
    };
    const el = await board(campaign);
    const events = recordEvents(el);
    const connect = task(el, 'connect');
    expect(text(part(connect, 'task-wallet-status'))).to.equal('No wallet connected');

    press(connect, 'task-action');
    expect(events[0]).to.deep.equal({
      type: 'quest-wallet-request',
      detail: { kind: 'wallet.connect', taskId: 'connect' },
    });
    // Nobody cancelled it: the board's own wallet picker opens (its element loads on demand),
    // and finds no wallet in this page.
    await customElements.whenDefined('quest-wallet');
    const wallet = el.shadowRoot!.querySelector('quest-wallet')!;
    await waitUntil(() => wallet.shadowRoot?.querySelector('[part~="install-link"]'), 'no picker');
    expect(wallet.shadowRoot!.querySelector('[part~="install-link"]'), 'install links').to.exist;
    wallet.closePicker();
    await untilTask(el, 'connect', 'failed');
    const errors = events.filter((e) => e.type === 'quest-error');
    expect(errors.map((e) => (e.detail as { error: QuestError }).error.code)).to.include(
      'WALLET_REJECTED',
    );
    await expect(el).to.be.accessible();

    // A page that handles wallets cancels the request; the board then waits for it.
    el.addEventListener('quest-wallet-request', (e) => e.preventDefault(), { once: true });
    const errorsBefore = events.filter((e) => e.type === 'quest-error').length;
    press(connect, 'task-action');
    await rendered(el);
    expect(events.filter((e) => e.type === 'quest-error')).to.have.length(errorsBefore);

    // …and hands the board its wallet (a host provider, as wagmi would).
    el.provider = createTestWallet({ authorized: true, keys: [TEST_KEYS[1]] }).provider;
    await waitUntil(() => el.state.$address.get(), 'the host account');
    await rendered(el);
    expect(text(part(connect, 'task-wallet-status'))).to.equal('Connected as 0x7099…79C8');
    // Connected: the button now verifies the task instead of asking for the wallet.
    expect(text(part(connect, 'task-action'))).to.equal('Verify');
    press(connect, 'task-action');
    await untilTask(el, 'connect', 'done');

    // Rule tasks: an optional "Go" link and Verify.
    const txs = task(el, 'txs');
    expect(part<HTMLAnchorElement>(txs, 'task-link')!.href).to.equal('https://example.org/swap');
    expect(text(part(txs, 'task-verify'))).to.equal('Verify');
  });

  it('renders the dark theme, follows prefers-color-scheme with theme="auto", and reflects theme', async () => {
    const el = await board();
    expect(el.getAttribute('theme')).to.equal('auto');
    const base = part(el, 'base')!;
    expect(getComputedStyle(base).backgroundColor).to.equal('rgb(255, 255, 255)');
    await emulateMedia({ colorScheme: 'dark' });
    try {
      expect(getComputedStyle(base).backgroundColor).to.equal('rgb(13, 17, 23)');
      await expect(el).to.be.accessible();
      el.theme = 'light';
      await el.updateComplete;
      expect(el.getAttribute('theme')).to.equal('light');
      expect(getComputedStyle(base).backgroundColor).to.equal('rgb(255, 255, 255)');
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
    el.setAttribute('theme', 'dark');
    await el.updateComplete;
    expect(getComputedStyle(base).backgroundColor).to.equal('rgb(13, 17, 23)');
    const title = part(task(el, 'read-intro'), 'task-title')!;
    expect(getComputedStyle(title).color).to.equal('rgb(230, 237, 243)');
    await expect(el).to.be.accessible();
  });

  it('lets the page style parts and tokens from outside', async () => {
    const style = document.createElement('style');
    style.textContent = `
      quest-board.styled { --quest-color-accent: rgb(200, 0, 100); }
      quest-board.styled::part(task-title) { text-decoration: underline; }
      quest-board.styled::part(tier-title) { letter-spacing: 2px; }
      quest-board.styled::part(reward-title) { font-style: italic; }
      quest-board.styled::part(progress-bar) { block-size: 12px; }
    `;
    document.head.append(style);
    try {
      const el = await board();
      el.classList.add('styled');
      expect(
        getComputedStyle(part(task(el, 'read-intro'), 'task-title')!).textDecorationLine,
      ).to.equal('underline');
      expect(getComputedStyle(part(tier(el, 'basics'), 'tier-title')!).letterSpacing).to.equal(
        '2px',
      );
      expect(getComputedStyle(part(reward(el, 'basics'), 'reward-title')!).fontStyle).to.equal(
        'italic',
      );
      const progress = el.shadowRoot!.querySelector('quest-progress')!;
      expect(getComputedStyle(part(progress, 'progress-bar')!).blockSize).to.equal('12px');
      expect(getComputedStyle(part(task(el, 'read-intro'), 'task-link')!).backgroundColor).to.equal(
        'rgb(200, 0, 100)',
      );
    } finally {
      style.remove();
    }
  });

  it('lays out right to left under dir="rtl" on the board or an ancestor', async () => {
    // Built by hand: open-wc's fixture waits for an animation frame on plain wrappers, which
    // never comes in a background page when test files run side by side.
    const wrapper = document.createElement('div');
    wrapper.dir = 'rtl';
    const el = document.createElement('quest-board');
    el.campaign = SAMPLE_URL;
    wrapper.append(el);
    document.body.append(wrapper);
    try {
      await settled(el);
      await rendered(el);
      const intro = task(el, 'read-intro');
      const title = part(intro, 'task-title')!;
      const state = part(intro, 'task-state')!;
      expect(getComputedStyle(title).direction).to.equal('rtl');
      expect(title.getBoundingClientRect().right).to.be.greaterThan(
        state.getBoundingClientRect().right,
      );
      await expect(el).to.be.accessible();
    } finally {
      wrapper.remove();
    }
    const own = await board();
    own.dir = 'rtl';
    const title = part(task(own, 'read-intro'), 'task-title')!;
    expect(getComputedStyle(title).direction).to.equal('rtl');
  });

  it('speaks Spanish with locale="es", and follows <html lang> by default', async () => {
    const el = await fixture<QuestBoard>(
      html`<quest-board locale="es" campaign=${SAMPLE_URL}></quest-board>`,
    );
    await settled(el);
    await rendered(el);
    expect(text(part(el, 'points'))).to.equal('0 puntos');
    expect(text(part(el, 'level'))).to.equal('Nivel: Newcomer');
    expect(text(part(tier(el, 'mastery'), 'tier-lock'))).to.equal(
      'Se desbloquea tras 2 de 3 tareas de «Go deeper» (0 completadas)',
    );
    expect(text(part(task(el, 'read-intro'), 'task-state'))).to.equal('Pendiente');
    await answer(el, 'handle', '!!');
    await untilTask(el, 'handle', 'failed');
    expect(text(part(task(el, 'handle'), 'task-error'))).to.equal(
      'Eso no coincide con lo que pide esta tarea.',
    );
    await expect(el).to.be.accessible();

    document.documentElement.lang = 'es-MX';
    try {
      const byPage = await board();
      expect(text(part(byPage, 'points'))).to.equal('0 puntos');
    } finally {
      document.documentElement.lang = 'en';
    }
  });

  it('can be climbed with the keyboard alone, keeping focus on the task after verifying', async () => {
    const el = await board();
    const intro = task(el, 'read-intro');
    const link = part(intro, 'task-link')!;
    // Tab from the start of the page to the first control.
    for (let i = 0; i < 20 && deepActiveElement() !== link; i++) await sendKeys({ press: 'Tab' });
    expect(deepActiveElement()).to.equal(link);
    await sendKeys({ press: 'Enter' });
    await intro.updateComplete;
    await sendKeys({ press: 'Tab' });
    expect(deepActiveElement()).to.equal(part(intro, 'task-verify'));
    await sendKeys({ press: 'Enter' });
    await untilTask(el, 'read-intro', 'done');
    expect(deepActiveElement()).to.equal(part(intro, 'task-state'));
    // Announced once the moments code (a lazy chunk, with its English messages) has looked for
    // moments to add to the same sentence: a first completion waits for that chunk.
    await waitUntil(() => text(part(el, 'live')) !== '', 'the completion is announced');
    expect(text(part(el, 'live'))).to.equal('“Read the introduction” done: +10 points.');

    // Next: the quiz's options, chosen with the keyboard.
    await sendKeys({ press: 'Tab' });
    const quiz = task(el, 'eip-quiz');
    const radios = [...quiz.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type=radio]')];
    expect(deepActiveElement()).to.equal(radios[0]);
    await sendKeys({ press: 'Space' });
    expect(radios[0]!.checked).to.equal(true);
    await sendKeys({ press: 'Tab' });
    expect(deepActiveElement()).to.equal(part(quiz, 'task-submit'));
    await sendKeys({ press: 'Enter' });
    await untilTask(el, 'eip-quiz', 'done');
    expect(deepActiveElement()).to.equal(part(quiz, 'task-state'));
  });

  it('changes at most two DOM nodes for one task starting a check, the same at 50 and at 500 tasks', async () => {
    async function mutationsFor(count: number): Promise<number> {
      const campaign: Campaign = {
        schemaVersion: 1,
        id: `big-${count}`,
        title: 'Big',
        tiers: Array.from({ length: count / 50 }, (_, t) => ({
          id: `t${t}`,
          title: `Tier ${t}`,
          tasks: Array.from({ length: 50 }, (_, k) => ({
            id: `t${t}-${k}`,
            kind: 'visit' as const,
            title: `Task ${k}`,
            points: 1,
            url: 'https://example.org/',
          })),
        })),
      };
      // A backend whose check never answers: the task stays "verifying" while we count.
      const backend = { ...memoryBackend(), verify: () => new Promise<never>(() => {}) };
      const el = await fixture<QuestBoard>(
        html`<quest-board .backend=${backend} .campaign=${campaign}></quest-board>`,
      );
      await settled(el);
      await rendered(el);
      const roots: Node[] = [el.shadowRoot!];
      for (const child of el.shadowRoot!.querySelectorAll('*'))
        if (child.shadowRoot) roots.push(child.shadowRoot);
      const records: MutationRecord[] = [];
      const observer = new MutationObserver((list) => records.push(...list));
      for (const root of roots)
        observer.observe(root, {
          subtree: true,
          childList: true,
          attributes: true,
          characterData: true,
        });
      void el.verifyTask('t0-7');
      await rendered(el);
      records.push(...observer.takeRecords());
      expect(task(el, 't0-7').entry?.state).to.equal('verifying');
      observer.disconnect();
      el.remove();
      return records.length;
    }
    const small = await mutationsFor(50);
    const large = await mutationsFor(500);
    expect(small).to.be.greaterThan(0);
    expect(small).to.be.at.most(2);
    expect(large).to.equal(small);
  });
});
