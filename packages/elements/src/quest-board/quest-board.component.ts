import {
  type Address,
  type Campaign,
  createQuestState,
  type Ladder,
  type LadderTask,
  type LadderTier,
  type LoadStatus,
  lazyBackend,
  type QuestBackend,
  type QuestError,
  type QuestState,
  type Session,
  toQuestError,
  type VerifyOutcome,
} from '@questboard/core';
import {
  createWalletState,
  isWalletTask,
  linkIdentity,
  performWalletTask,
  type WalletState,
} from '@questboard/wallet';
import { html, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { questEvent } from '../events.js';
import type { ClaimRequestDetail, TaskActionDetail } from '../internal/actions.js';
import { QuestElement } from '../internal/quest-element.js';
import { StoreController } from '../internal/store-controller.js';
import { REWARD_PARTS, type RewardState } from '../quest-reward/quest-reward.component.js';
import { TASK_PARTS } from '../quest-task/quest-task.component.js';
import { TIER_PARTS } from '../quest-tier/quest-tier.component.js';
import type { QuestWallet } from '../quest-wallet/quest-wallet.component.js';
import { boardStyles } from './quest-board.styles.js';

export type QuestTheme = 'light' | 'dark' | 'auto';

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
 * @event {QuestUnlockEvent} quest-unlock - Tiers or tasks opened after a completion. `detail: { tierIds, taskIds }`.
 * @event {QuestClaimEvent} quest-claim - A reward was claimed. `detail: { tierId, firstClaim }`.
 * @event {QuestErrorEvent} quest-error - Loading, verifying or claiming failed. `detail: { error: QuestError, taskId? }`.
 * @event {QuestWalletRequestEvent} quest-wallet-request - A wallet task needs the wallet (cancelable; call `preventDefault()` when the page handles it). `detail: { kind, taskId, chainId? }`.
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
 * @csspart progress-label - The progress label.
 * @csspart progress-text - "3 of 8 tasks done".
 * @csspart progress-bar - The progress bar.
 * @csspart tiers - The ladder.
 * @csspart tier - A tier (and every `tier-*` part of `<quest-tier>`).
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
    theme: { reflect: true },
    announcement: { state: true, attribute: false },
    claiming: { state: true, attribute: false },
    claimErrors: { state: true, attribute: false },
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
  /** `light`, `dark`, or `auto` (follows `prefers-color-scheme`). */
  declare theme: QuestTheme;
  /** The latest text for screen readers (live region). */
  declare protected announcement: string;
  /** Tiers whose claim is in flight. */
  declare protected claiming: ReadonlySet<string>;
  /** The last claim error per tier. */
  declare protected claimErrors: ReadonlyMap<string, QuestError>;

  readonly #state: QuestState;
  readonly #status: StoreController<LoadStatus>;
  readonly #error: StoreController<QuestError | null>;
  readonly #campaign: StoreController<Campaign | null>;
  readonly #ladder: StoreController<Ladder | null>;
  readonly #address: StoreController<Address | null>;
  readonly #session: StoreController<Session | null>;
  readonly #wallet: WalletState;
  #unlinkWallet: (() => void) | undefined;
  /** The backend the page set, if any. */
  #pageBackend: QuestBackend | undefined;
  /** The backend chosen from `endpoint` (or the memory default), kept while its key holds. */
  #autoBackend: { key: string; backend: QuestBackend } | undefined;
  #devWalletFor: Campaign | null | undefined;
  #load: Promise<void> = Promise.resolve();
  /** Progress pushed by the backend (another tab, a server): what it is subscribed to. */
  #subscription: { key: string; backend: QuestBackend; off: () => void } | undefined;

  constructor() {
    super();
    this.campaign = null;
    this.theme = 'auto';
    this.announcement = '';
    this.claiming = new Set();
    this.claimErrors = new Map();
    this.#state = createQuestState({ backend: lazyBackend(() => Promise.resolve(this.backend)) });
    this.#status = new StoreController(this, this.#state.$status);
    this.#error = new StoreController(this, this.#state.$error);
    this.#campaign = new StoreController(this, this.#state.$campaign);
    this.#ladder = new StoreController(this, this.#state.$ladder);
    this.#address = new StoreController(this, this.#state.$address);
    this.#session = new StoreController(this, this.#state.$session);
    this.devWallet = false;
    this.#wallet = createWalletState({ autoReconnect: true });
  }

  /**
   * Where progress is verified and stored. Default: an `httpBackend({ endpoint })` when
   * `endpoint` is set, else a `memoryBackend()` (localStorage). Both load on demand (a dynamic
   * `import()` that starts as soon as the board needs it). A backend set here wins over `endpoint`.
   */
  get backend(): QuestBackend {
    if (this.#pageBackend) return this.#pageBackend;
    const campaignId = typeof this.campaign === 'string' ? this.campaign : undefined;
    const key = this.endpoint ? `${this.endpoint}\n${campaignId ?? ''}` : '';
    if (this.#autoBackend?.key !== key) {
      const endpoint = this.endpoint;
      const backend = endpoint
        ? lazyBackend(
            () =>
              import('@questboard/core/http').then(({ httpBackend }) =>
                httpBackend({ endpoint, ...(campaignId ? { campaignId } : {}) }),
              ),
            { prefetch: typeof window !== 'undefined' },
          )
        : lazyBackend(
            () => import('@questboard/core/memory').then(({ memoryBackend }) => memoryBackend()),
            {
              prefetch: typeof window !== 'undefined',
            },
          );
      this.#autoBackend = { key, backend };
    }
    return this.#autoBackend.backend;
  }

  set backend(value: QuestBackend | null | undefined) {
    const old = this.#pageBackend;
    this.#pageBackend = value ?? undefined;
    this.requestUpdate('backend', old);
  }

  /** The board's wallet state (`@questboard/wallet`'s `createWalletState`): account, chain, session. */
  get wallet(): WalletState {
    return this.#wallet;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Progress and sessions belong to the wallet's account: follow it.
    this.#unlinkWallet ??= linkIdentity(this.#wallet, this.#state);
  }

  /**
   * The board's headless state (`@questboard/core`'s `createQuestState`): stores and actions,
   * e.g. `state.setIdentity(address, session)` when a wallet connects.
   */
  get state(): QuestState {
    return this.#state;
  }

  /** Settles when the current campaign load has finished (loaded or failed). */
  get loadComplete(): Promise<void> {
    // A campaign set just now starts loading in the next update: wait for that update first.
    return this.updateComplete.then(() => this.#load);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('provider')) this.#wallet.setProvider(this.provider ?? null);
    if (changed.has('walletConnectProjectId'))
      this.#wallet.setWalletConnect(
        this.walletConnectProjectId ? { projectId: this.walletConnectProjectId } : null,
      );
    if (changed.has('endpoint') || changed.has('campaign'))
      this.#wallet.setSessionScope(
        this.endpoint ??
          (typeof this.campaign === 'string' ? this.campaign : (this.campaign?.id ?? '')),
      );
    this.#syncDevWallet();
    const backend = this.backend;
    const backendChanged = backend !== this.#state.backend;
    if (backendChanged) this.#state.setBackend(backend);
    if (changed.has('campaign') || backendChanged) this.#startLoad();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.#syncSubscription();
    this.#syncDevWallet();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unlinkWallet?.();
    this.#unlinkWallet = undefined;
    this.#subscription?.off();
    this.#subscription = undefined;
  }

  /** The dev wallet starts on the campaign's first chain and sends through its RPC URL. */
  #syncDevWallet(): void {
    const campaign = this.#campaign.value;
    const key = this.devWallet ? campaign : undefined;
    if (key === this.#devWalletFor && this.#devWalletFor !== undefined) return;
    this.#devWalletFor = key;
    if (!this.devWallet) {
      this.#wallet.setDevWallet(false);
      return;
    }
    const chains = Object.entries(campaign?.chains ?? {});
    const rpcUrls = Object.fromEntries(
      chains.flatMap(([id, chain]) => (chain.rpcUrls[0] ? [[Number(id), chain.rpcUrls[0]]] : [])),
    );
    const first = chains[0];
    this.#wallet.setDevWallet(
      first
        ? {
            chainId: Number(first[0]),
            chainIds: chains.map(([id]) => Number(id)),
            rpcUrls,
            ...(first[1].rpcUrls[0] ? { rpcUrl: first[1].rpcUrls[0] } : {}),
          }
        : true,
    );
  }

  /** Follows progress made elsewhere (another tab) when the backend can push it. */
  #syncSubscription(): void {
    const campaign = this.#campaign.value;
    const address = this.#address.value;
    const backend = this.backend;
    const key = campaign && backend.subscribe ? `${campaign.id}\n${address ?? ''}` : '';
    const current = this.#subscription;
    if (current && current.key === key && current.backend === backend) return;
    current?.off();
    this.#subscription = undefined;
    if (!campaign || !backend.subscribe) return;
    const off = backend.subscribe(campaign.id, address, () => void this.#state.refresh());
    this.#subscription = { key, backend, off };
  }

  /** Loads the campaign again (e.g. after a network error). */
  reload(): Promise<void> {
    this.#startLoad();
    return this.#load;
  }

  #startLoad(): void {
    const ref = this.campaign;
    if (!ref) return;
    this.claimErrors = new Map();
    const load = this.#state.load(ref).then(() => {
      if (this.#load !== load) return;
      const error = this.#state.$error.get();
      if (this.#state.$status.get() === 'error' && error) {
        this.#announce(this.i18n.error(error));
        this.dispatchEvent(questEvent('quest-error', { error }));
      }
    });
    this.#load = load;
  }

  /**
   * Verifies a task as its controls do, firing `quest-verify`, `quest-complete`,
   * `quest-unlock` or `quest-error`. For wallet integrations: call it once the wallet did what
   * a `quest-wallet-request` asked (with `{ chainId }` for `wallet.chain` tasks).
   * Resolves with the outcome, or `null` when it failed with an error or was discarded.
   */
  async verifyTask(
    taskId: string,
    input?: string,
    extra: { chainId?: number } = {},
  ): Promise<VerifyOutcome | null> {
    const entry = this.#findTask(taskId);
    const title = entry?.task.title ?? taskId;
    const wasDone = entry?.state === 'done';
    let outcome: VerifyOutcome | null;
    try {
      outcome = await this.#withSignIn(taskId, () => this.#state.verify(taskId, input, extra));
    } catch (error) {
      const questError = toQuestError(error);
      this.#announce(
        this.i18n.t('live.failed', { task: title, message: this.i18n.error(questError) }),
      );
      this.dispatchEvent(questEvent('quest-error', { error: questError, taskId }));
      return null;
    }
    if (!outcome) return null;
    const { result, change } = outcome;
    this.dispatchEvent(questEvent('quest-verify', { taskId, result }));
    const messages: string[] = [];
    if (result.ok && !wasDone) {
      const points = entry?.task.points ?? 0;
      messages.push(this.i18n.t('live.completed', { task: title, n: points }));
      const totalPoints = this.#state.$ladder.get()?.points ?? 0;
      this.dispatchEvent(questEvent('quest-complete', { taskId, points, totalPoints }));
    } else if (!result.ok) {
      messages.push(
        this.i18n.t('live.failed', {
          task: title,
          message: this.i18n.error({ code: result.code, shortMessage: result.reason }),
        }),
      );
    }
    if (change.unlockedTiers.length || change.unlockedTasks.length) {
      const ladder = this.#state.$ladder.get();
      for (const tierId of change.unlockedTiers) {
        const tier = ladder?.tiers.find((t) => t.tier.id === tierId);
        messages.push(this.i18n.t('live.unlocked', { tier: tier?.tier.title ?? tierId }));
      }
      this.dispatchEvent(
        questEvent('quest-unlock', {
          tierIds: change.unlockedTiers,
          taskIds: change.unlockedTasks,
        }),
      );
    }
    if (messages.length) this.#announce(messages.join(' '));
    return outcome;
  }

  /**
   * Runs `action`; when the backend records progress per signed-in address (the reference
   * server) and answers that a wallet or sign-in is needed, connects and signs in through the
   * board's wallet and runs it once more.
   */
  async #withSignIn<T>(id: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      const code = toQuestError(error).code;
      if (
        (code !== 'SIGN_IN_REQUIRED' && code !== 'WALLET_REQUIRED') ||
        !(await this.#signInForBackend(id, code === 'SIGN_IN_REQUIRED'))
      )
        throw error;
      return action();
    }
  }

  /**
   * Connects (opening the picker when there is a choice) and signs in with the board's own
   * wallet, then takes that identity. Resolves false when the page handles wallets itself.
   */
  async #signInForBackend(taskId: string, signIn: boolean): Promise<boolean> {
    const request = questEvent(
      'quest-wallet-request',
      { kind: signIn ? 'wallet.signIn' : 'wallet.connect', taskId },
      { cancelable: true },
    );
    if (!this.dispatchEvent(request)) return false;
    if (!this.#wallet.$account.get()) {
      const picker = this.renderRoot.querySelector<QuestWallet>('quest-wallet');
      if (picker) await picker.requestConnection();
      else await this.#wallet.connect();
    }
    const campaign = this.#state.$campaign.get();
    const session = signIn
      ? await this.#wallet.signIn(this.backend, {
          statement: this.i18n.t('wallet.statement', { campaign: campaign?.title ?? '' }),
        })
      : this.#wallet.$session.get();
    await this.#state.setIdentity(this.#wallet.$account.get(), session);
    return true;
  }

  /** Claims a tier's reward as its button does, firing `quest-claim` or `quest-error`. */
  async claimTier(tierId: string): Promise<void> {
    if (this.claiming.has(tierId)) return;
    this.claiming = new Set([...this.claiming, tierId]);
    const errors = new Map(this.claimErrors);
    errors.delete(tierId);
    this.claimErrors = errors;
    try {
      const result = await this.#withSignIn(tierId, () => this.#state.claim(tierId));
      if (!result) return;
      const tier = this.#state.$campaign.get()?.tiers.find((t) => t.id === tierId);
      this.#announce(this.i18n.t('live.claimed', { reward: tier?.reward?.title ?? tierId }));
      this.dispatchEvent(questEvent('quest-claim', { tierId, firstClaim: result.firstClaim }));
    } catch (error) {
      const questError = toQuestError(error);
      this.claimErrors = new Map(this.claimErrors).set(tierId, questError);
      this.#announce(this.i18n.error(questError));
      this.dispatchEvent(questEvent('quest-error', { error: questError }));
    } finally {
      const claiming = new Set(this.claiming);
      claiming.delete(tierId);
      this.claiming = claiming;
    }
  }

  #findTask(taskId: string): LadderTask | undefined {
    for (const tier of this.#state.$ladder.get()?.tiers ?? []) {
      const found = tier.tasks.find((t) => t.task.id === taskId);
      if (found) return found;
    }
    return undefined;
  }

  #announce(text: string): void {
    this.announcement = text;
  }

  #onTaskAction = (event: CustomEvent<TaskActionDetail>) => {
    event.stopPropagation();
    const { taskId, action, input } = event.detail;
    if (action === 'edit') this.#state.clearFailure(taskId);
    else if (action === 'verify') void this.verifyTask(taskId, input);
    else this.#requestWallet(taskId);
  };

  #onClaimRequest = (event: CustomEvent<ClaimRequestDetail>) => {
    event.stopPropagation();
    void this.claimTier(event.detail.tierId);
  };

  /** A wallet task's button: verify when the wallet already did its part, else ask the page. */
  #requestWallet(taskId: string): void {
    const task = this.#findTask(taskId)?.task;
    if (!task) return;
    const address = this.#state.$address.get();
    if (task.kind === 'wallet.connect' && address) {
      void this.verifyTask(taskId);
      return;
    }
    if (task.kind === 'wallet.signIn' && address && this.#state.$session.get()) {
      void this.verifyTask(taskId);
      return;
    }
    if (
      task.kind !== 'wallet.connect' &&
      task.kind !== 'wallet.signIn' &&
      task.kind !== 'wallet.chain'
    )
      return;
    const request = questEvent(
      'quest-wallet-request',
      {
        kind: task.kind,
        taskId,
        ...(task.kind === 'wallet.chain' ? { chainId: task.chainId } : {}),
      },
      { cancelable: true },
    );
    if (!this.dispatchEvent(request)) return;
    void this.#doWalletTask(taskId);
  }

  /**
   * The board's own wallet side of a `wallet.*` task: connect (opening the wallet picker when
   * there is a choice), sign in, or switch chain; then verify. Errors are shown on the task.
   */
  async #doWalletTask(taskId: string): Promise<void> {
    const task = this.#findTask(taskId)?.task;
    const campaign = this.#state.$campaign.get();
    if (!task || !campaign || !isWalletTask(task)) return;
    const guard = this.#wallet.accountGuard();
    try {
      if (!this.#wallet.$account.get()) {
        const picker = this.renderRoot.querySelector<QuestWallet>('quest-wallet');
        if (picker) await picker.requestConnection();
        else await this.#wallet.connect();
      }
      const { chainId } = await performWalletTask(this.#wallet, task, {
        campaign,
        backend: this.backend,
        signIn: { statement: this.i18n.t('wallet.statement', { campaign: campaign.title }) },
      });
      // The wallet side may have changed the identity (connect, sign-in): let it land first.
      await new Promise<void>((resolve) => queueMicrotask(resolve));
      await this.#state.setIdentity(this.#wallet.$account.get(), this.#wallet.$session.get());
      if (task.kind !== 'wallet.connect' && !guard.isCurrent() && guard.address) return;
      await this.verifyTask(taskId, undefined, chainId === undefined ? {} : { chainId });
    } catch (error) {
      const questError = toQuestError(error);
      this.#state.$pending.setKey(taskId, { state: 'failed', error: questError });
      this.#announce(
        this.i18n.t('live.failed', { task: task.title, message: this.i18n.error(questError) }),
      );
      this.dispatchEvent(questEvent('quest-error', { error: questError, taskId }));
    }
  }

  #titleOf = (taskId: string): string => {
    for (const tier of this.#state.$campaign.get()?.tiers ?? []) {
      const task = tier.tasks.find((t) => t.id === taskId);
      if (task) return task.title;
    }
    return taskId;
  };

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
    return html`${this.#renderHeader(campaign, ladder)}${
      ladder.tiers.length
        ? this.#renderLadder(campaign, ladder)
        : html`<p part="empty" class="message">${i18n.t('board.empty')}</p>`
    }`;
  }

  /** The wallet is shown when a task needs it or the page configured one. */
  #needsWallet(campaign: Campaign): boolean {
    if (this.provider || this.devWallet || this.walletConnectProjectId || this.endpoint)
      return true;
    return campaign.tiers.some((tier) =>
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
              .wallet=${this.#wallet}
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
    const after = entry.tier.unlock ? tiers.get(entry.tier.unlock.after) : undefined;
    const reward = entry.tier.reward;
    const rewardState: RewardState =
      entry.state === 'claimed' ? 'claimed' : entry.claimable ? 'claimable' : 'locked';
    return html`<quest-tier
      exportparts=${TIER_PARTS}
      .tier=${entry}
      .afterTitle=${after?.title}
      .afterTotal=${after?.tasks.length}
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
            .titleOf=${this.#titleOf}
            .address=${task.task.kind.startsWith('wallet.') ? address : null}
            .signedIn=${task.task.kind === 'wallet.signIn' && signedIn}
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
              .busy=${this.claiming.has(entry.tier.id)}
              .error=${this.claimErrors.get(entry.tier.id) ?? null}
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
