import { isSafeUrl, type LadderTask, type Task } from '@questboard/core';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { taskAction } from '../internal/actions.js';
import { focusIsLost } from '../internal/focus.js';
import { isNextStep, nextStepMessage } from '../internal/next-step.js';
import { QuestElement } from '../internal/quest-element.js';
import { taskStyles } from './quest-task.styles.js';
import {
  loadTaskSchedule,
  SCHEDULE_PARTS,
  ScheduleClock,
  scheduleStyles,
  taskScheduleView,
} from './task-schedule.eager.js';

/** Whether two ladder entries render the same (a re-derived ladder makes new objects each time). */
export function sameTaskEntry(a: LadderTask | undefined, b: LadderTask | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const fa = a.failure;
  const fb = b.failure;
  return (
    a.task === b.task &&
    a.state === b.state &&
    a.waitingFor.join('\n') === b.waitingFor.join('\n') &&
    fa?.error.code === fb?.error.code &&
    fa?.error.shortMessage === fb?.error.shortMessage &&
    fa?.current === fb?.current &&
    fa?.target === fb?.target &&
    a.period?.key === b.period?.key &&
    a.streak?.current === b.streak?.current &&
    a.streak?.best === b.streak?.best &&
    a.recent?.map((d) => d.done).join() === b.recent?.map((d) => d.done).join()
  );
}

const ACTIONABLE = new Set(['available', 'failed', 'verifying']);

/**
 * The box's look (its `is-<look>` class) for each state shown. States that look alike share one:
 * a check starting (available → verifying) changes no class, only what says it — the state text
 * and the Verify button's `aria-disabled` — so it costs two DOM mutations at any ladder size.
 */
const LOOK = {
  available: 'available',
  verifying: 'available',
  failed: 'failed',
  done: 'done',
  locked: 'locked',
  upcoming: 'upcoming',
  ended: 'ended',
} as const satisfies Record<LadderTask['state'], string>;

/** Every part of `<quest-task>`, for `exportparts`. */
export const TASK_PARTS = [
  'task',
  'task-header',
  'task-title',
  'task-points',
  'task-state',
  'task-description',
  'task-waiting',
  'task-body',
  'task-link',
  'task-verify',
  'task-form',
  'task-question',
  'task-option',
  'task-label',
  'task-input',
  'task-submit',
  'task-wallet-status',
  'task-action',
  'task-error',
  'task-next',
  'task-details',
  'task-progress',
  ...SCHEDULE_PARTS,
].join(', ');

/**
 * One task of the ladder: its title, call to action, state, the controls to do and verify it,
 * and why it failed. Rendered by `<quest-board>`, which handles what the controls ask for.
 *
 * @tagname quest-task
 * @summary One quest task with its call to action, state and verify control.
 *
 * @csspart task - The task's box (carries an `is-<look>` class: `is-available` (also while verifying), `is-done`, `is-failed`, `is-locked`, `is-upcoming`, `is-ended`).
 * @csspart task-header - Title, points and state.
 * @csspart task-title - The title.
 * @csspart task-points - The points it gives.
 * @csspart task-state - The state text ("To do", "Done"…); receives focus after a verification.
 * @csspart task-description - The description.
 * @csspart task-waiting - Which tasks must be done first (locked tasks).
 * @csspart task-body - The controls.
 * @csspart task-link - The link to visit (`visit`) or the optional "Go" link (rule tasks).
 * @csspart task-verify - The Verify button.
 * @csspart task-form - The answer form (`quiz`, `input`).
 * @csspart task-question - A quiz's question (legend or label).
 * @csspart task-option - One multiple-choice option (label with its radio).
 * @csspart task-label - The text field's label.
 * @csspart task-input - The text field.
 * @csspart task-submit - The submit button.
 * @csspart task-wallet-status - The wallet state of a wallet task.
 * @csspart task-action - The wallet task's button (connect, sign in, switch network).
 * @csspart task-error - Why the last verification failed (in the campaign's words and units).
 * @csspart task-next - The next step the check waits for ("Sign in to continue"): guidance, not an error.
 * @csspart task-details - The backend's own reason behind `task-error`, folded.
 * @csspart task-progress - "n of m" when the check reported partial progress.
 * @csspart task-schedule - A recurring task's schedule: when it resets, its streak, its calendar.
 * @csspart task-resets - "Resets in 5 h 12 min" (the visitor's locale).
 * @csspart task-streak - The current and best streak (streak tasks).
 * @csspart task-calendar - The last periods, oldest first (streak tasks).
 * @csspart task-calendar-day - One period of the calendar (`is-done`, `is-missed`, `is-open` classes).
 *
 * @cssproperty --quest-task-background - Background (default: `--quest-color-background`).
 * @cssproperty --quest-task-border-color - Border colour (default: `--quest-color-border`).
 * @cssproperty --quest-task-radius - Corner radius (default: `--quest-radius-small`).
 */
