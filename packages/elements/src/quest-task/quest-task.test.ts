import '../../test/setup.js';
import './quest-task.js';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { LadderTask, Task } from '@questboard/core';
import { part, parts, text } from '../../test/helpers.js';
import type { TaskActionDetail } from '../internal/actions.js';
import { type QuestTask, sameTaskEntry } from './quest-task.component.js';

const visit: Task = {
  id: 'read',
  kind: 'visit',
  title: 'Read the intro',
  description: 'Two minutes.',
  points: 10,
  url: 'https://example.org/intro',
};

function entry(
  task: Task,
  state: LadderTask['state'],
  extra: Partial<LadderTask> = {},
): LadderTask {
  return { task, tierId: 'tier', state, waitingFor: [], ...extra };
}

async function render(value: LadderTask, locale = 'en'): Promise<QuestTask> {
  return fixture<QuestTask>(
    html`<quest-task .entry=${value} .locale=${locale} .titleOf=${(id: string) => `Title of ${id}`}></quest-task>`,
  );
}

function nextAction(el: QuestTask): Promise<CustomEvent<TaskActionDetail>> {
  return oneEvent(el, 'quest-task-action') as Promise<CustomEvent<TaskActionDetail>>;
}

describe('<quest-task>', () => {
  it('is accessible in every state', async () => {
    const quiz: Task = {
      id: 'q',
      kind: 'quiz',
      title: 'Quiz',
      points: 5,
      question: 'Pick one',
      options: ['A', 'B'],
      answer: { salt: 's', hash: 'h' },
    };
    for (const state of [
      'available',
      'locked',
      'verifying',
      'done',
      'upcoming',
      'ended',
    ] as const) {
      const el = await render(entry(quiz, state, state === 'locked' ? { waitingFor: ['x'] } : {}));
      await expect(el).to.be.accessible();
    }
    const failed = await render(
      entry(quiz, 'failed', {
        failure: { state: 'failed', error: { code: 'WRONG_ANSWER', shortMessage: 'Wrong.' } },
      }),
    );
    await expect(failed).to.be.accessible();
  });

  it('renders title, description, points and state', async () => {
    const el = await render(entry(visit, 'available'));
    expect(text(part(el, 'task-title'))).to.equal('Read the intro');
    expect(text(part(el, 'task-description'))).to.equal('Two minutes.');
    expect(text(part(el, 'task-points'))).to.equal('+10 points');
    expect(text(part(el, 'task-state'))).to.equal('To do');
    expect(part(el, 'task')!.classList.contains('is-available')).to.equal(true);
  });

  it('visit: opens the link in a new tab, then offers Verify', async () => {
    const el = await render(entry(visit, 'available'));
    const link = part<HTMLAnchorElement>(el, 'task-link')!;
    expect(link.href).to.equal('https://example.org/intro');
    expect(link.target).to.equal('_blank');
    expect(link.rel).to.equal('noopener noreferrer');
    expect(text(link)).to.equal('Open link (opens in a new tab)');
    expect(part(el, 'task-verify')).to.equal(null);
    link.click();
    await el.updateComplete;
    const action = nextAction(el);
    part(el, 'task-verify')!.click();
    expect((await action).detail).to.deep.equal({ taskId: 'read', action: 'verify' });
  });

  it('never links to an unsafe URL', async () => {
    const el = await render(entry({ ...visit, url: 'javascript:alert(1)' }, 'available'));
    expect(part(el, 'task-link')).to.equal(null);
    expect(part(el, 'task-verify')).to.exist;
  });

  it('quiz: radio options or a text field, submitted with the answer', async () => {
    const quiz: Task = {
      id: 'q',
      kind: 'quiz',
      title: 'Quiz',
      points: 5,
      question: 'Pick one',
      options: ['Alpha', 'Beta'],
      answer: { salt: 's', hash: 'h' },
    };
    const el = await render(entry(quiz, 'available'));
    expect(text(part(el, 'task-question'))).to.equal('Pick one');
    expect(parts(el, 'task-option').map(text)).to.deep.equal(['Alpha', 'Beta']);
    // Nothing chosen: the browser's own validation stops the submit.
    let fired = false;
    el.addEventListener('quest-task-action', () => {
      fired = true;
    });
    part(el, 'task-submit')!.click();
    await el.updateComplete;
    expect(fired).to.equal(false);
    parts(el, 'task-option')[1]!.querySelector('input')!.click();
    const action = nextAction(el);
    part(el, 'task-submit')!.click();
    expect((await action).detail).to.deep.equal({ taskId: 'q', action: 'verify', input: 'Beta' });

    const free = await render(entry({ ...quiz, options: undefined } as Task, 'available'));
    const input = part<HTMLInputElement>(free, 'task-input')!;
    expect(text(part(free, 'task-label'))).to.equal('Pick one');
    input.value = 'gamma';
    const typed = nextAction(free);
    part(free, 'task-submit')!.click();
    expect((await typed).detail.input).to.equal('gamma');
  });

  it('input: a labelled field with maxlength and placeholder; editing after a failure clears it', async () => {
    const task: Task = {
      id: 'handle',
      kind: 'input',
      title: 'Handle',
      points: 5,
      label: 'Your handle',
      placeholder: '@you',
      pattern: '@?[a-z]+',
      maxLength: 20,
    };
    const el = await render(
      entry(task, 'failed', {
        failure: { state: 'failed', error: { code: 'INPUT_MISMATCH', shortMessage: 'No match.' } },
      }),
    );
    const input = part<HTMLInputElement>(el, 'task-input')!;
    expect(text(part(el, 'task-label'))).to.equal('Your handle');
    expect(input.maxLength).to.equal(20);
    expect(input.placeholder).to.equal('@you');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(input.getAttribute('aria-describedby')).to.equal('error');
    expect(text(part(el, 'task-error'))).to.equal('That does not match what this task asks for.');
    const edit = nextAction(el);
    input.value = '@me';
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    expect((await edit).detail).to.deep.equal({ taskId: 'handle', action: 'edit' });
  });

  it('a check starting costs two DOM mutations: the state text and the Verify button, never the box', async () => {
    /** MutationObserver records (host and shadow root) caused by `entry` becoming `next`. */
    async function mutations(el: QuestTask, next: LadderTask): Promise<string[]> {
      const records: MutationRecord[] = [];
      const observer = new MutationObserver((list) => records.push(...list));
      for (const node of [el, el.shadowRoot!])
        observer.observe(node, {
          subtree: true,
          childList: true,
          attributes: true,
          characterData: true,
        });
      el.entry = next;
      await el.updateComplete;
      records.push(...observer.takeRecords());
      observer.disconnect();
      return records.map((r) =>
        r.type === 'attributes'
          ? `${r.attributeName} on ${(r.target as Element).getAttribute('part')}`
          : r.type === 'characterData'
            ? `text of ${(r.target.parentNode as Element).getAttribute('part')}`
            : `children of ${(r.target as Element).getAttribute('part') ?? (r.target as Element).className}`,
      );
    }
    // Link opened, then Verify pressed: the button turns busy.
    const visited = await render(entry(visit, 'available'));
    part(visited, 'task-link')!.click();
    await visited.updateComplete;
    expect(await mutations(visited, entry(visit, 'verifying'))).to.deep.equal([
      'text of task-state',
      'aria-disabled on task-verify',
    ]);
    expect(text(part(visited, 'task-state'))).to.equal('Checking…');
    expect(part(visited, 'task-verify')!.getAttribute('aria-disabled')).to.equal('true');
    // Checked from outside (verifyTask) before the link was opened: the busy button appears.
    const fresh = await render(entry(visit, 'available'));
    expect(await mutations(fresh, entry(visit, 'verifying'))).to.deep.equal([
      'text of task-state',
      'children of actions',
    ]);
    expect(part(fresh, 'task-verify')!.getAttribute('aria-disabled')).to.equal('true');
    // The box keeps its look while checking; a result changes it.
    expect(part(fresh, 'task')!.className).to.equal('task is-available');
    fresh.entry = entry(visit, 'done');
    await fresh.updateComplete;
    expect(part(fresh, 'task')!.className).to.equal('task is-done');
  });

  it('does not send a second verification while one is in flight', async () => {
    const el = await render(entry(visit, 'verifying'));
    const button = part(el, 'task-verify')!;
    expect(button.getAttribute('aria-disabled')).to.equal('true');
    expect(text(part(el, 'task-state'))).to.equal('Checking…');
    let fired = false;
    el.addEventListener('quest-task-action', () => {
      fired = true;
    });
    button.click();
    expect(fired).to.equal(false);
  });

  it('locked: names the tasks it waits for; done: no controls', async () => {
    const locked = await render(entry(visit, 'locked', { waitingFor: ['a', 'b'] }));
    expect(text(part(locked, 'task-waiting'))).to.equal(
      'Finish “Title of a” and “Title of b” first',
    );
    expect(part(locked, 'task-body')).to.equal(null);
    const done = await render(entry(visit, 'done'));
    expect(text(part(done, 'task-state'))).to.equal('Done');
    expect(part(done, 'task-body')).to.equal(null);
  });

  it('wallet tasks: show the wallet state and a button asking for the wallet', async () => {
    const connect = await render(
      entry({ id: 'c', kind: 'wallet.connect', title: 'Connect', points: 1 }, 'available'),
    );
    expect(text(part(connect, 'task-wallet-status'))).to.equal('No wallet connected');
    expect(text(part(connect, 'task-action'))).to.equal('Connect wallet');
    const asked = nextAction(connect);
    part(connect, 'task-action')!.click();
    expect((await asked).detail).to.deep.equal({ taskId: 'c', action: 'wallet' });

    const signIn = await fixture<QuestTask>(
      html`<quest-task
        .entry=${entry({ id: 's', kind: 'wallet.signIn', title: 'Sign in', points: 1 }, 'available')}
        .address=${'0x1234567890abcdef1234567890abcdef12345678'}
        .signedIn=${true}
      ></quest-task>`,
    );
    expect(text(part(signIn, 'task-wallet-status'))).to.equal('Signed in as 0x1234…5678');
    const chain = await render(
      entry(
        { id: 'n', kind: 'wallet.chain', title: 'Base', points: 1, chainId: 8453 },
        'available',
      ),
    );
    expect(text(part(chain, 'task-wallet-status'))).to.equal('Needs network 8453');
    expect(text(part(chain, 'task-action'))).to.equal('Switch network');
  });

  it('rule tasks: an optional Go link, Verify, and partial progress after a failed check', async () => {
    const onchain: Task = {
      id: 'o',
      kind: 'onchain',
      title: 'Swap',
      points: 1,
      url: 'https://example.org/swap',
      rule: { type: 'onchain.txCount', chainId: 1, min: 5 },
    };
    const el = await render(
      entry(onchain, 'failed', {
        failure: {
          state: 'failed',
          error: { code: 'VERIFY_FAILED', shortMessage: 'Sent 2 of the 5 transactions needed.' },
          current: 2,
          target: 5,
        },
      }),
    );
    expect(text(part(el, 'task-link'))).to.equal('Go (opens in a new tab)');
    expect(text(part(el, 'task-verify'))).to.equal('Verify');
    expect(text(part(el, 'task-error'))).to.equal('Sent 2 of the 5 transactions needed.');
    expect(text(part(el, 'task-progress'))).to.equal('2 of 5');
    await expect(el).to.be.accessible();

    const noLink = await render(entry({ ...onchain, url: undefined } as Task, 'available'));
    expect(part(noLink, 'task-link')).to.equal(null);
  });

  it('speaks Spanish', async () => {
    const el = await render(entry(visit, 'available'), 'es');
    expect(text(part(el, 'task-points'))).to.equal('+10 puntos');
    expect(text(part(el, 'task-state'))).to.equal('Pendiente');
    expect(text(part(el, 'task-link'))).to.equal('Abrir enlace (se abre en una pestaña nueva)');
  });

  it('re-renders only when the entry changed in a way that shows', async () => {
    const a = entry(visit, 'available');
    expect(sameTaskEntry(a, { ...a, waitingFor: [] })).to.equal(true);
    expect(sameTaskEntry(a, { ...a, state: 'done' })).to.equal(false);
    const el = await render(a);
    el.entry = { ...a, waitingFor: [] };
    expect(el.isUpdatePending).to.equal(false);
    el.entry = { ...a, state: 'done' };
    expect(el.isUpdatePending).to.equal(true);
    await el.updateComplete;
    expect(text(part(el, 'task-state'))).to.equal('Done');
  });
});
