import type {
  Address,
  Campaign,
  Ladder,
  LadderTask,
  LadderTier,
  LoadStatus,
  QuestBackend,
  QuestError,
  Session,
  VerifyOutcome,
} from '@questboard/core';
import type { WalletState } from '@questboard/wallet';
import { html, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { describeFailure } from '../i18n/describe.js';
import type { ClaimRequestDetail, TaskActionDetail } from '../internal/actions.js';
import { isOnchainReward } from '../internal/claim-types.js';
import { QuestElement } from '../internal/quest-element.js';
import { StoreController } from '../internal/store-controller.js';
import { REWARD_PARTS, type RewardState } from '../quest-reward/quest-reward.component.js';
import type { QuestTask } from '../quest-task/quest-task.component.js';
import { TASK_PARTS } from '../quest-task/quest-task.component.js';
import { TIER_PARTS } from '../quest-tier/quest-tier.component.js';
import type { QuestWallet } from '../quest-wallet/quest-wallet.component.js';
import type { MomentLine } from './moments.js';
import { firstOpenTask, isFinishedTier, nextReward } from './path.js';
import { BoardController, type BoardState, type ClaimsState } from './quest-board.controller.js';
import { boardStyles } from './quest-board.styles.js';

export type QuestTheme = 'light' | 'dark' | 'auto';

let walletModule: Promise<unknown> | undefined;
/**
 * Loads and registers `<quest-wallet>` once (a dynamic `import()`: a chunk of its own in the
 * script-tag build). Until it is defined the board's `<quest-wallet>` is an unknown element that
 * keeps the properties set on it; Lit applies them when it upgrades.
 */
function loadWallet(): Promise<unknown> {
  walletModule ??= import('../quest-wallet/quest-wallet.js').catch((error) => {
    walletModule = undefined;
    throw error;
  });
  return walletModule;
}

let inviteModule: Promise<unknown> | undefined;
/** Loads `<quest-invite>` once, for campaigns with referrals (a chunk of its own). */
function loadInvite(): Promise<unknown> {
  inviteModule ??= import('../quest-invite/quest-invite.js').catch((error) => {
    inviteModule = undefined;
    throw error;
  });
  return inviteModule;
}
const INVITE_PARTS =
  'invite, invite-title, invite-terms, invite-prompt, invite-link, invite-copy, invite-status, invite-referrals, invite-referral, invite-referral-state, invite-referral-needs, invite-empty, invite-error';

const PROGRESS_PARTS = 'progress, progress-label, progress-text, progress-bar';
/** `<quest-wallet>`'s parts, prefixed `wallet-` so they never clash with the board's own. */
const WALLET_PARTS =
  'wallet, connect:wallet-connect, account:wallet-account, wallet-icon:wallet-wallet-icon, address:wallet-address, chain:wallet-chain, dev-badge:wallet-dev-badge, session:wallet-session, sign-in:wallet-sign-in, switch-chain:wallet-switch-chain, disconnect:wallet-disconnect, error:wallet-error, retry:wallet-retry, dismiss:wallet-dismiss, picker:wallet-picker, picker-title:wallet-picker-title, picker-close:wallet-picker-close, picker-list:wallet-picker-list, picker-option:wallet-picker-option, picker-icon:wallet-picker-icon, picker-name:wallet-picker-name, picker-hint:wallet-picker-hint, install:wallet-install, install-link:wallet-install-link';

/**
 * The quest board: loads a campaign, shows its ladder of tiers, tasks and rewards, lets the
 * visitor do and verify each task, and tells the page what happened through `quest-*` events.
 *
 * @tagname quest-board
 * @summary A campaign's quest ladder: tiers, tasks, verification, rewards, points and level.
 *
 * @event {QuestVerifyEvent} quest-verify - A verification finished, passed or not. `detail: { taskId, result }`.
 * @event {QuestCompleteEvent} quest-complete - A task was completed for the first time. `detail: { taskId, points, totalPoints }`.
 * @event {QuestUnlockEvent} quest-unlock - Tiers or tasks opened after a completion (once per transition, also when two answers land together). `detail: { tierIds, taskIds }`.
 * @event {QuestClaimEvent} quest-claim - A reward was claimed. `detail: { tierId, firstClaim }`.
 * @event {QuestLevelEvent} quest-level - The visitor reached a higher level of `campaign.levels` by their own check (never on load or reload). `detail: { level, index, previous, points }`.
 * @event {QuestStreakEvent} quest-streak - A streak grew by one period (a scheduled task's, or the campaign's). `detail: { scope: 'task' | 'campaign', taskId?, current, best }`.
 * @event {QuestRewardClaimableEvent} quest-reward-claimable - A tier's reward became claimable. `detail: { tierId, reward }`.
 * @event {QuestErrorEvent} quest-error - Loading, verifying or claiming failed. `detail: { error: QuestError, taskId? }`.
 * @event {QuestRewardSentEvent} quest-reward-sent - A badge mint or token claim was sent from the wallet. `detail: { tierId, kind, sponsored, hash?, callsId? }`.
 * @event {QuestRewardConfirmedEvent} quest-reward-confirmed - A badge mint or token claim was mined. `detail: { tierId, kind, sponsored, hash }`.
 * @event {QuestWalletRequestEvent} quest-wallet-request - A wallet task needs the wallet, or a check or claim needs a wallet or sign-in first (the backend declares `needs.signIn`, or a rule task needs an address). Cancelable: call `preventDefault()` when the page handles it (then hand the board the wallet through `provider`; the check waits and is sent once the identity arrives). `detail: { kind, taskId, chainId? }` (`taskId` is the tier id for a claim).
 *
 * @csspart base - The board's box.
 * @csspart header - Title, description, points, level and progress.
 * @csspart title - The campaign title.
 * @csspart description - The campaign description.
 * @csspart window - "Not started yet" / "Ended" notice outside the campaign window.
 * @csspart stats - Points and level.
 * @csspart points - The visitor's points.
 * @csspart level - The visitor's level.
 * @csspart next-level - Points left to the next level.
 * @csspart progress - The progress wrapper (from `<quest-progress>`).
 * @csspart invite - The invite wrapper (from `<quest-invite>`, shown when the campaign has referrals; its other parts are forwarded under their `invite-…` names).
 * @csspart progress-label - The progress label.
 * @csspart progress-text - "3 of 8 tasks done".
 * @csspart progress-bar - The progress bar.
 * @csspart path - Where to go next: the continue pointer and the next reward.
 * @csspart continue - The "Continue: <task>" button: moves focus to the first task that can be done now.
 * @csspart next-reward - "Next: <reward> — 2 tasks to go", or "Ready to claim: <reward>".
 * @csspart moment - The moment banner (tier unlocked, level reached, streak extended, reward
 *   claimable); it slides in (not under `prefers-reduced-motion`) and goes after `moment-duration`.
 *   Carries `is-<kind>` classes of its lines.
 * @csspart moment-list - Its lines.
 * @csspart moment-line - One line (also `moment-<kind>`: `moment-unlock`, `moment-level`,
 *   `moment-streak`, `moment-claimable`).
 * @csspart moment-dismiss - The banner's close button.
 * @csspart tiers - The ladder.
 * @csspart tier - A tier (and every `tier-*` part of `<quest-tier>`, e.g. `tier-toggle` of a folded finished tier).
 * @csspart task - A task (and every `task-*` part of `<quest-task>`, e.g. `task-title`).
 * @csspart reward - A reward (and every `reward-*` part of `<quest-reward>`).
 * @csspart loading - The loading message.
 * @csspart empty - The message shown without a campaign.
 * @csspart error - The error box (campaign failed to load or is invalid).
 * @csspart error-title - Its heading.
 * @csspart error-message - What went wrong.
 * @csspart error-count - How many problems the campaign has.
 * @csspart error-list - The list of problems of an invalid campaign.
 * @csspart error-item - One problem.
 * @csspart error-path - The path of the field at fault, e.g. `tiers[1].tasks[0].points`.
 * @csspart retry - The "Try again" button.
 * @csspart live - The polite live region announcing completions, unlocks and errors.
 * @csspart wallet - The wallet (`<quest-wallet>`); its parts are exported with a `wallet-` prefix:
 *   `wallet-connect`, `wallet-account`, `wallet-address`, `wallet-chain`, `wallet-dev-badge`,
 *   `wallet-session`, `wallet-sign-in`, `wallet-switch-chain`, `wallet-disconnect`, `wallet-error`,
 *   `wallet-retry`, `wallet-dismiss`, `wallet-picker`, `wallet-picker-option`, `wallet-picker-icon`,
 *   `wallet-picker-name`, `wallet-install-link`, …
 *
 * @cssproperty --quest-font-family - Font family.
 * @cssproperty --quest-font-size - Base font size.
 * @cssproperty --quest-font-size-small - Small text size.
 * @cssproperty --quest-font-size-large - Title size.
 * @cssproperty --quest-color-background - Board and task background.
 * @cssproperty --quest-color-surface - Tier background.
 * @cssproperty --quest-color-text - Text colour.
 * @cssproperty --quest-color-text-muted - Secondary text colour.
 * @cssproperty --quest-color-border - Border colour.
 * @cssproperty --quest-color-accent - Buttons, progress fill, reward border.
 * @cssproperty --quest-color-accent-contrast - Text on the accent colour.
 * @cssproperty --quest-color-success - Done and claimed states.
 * @cssproperty --quest-color-danger - Errors and failed states.
 * @cssproperty --quest-color-focus - Focus ring.
 * @cssproperty --quest-radius - Large corner radius (board, tiers).
 * @cssproperty --quest-radius-small - Small corner radius (tasks, buttons, fields).
 * @cssproperty --quest-space - Spacing unit.
 * @cssproperty --quest-space-small - Small spacing unit.
 * @cssproperty --quest-elevation - Tier shadow.
 * @cssproperty --quest-transition-duration - Transition length (none under `prefers-reduced-motion`).
 * @cssproperty --quest-board-background - The board's own background (default: `--quest-color-background`).
 * @cssproperty --quest-board-radius - The board's corner radius (default: `--quest-radius`).
 * @cssproperty --quest-moment-background - The moment banner's background (default: `--quest-color-surface`).
 * @cssproperty --quest-moment-accent - The moment banner's edge (default: `--quest-color-success`).
 */
export class QuestBoard extends QuestElement {
  static override styles = boardStyles;

  static override properties = {
    campaign: {},
    backend: { attribute: false, noAccessor: true },
    endpoint: {},
    provider: { attribute: false },
    devWallet: { type: Boolean, attribute: 'dev-wallet' },
    walletConnectProjectId: { attribute: 'walletconnect-project-id' },
    paymasterUrl: { attribute: 'paymaster-url' },
    theme: { reflect: true },
    momentDuration: { type: Number, attribute: 'moment-duration' },
    now: { attribute: false },
    announcement: { state: true, attribute: false },
    moment: { state: true, attribute: false },
  };

  /**
   * The campaign: a URL of its JSON (attribute or property; relative to the page), or the
   * campaign object itself (property). Changing it loads the new campaign.
   */
  declare campaign: string | Campaign | null | undefined;
  /**
   * Base URL of a server speaking the Questboard protocol (the reference server). With it,
   * `campaign` is the campaign's id on that server.
   */
  declare endpoint: string | undefined;
  /**
   * The host dApp's EIP-1193 provider (what wagmi, AppKit/Web3Modal, RainbowKit or ethers hold).
   * While set it is the board's only wallet: no picker is shown and the board follows its
   * account, chain and disconnect events.
   */
  declare provider: import('@questboard/wallet').EIP1193Provider | null | undefined;
  /** Offers a burner "dev wallet" (key in sessionStorage) for demos and local chains. Never in production. */
  declare devWallet: boolean;
  /** Offers WalletConnect (loaded only when picked) with this WalletConnect Cloud project id. */
  declare walletConnectProjectId: string | undefined;
  /**
   * An ERC-7677 paymaster service URL: badge mints and token claims are sponsored through it
   * (EIP-5792 `wallet_sendCalls`) when the visitor's wallet reports a `paymasterService`
   * capability for the reward's chain; otherwise they are normal transactions.
   */
  declare paymasterUrl: string | undefined;
  /** `light`, `dark`, or `auto` (follows `prefers-color-scheme`). */
  declare theme: QuestTheme;
  /**
   * How long a moment (tier unlocked, level reached, streak extended, reward claimable) stays
   * shown, in milliseconds; `0` keeps it until dismissed. Default 6000. The live region says it
   * either way.
   */
  declare momentDuration: number;
  /**
   * The campaign clock (Unix ms) the ladder and "Resets in" count from; default `Date.now`. It
   * must follow the backend's clock (a server started with `now`): for tests and demos that
   * move time. Sign-in and sessions keep the real clock.
   */
  declare now: (() => number) | undefined;
  /** The latest text for screen readers (live region). */
  declare protected announcement: string;
  /** The moment shown now. */
  declare protected moment: { id: number; lines: MomentLine[] } | null;
  #momentTimer: ReturnType<typeof setTimeout> | undefined;
  #momentId = 0;

  /** The board's coordinator: quest state, wallet state, backend, identity, sign-in. */
  readonly #board: BoardController;
  #pageBackend: QuestBackend | undefined;
  readonly #status: StoreController<LoadStatus>;
  readonly #error: StoreController<QuestError | null>;
  readonly #campaign: StoreController<Campaign | null>;
  readonly #ladder: StoreController<Ladder | null>;
  readonly #address: StoreController<Address | null>;
  readonly #session: StoreController<Session | null>;
  readonly #claims: StoreController<ClaimsState>;

  constructor() {
    super();
    this.campaign = null;
    this.theme = 'auto';
    this.announcement = '';
    this.devWallet = false;
    this.momentDuration = 6000;
    this.moment = null;
    this.#board = new BoardController(this, {
      i18n: () => this.i18n,
      now: () => (this.now ?? Date.now)(),
      requestConnection: async () => {
        if (this.#campaign.value && this.#needsWallet(this.#campaign.value)) {
          await loadWallet();
          await this.updateComplete;
        }
        const picker = this.renderRoot.querySelector<QuestWallet>('quest-wallet');
        return picker ? picker.requestConnection() : this.#board.wallet.connect();
      },
      announce: (text) => {
        this.announcement = text;
      },
      moment: (lines) => this.#showMoment(lines),
    });
    const state = this.#board.state;
    this.#status = new StoreController(this, state.$status);
    this.#error = new StoreController(this, state.$error);
    this.#campaign = new StoreController(this, state.$campaign);
    this.#ladder = new StoreController(this, state.$ladder);
    this.#address = new StoreController(this, state.$address);
    this.#session = new StoreController(this, state.$session);
    this.#claims = new StoreController(this, this.#board.claims);
  }

  // --- moments and the path (issue 13 item 5) ----------------------------------------------

  #showMoment(lines: MomentLine[]): void {
    clearTimeout(this.#momentTimer);
    const id = ++this.#momentId;
    this.moment = { id, lines };
    const duration = this.momentDuration;
    if (duration > 0)
      this.#momentTimer = setTimeout(() => {
        if (this.moment?.id === id) this.moment = null;
      }, duration);
  }

  #dismissMoment = () => {
    clearTimeout(this.#momentTimer);
    this.moment = null;
  };

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#momentTimer);
    this.moment = null;
  }

  #renderMoment() {
    const moment = this.moment;
    if (!moment) return nothing;
    const kinds = [...new Set(moment.lines.map((l) => `is-${l.kind}`))].join(' ');
    // Not a live region itself: the board's live region already says the same words.
    return html`<div part="moment" class="moment ${kinds}">
      <ul part="moment-list" class="moment-list">
        ${moment.lines.map(
          (line) =>
            html`<li part="moment-line moment-${line.kind}" class="moment-line">${line.text}</li>`,
        )}
      </ul>
      <button
        part="moment-dismiss"
        class="button secondary moment-dismiss"
        type="button"
        @click=${this.#dismissMoment}
      >
        ${this.i18n.t('moment.dismiss')}
      </button>
    </div>`;
  }

  #renderPath(ladder: Ladder) {
    const i18n = this.i18n;
    const open = firstOpenTask(ladder);
    const next = nextReward(ladder);
    if (!open && !next) return nothing;
    return html`<div part="path" class="path">
      ${
        open
          ? html`<button
              part="continue"
              class="button continue"
              type="button"
              data-task=${open.task.id}
              @click=${this.#onContinue}
            >
              ${i18n.t('path.continue', { task: open.task.title })}
            </button>`
          : nothing
      }
      ${
        next
          ? html`<span part="next-reward" class="next-reward"
              >${
                next.kind === 'ready'
                  ? i18n.t('path.ready', { reward: next.reward })
                  : i18n.t('path.next', { reward: next.reward, n: next.toGo })
              }</span
            >`
          : nothing
      }
    </div>`;
  }

  /** Moves focus to the first open task's first control (its state text when it has none). */
  #onContinue = (event: Event) => {
    const id = (event.currentTarget as HTMLElement).dataset.task;
    const el = [...this.renderRoot.querySelectorAll<QuestTask>('quest-task')].find(
      (t) => t.entry?.task.id === id,
    );
    const root = el?.shadowRoot;
    if (!el || !root) return;
    const target =
      root.querySelector<HTMLElement>(
        '.body a[href], .body button:not([disabled]), .body input:not([disabled]), .body textarea',
      ) ?? root.querySelector<HTMLElement>('#state');
    el.scrollIntoView({ block: 'nearest' });
    target?.focus();
  };

  // --- end moments ---------------------------------------------------------------------------

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = super.createRenderRoot();
    // A failure its `<quest-wallet>` reports is the board's to report, once (with its task).
    root.addEventListener('quest-error', (event) =>
      this.#board.forwardError(event as CustomEvent<{ error: QuestError }>),
    );
    return root;
  }

  /**
   * Where progress is verified and stored. Default: an `httpBackend({ endpoint })` when
   * `endpoint` is set (it needs a signed-in wallet: the board asks for one before verifying),
   * else a `memoryBackend()` (localStorage). Both load on demand (a dynamic `import()` that
   * starts as soon as the board needs it). A backend set here wins over `endpoint`.
   */
  get backend(): QuestBackend {
    return this.#board.backend;
  }

  set backend(value: QuestBackend | null | undefined) {
    const old = this.#pageBackend;
    this.#pageBackend = value ?? undefined;
    this.requestUpdate('backend', old);
  }

  /**
   * The board's wallet state (`@questboard/wallet`'s `createWalletState`): account, chain,
   * session, and the actions that change them. The wallet is the board's only source of
   * identity: connecting, switching account or signing in here is what the board follows.
   */
  get wallet(): WalletState {
    return this.#board.wallet;
  }

  /**
   * The board's quest state, read-only (`@questboard/core`'s `createQuestState` stores):
   * `$campaign`, `$status`, `$error`, `$address`, `$session`, `$progress`, `$pending`, `$ladder`.
   * It changes only through the board's actions (`verifyTask`, `claimTier`, `reload`) and its
   * wallet.
   */
  get state(): BoardState {
    return this.#board.state;
  }

  /** Settles when the current campaign load has finished (loaded or failed). */
  get loadComplete(): Promise<void> {
    // A campaign set just now starts loading in the next update: wait for that update first.
    return this.updateComplete.then(() => this.#board.loaded);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.#board.configure({
      campaign: this.campaign,
      endpoint: this.endpoint,
      backend: this.#pageBackend,
      provider: this.provider,
      devWallet: this.devWallet,
      walletConnectProjectId: this.walletConnectProjectId,
    });
  }

  /** Loads the campaign again (e.g. after a network error). */
  reload(): Promise<void> {
    return this.#board.reload();
  }

  /**
   * Verifies a task as its controls do, firing `quest-verify`, `quest-complete`,
   * `quest-unlock` or `quest-error`. When the backend needs a signed-in wallet (or the task a
   * wallet) and there is none yet, the board asks for it first (`quest-wallet-request`, then its
   * own picker and sign-in) and the task shows "Sign in to continue" until then; it is verified as
   * soon as the visitor has signed in. For wallet integrations: call it once the wallet did what
   * a `quest-wallet-request` asked (with `{ chainId }` for `wallet.chain` tasks).
   * Resolves with the outcome, or `null` when it failed with an error, was discarded, or waits for
   * the visitor.
   */
  verifyTask(
    taskId: string,
    input?: string,
    extra: { chainId?: number } = {},
  ): Promise<VerifyOutcome | null> {
    return this.#board.verify(taskId, input, extra);
  }

  /** Claims a tier's reward as its button does, firing `quest-claim` or `quest-error`. */
  async claimTier(tierId: string): Promise<void> {
    await this.#board.claim(tierId);
  }

  #onTaskAction = (event: CustomEvent<TaskActionDetail>) => {
    event.stopPropagation();
    const { taskId, action, input } = event.detail;
    if (action === 'edit') this.#board.clearFailure(taskId);
    else if (action === 'verify') void this.verifyTask(taskId, input);
    else void this.#board.walletTask(taskId);
  };

  #onClaimRequest = (event: CustomEvent<ClaimRequestDetail>) => {
    event.stopPropagation();
    void this.claimTier(event.detail.tierId);
  };

  #titleOf = (taskId: string): string => this.#board.findTask(taskId)?.title ?? taskId;

  /** The failure wording, loaded with the first failed check (it stays out of the script-tag file). */
  #describe: typeof describeFailure | undefined;
  #describeLoad: Promise<void> | undefined;

  /** A failed rule check in the campaign's own words and units, when there is more to say. */
  #failureText(entry: LadderTask): string | undefined {
    const failure = entry.failure;
    const campaign = this.#campaign.value;
    if (!failure || !campaign || failure.error.code !== 'VERIFY_FAILED') return undefined;
    const describe = this.#describe;
    if (!describe) {
      this.#describeLoad ??= import('../i18n/describe.js').then(
        (m) => {
          this.#describe = m.describeFailure;
          this.requestUpdate();
        },
        () => {
          this.#describeLoad = undefined; // the backend's own reason is shown meanwhile
        },
      );
      return undefined;
    }
    return (
      describe(this.i18n, campaign, entry.task, {
        code: failure.error.code,
        ...(failure.current === undefined ? {} : { current: failure.current }),
        ...(failure.target === undefined ? {} : { target: failure.target }),
      }) ?? undefined
    );
  }

  override render() {
    return html`<div part="base" class="board" role="region" aria-label=${this.#label()}>
      ${this.#renderContent()}
      <div part="live" class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    </div>`;
  }

  #label(): string {
    return this.#campaign.value?.title ?? this.i18n.t('board.label');
  }

  #renderContent() {
    const i18n = this.i18n;
    if (!this.campaign) return html`<p part="empty" class="message">${i18n.t('board.empty')}</p>`;
    const status = this.#status.value;
    if (status === 'error') return this.#renderError();
    const campaign = this.#campaign.value;
    const ladder = this.#ladder.value;
    if (status !== 'ready' || !campaign || !ladder)
      return html`<p part="loading" class="message" role="status">${i18n.t('board.loading')}</p>`;
    return html`${this.#renderHeader(campaign, ladder)}${this.#renderMoment()}${
      ladder.tiers.length
        ? this.#renderLadder(campaign, ladder)
        : html`<p part="empty" class="message">${i18n.t('board.empty')}</p>`
    }${campaign.referral ? this.#renderInvite(campaign) : nothing}`;
  }

  /** The invite link and invited friends, for campaigns with referrals. */
  #renderInvite(campaign: Campaign) {
    loadInvite().catch(() => {});
    return html`<quest-invite
      exportparts=${INVITE_PARTS}
      .backend=${this.backend}
      .campaign=${campaign}
      .address=${this.#address.value}
      .session=${this.#session.value}
      .locale=${this.i18n.locale}
    ></quest-invite>`;
  }

  /** The wallet is shown when a task needs it or the page configured one. */
  #needsWallet(campaign: Campaign): boolean {
    const needed = this.#needsWalletNow(campaign);
    // A failed chunk load is retried by the next render or by requestConnection (which reports it).
    if (needed) loadWallet().catch(() => {});
    return needed;
  }

  #needsWalletNow(campaign: Campaign): boolean {
    if (this.provider || this.devWallet || this.walletConnectProjectId || this.endpoint)
      return true;
    return campaign.tiers.some(
      (tier) =>
        isOnchainReward(tier.reward) ||
        tier.tasks.some(
          (task) => task.kind !== 'visit' && task.kind !== 'quiz' && task.kind !== 'input',
        ),
    );
  }

  #renderHeader(campaign: Campaign, ladder: Ladder) {
    const i18n = this.i18n;
    const { level, next } = ladder.level;
    return html`<div part="header" class="header">
      <h2 part="title" class="title">${campaign.title}</h2>
      ${campaign.description ? html`<p part="description" class="description">${campaign.description}</p>` : nothing}
      ${
        ladder.window === 'live'
          ? nothing
          : html`<p part="window" class="window">${i18n.t(`board.${ladder.window}`)}</p>`
      }
      <div part="stats" class="stats">
        <span part="points" class="points">${i18n.t('board.points', { n: ladder.points })}</span>
        ${level ? html`<span part="level" class="level">${i18n.t('board.level', { level: level.name })}</span>` : nothing}
        ${
          next
            ? html`<span part="next-level" class="next-level"
                >${i18n.t('board.nextLevel', { n: next.minPoints - ladder.points, level: next.name })}</span
              >`
            : nothing
        }
      </div>
      ${
        this.#needsWallet(campaign)
          ? html`<quest-wallet
              exportparts=${WALLET_PARTS}
              .wallet=${this.#board.wallet}
              .backend=${this.backend}
              .chains=${campaign.chains}
              .locale=${i18n.locale}
              .statement=${i18n.t('wallet.statement', { campaign: campaign.title })}
            ></quest-wallet>`
          : nothing
      }
      <quest-progress
        exportparts=${PROGRESS_PARTS}
        .value=${ladder.done}
        .max=${ladder.total}
        .locale=${i18n.locale}
      ></quest-progress>
      ${this.#renderPath(ladder)}
    </div>`;
  }

  #renderLadder(campaign: Campaign, ladder: Ladder) {
    const locale = this.i18n.locale;
    const address = this.#address.value;
    const signedIn = !!this.#session.value;
    const titles = new Map(campaign.tiers.map((t) => [t.id, t] as const));
    return html`<div
      part="tiers"
      class="tiers"
      @quest-task-action=${this.#onTaskAction}
      @quest-claim-request=${this.#onClaimRequest}
    >
      ${repeat(
        ladder.tiers,
        (entry) => entry.tier.id,
        (entry) => this.#renderTier(entry, titles, locale, address, signedIn),
      )}
    </div>`;
  }

  #renderTier(
    entry: LadderTier,
    tiers: Map<string, Campaign['tiers'][number]>,
    locale: string,
    address: string | null,
    signedIn: boolean,
  ) {
    const named = entry.tier.unlock?.after;
    const after = named !== undefined ? tiers.get(named) : undefined;
    const reward = entry.tier.reward;
    const rewardState: RewardState =
      entry.state === 'claimed' ? 'claimed' : entry.claimable ? 'claimable' : 'locked';
    const onchain = isOnchainReward(reward) ? reward : undefined;
    return html`<quest-tier
      exportparts=${TIER_PARTS}
      .tier=${entry}
      .afterTitle=${after?.title}
      .afterTotal=${after?.tasks.length}
      .foldable=${isFinishedTier(entry, !!onchain)}
      .locale=${locale}
    >
      ${repeat(
        entry.tasks,
        (task) => task.task.id,
        (task) =>
          html`<quest-task
            role="listitem"
            exportparts=${TASK_PARTS}
            .entry=${task}
            .failureText=${this.#failureText(task)}
            .titleOf=${this.#titleOf}
            .address=${task.task.kind.startsWith('wallet.') ? address : null}
            .signedIn=${task.task.kind === 'wallet.signIn' && signedIn}
            .now=${this.now}
            .locale=${locale}
          ></quest-task>`,
      )}
      ${
        reward
          ? html`<quest-reward
              slot="reward"
              exportparts=${REWARD_PARTS}
              .reward=${reward}
              .tierId=${entry.tier.id}
              .state=${rewardState}
              .busy=${this.#claims.value.busy.has(entry.tier.id)}
              .error=${this.#claims.value.errors.get(entry.tier.id) ?? null}
              .delivery=${this.#claims.value.deliveries.get(entry.tier.id)}
              .wallet=${onchain ? this.#board.wallet : undefined}
              .backend=${onchain ? this.backend : undefined}
              .campaignId=${this.#campaign.value?.id ?? ''}
              .chain=${onchain ? this.#campaign.value?.chains?.[String(onchain.chainId)] : undefined}
              .paymasterUrl=${this.paymasterUrl}
              .locale=${locale}
            ></quest-reward>`
          : nothing
      }
    </quest-tier>`;
  }

  #renderError() {
    const i18n = this.i18n;
    const error = this.#error.value;
    const issues = error?.issues ?? [];
    return html`<div part="error" class="error" role="alert">
      <h2 part="error-title" class="error-title">${i18n.t('board.errorTitle')}</h2>
      ${error ? html`<p part="error-message">${i18n.error(error)}</p>` : nothing}
      ${
        issues.length
          ? html`<p part="error-count">${i18n.t('board.issues', { n: issues.length })}</p>
              <ul part="error-list">
                ${issues.map(
                  (issue) =>
                    html`<li part="error-item">
                      <code part="error-path">${issue.path || '(root)'}</code>: ${issue.message}
                    </li>`,
                )}
              </ul>`
          : nothing
      }
      ${
        error?.code === 'CAMPAIGN_FETCH_FAILED' || error?.retryable
          ? html`<button part="retry" class="button secondary retry" type="button" @click=${() => this.reload()}>
              ${i18n.t('board.retry')}
            </button>`
          : nothing
      }
    </div>`;
  }
}