export class QuestTask extends QuestElement {
  static override styles = [taskStyles, scheduleStyles];

  static override properties = {
    entry: { attribute: false, hasChanged: (a: LadderTask, b: LadderTask) => !sameTaskEntry(a, b) },
    address: { attribute: false },
    signedIn: { attribute: false },
    titleOf: { attribute: false },
    failureText: { attribute: false },
    now: { attribute: false },
    visited: { state: true, attribute: false },
  };

  /** The task and its derived state (from the board's ladder). */
  declare entry: LadderTask | undefined;
  /** The connected wallet, shown by wallet tasks. */
  declare address: string | null;
  /** Whether the visitor is signed in (SIWE), shown by `wallet.signIn` tasks. */
  declare signedIn: boolean;
  /**
   * The last failure in plain words from the campaign's names and units ("You hold 40 of 100
   * TUSD"), set by the board; the backend's own reason is then shown under `task-details`.
   */
  declare failureText: string | undefined;
  /** Looks up a task's title by id (to name the tasks a locked task waits for). */
  declare titleOf: ((taskId: string) => string) | undefined;
  /** Whether the visitor opened the link of a `visit` task (then Verify is offered). */
  declare protected visited: boolean;
  /** The clock "resets in" counts from (Unix ms); default `Date.now`. For tests and demos. */
  declare now: (() => number) | undefined;

  #focusAfterVerify = false;
  #clock = new ScheduleClock(this, () => (this.now ?? Date.now)());

  /** Whether a schedule is on show (then the task re-renders as the minutes pass). */
  get scheduleShown(): boolean {
    return !!this.entry?.period;
  }

  constructor() {
    super();
    this.address = null;
    this.signedIn = false;
    this.visited = false;
  }

  override render() {
    const entry = this.entry;
    if (!entry) return nothing;
    const { task, state } = entry;
    const i18n = this.i18n;
    const failure = entry.failure;
    const actionable = ACTIONABLE.has(state);
    // A next step (connect, sign in) is guidance, not a failure: no error colour, no "Not yet".
    const code = failure?.error.code;
    const next = code !== undefined && isNextStep(code);
    const shown = next ? 'available' : state;
    return html`<div part="task" class="task is-${LOOK[shown]}${next ? ' is-next' : ''}">
      <div part="task-header" class="header">
        <h4 part="task-title" class="title">${task.title}</h4>
        <span part="task-points" class="points">${i18n.t('task.points', { n: task.points })}</span>
        <span part="task-state" class="state" id="state" tabindex="-1"
          >${i18n.t(`task.state.${shown}`)}</span
        >
      </div>
      ${task.description ? html`<p part="task-description" class="description">${task.description}</p>` : nothing}
      ${entry.period ? this.#renderSchedule(entry) : nothing}
      ${state === 'locked' && entry.waitingFor.length ? this.#renderWaiting(entry.waitingFor) : nothing}
      ${actionable ? html`<div part="task-body" class="body">${this.#renderBody(task, state)}</div>` : nothing}
      ${failure ? this.#renderFailure(failure, !!next) : nothing}
      ${
        failure?.current !== undefined && failure.target !== undefined
          ? html`<p part="task-progress" class="progress">
              ${i18n.t('task.progress', { current: failure.current, target: failure.target })}
            </p>`
          : nothing
      }
    </div>`;
  }

  /** The schedule line, once its code has loaded (a lazy chunk: first use starts it). */
  #renderSchedule(entry: LadderTask) {
    const view = taskScheduleView();
    if (view) return view.renderSchedule(entry, this.i18n, this.#clock.now());
    loadTaskSchedule().then(
      () => this.requestUpdate(),
      () => {}, // shown without its schedule line; the next render tries again
    );
    return nothing;
  }

  /** Also waits for the schedule line's code when this task shows a schedule. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    if (!this.entry?.period || taskScheduleView()) return done;
    await loadTaskSchedule().catch(() => {});
    return super.getUpdateComplete();
  }

  #renderFailure(failure: NonNullable<LadderTask['failure']>, next: boolean) {
    const i18n = this.i18n;
    const code = failure.error.code;
    if (next && isNextStep(code))
      return html`<p part="task-next" class="next" id="error">${i18n.t(nextStepMessage(code))}</p>`;
    const words = this.failureText;
    const raw = failure.error.shortMessage;
    return html`<p part="task-error" class="error" id="error">${words ?? i18n.error(failure.error)}</p>
      ${
        words && raw && raw !== words
          ? html`<details part="task-details" class="details">
              <summary>${i18n.t('task.details')}</summary>
              <span>${raw}</span>
            </details>`
          : nothing
      }`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const before = changed.get('entry') as LadderTask | undefined;
    if (!this.#focusAfterVerify || !before || before.state !== 'verifying') return;
    if (this.entry?.state === 'verifying') return;
    this.#focusAfterVerify = false;
    // The controls of a done task are gone: keep keyboard users on the task, on its new state.
    if (this.entry?.state === 'done' && focusIsLost())
      this.renderRoot.querySelector<HTMLElement>('#state')?.focus();
  }

  #renderWaiting(ids: string[]) {
    const names = this.i18n.list(ids.map((id) => `“${this.titleOf?.(id) ?? id}”`));
    return html`<p part="task-waiting" class="waiting">${this.i18n.t('task.waitingFor', { tasks: names })}</p>`;
  }

  #renderBody(task: Task, state: string): TemplateResult {
    const i18n = this.i18n;
    const busy = state === 'verifying';
    switch (task.kind) {
      case 'visit': {
        const safe = isSafeUrl(task.url);
        return html`<div class="actions">
          ${safe ? this.#renderLink(task.url, task.cta ?? i18n.t('task.visit'), !this.visited) : nothing}
          ${this.visited || !safe || state !== 'available' ? this.#renderVerify(busy) : nothing}
        </div>`;
      }
      case 'quiz':
        return this.#renderForm(
          task.cta ?? i18n.t('task.submit'),
          busy,
          task.options?.length
            ? html`<fieldset>
                <legend part="task-question">${task.question}</legend>
                ${task.options.map(
                  (option) =>
                    html`<label part="task-option" class="option"
                      ><input type="radio" name="answer" .value=${option} required />${option}</label
                    >`,
                )}
              </fieldset>`
            : this.#renderField(task.question, undefined, 500),
        );
      case 'input':
        return this.#renderForm(
          task.cta ?? i18n.t('task.submit'),
          busy,
          this.#renderField(
            task.label ?? i18n.t('task.answer'),
            task.placeholder,
            task.maxLength ?? 500,
          ),
        );
      case 'wallet.connect':
      case 'wallet.signIn':
      case 'wallet.chain':
        return html`<p part="task-wallet-status" class="wallet">${this.#walletStatus(task)}</p>
          <div class="actions">
            <button
              part="task-action"
              class="button"
              type="button"
              aria-disabled=${busy ? 'true' : 'false'}
              @click=${() => this.#act('wallet')}
            >
              ${this.#walletReady(task) ? i18n.t('task.verify') : (task.cta ?? i18n.t(`task.${task.kind}`))}
            </button>
          </div>`;
      default:
        return html`<div class="actions">
          ${task.url && isSafeUrl(task.url) ? this.#renderLink(task.url, task.cta ?? i18n.t('task.go'), false) : nothing}
          ${this.#renderVerify(busy)}
        </div>`;
    }
  }

  /** Whether the wallet already did its part, so the button verifies instead of asking. */
  #walletReady(task: Task): boolean {
    if (task.kind === 'wallet.connect') return !!this.address;
    if (task.kind === 'wallet.signIn') return !!this.address && this.signedIn;
    return false;
  }

  #walletStatus(task: Task): string {
    const i18n = this.i18n;
    const address = this.address ? shortAddress(this.address) : null;
    if (task.kind === 'wallet.chain')
      return i18n.t('task.wallet.chainTarget', { chainId: String(task.chainId) });
    if (!address) return i18n.t('task.wallet.notConnected');
    if (task.kind === 'wallet.signIn')
      return this.signedIn
        ? i18n.t('task.wallet.signedIn', { address })
        : i18n.t('task.wallet.notSignedIn');
    return i18n.t('task.wallet.connected', { address });
  }

  #renderLink(url: string, label: string, primary: boolean) {
    return html`<a
      part="task-link"
      class="button ${primary ? '' : 'secondary'}"
      href=${url}
      target="_blank"
      rel="noopener noreferrer"
      @click=${this.#onVisit}
      >${label}<span class="visually-hidden"> ${this.i18n.t('task.newTab')}</span></a
    >`;
  }

  #renderVerify(busy: boolean) {
    return html`<button
      part="task-verify"
      class="button"
      type="button"
      aria-disabled=${busy ? 'true' : 'false'}
      aria-describedby=${this.entry?.failure ? 'error' : nothing}
      @click=${() => this.#act('verify')}
    >
      ${this.i18n.t('task.verify')}
    </button>`;
  }

  #renderField(label: string, placeholder: string | undefined, maxLength: number) {
    const failed = !!this.entry?.failure;
    return html`<div class="field-wrap">
      <label part="task-label" class="field" for="answer">${label}</label>
      <input
        part="task-input"
        id="answer"
        name="answer"
        type="text"
        autocomplete="off"
        required
        maxlength=${maxLength}
        placeholder=${placeholder ?? nothing}
        aria-invalid=${failed ? 'true' : 'false'}
        aria-describedby=${failed ? 'error' : nothing}
      />
    </div>`;
  }

  #renderForm(submitLabel: string, busy: boolean, fields: TemplateResult) {
    return html`<form part="task-form" @submit=${this.#onSubmit} @input=${this.#onEdit}>
      ${fields}
      <button part="task-submit" class="button" type="submit" aria-disabled=${busy ? 'true' : 'false'}>
        ${submitLabel}
      </button>
    </form>`;
  }

  #onVisit = () => {
    this.visited = true;
  };

  #onEdit = () => {
    if (this.entry?.state === 'failed') this.#act('edit');
  };

  #onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const value = new FormData(form).get('answer');
    if (typeof value !== 'string' || !value.trim()) return;
    this.#act('verify', value);
  };

  #act(action: 'verify' | 'wallet' | 'edit', input?: string): void {
    const entry = this.entry;
    if (!entry) return;
    if (action !== 'edit') {
      if (entry.state === 'verifying') return;
      this.#focusAfterVerify = true;
    }
    this.dispatchEvent(
      taskAction({ taskId: entry.task.id, action, ...(input === undefined ? {} : { input }) }),
    );
  }
}

function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}
