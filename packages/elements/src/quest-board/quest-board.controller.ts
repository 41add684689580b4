import {
  type Address,
  type Campaign,
  type ClaimResult,
  createQuestState,
  lazyBackend,
  type QuestBackend,
  QuestError,
  type QuestState,
  type RewardDelivery,
  type Session,
  type Task,
  toQuestError,
  type VerifyOutcome,
} from '@questboard/core';
import {
  createWalletState,
  isWalletTask,
  performWalletTask,
  type WalletState,
} from '@questboard/wallet';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { atom, type ReadableAtom } from 'nanostores';
import { questEvent } from '../events.js';
import type { Translator } from '../i18n/index.js';
import type { Beacon } from '../internal/beacon.js';
import { isOnchainReward } from '../internal/claim-types.js';
import { lazyMemoryBackend } from '../internal/memory-backend.js';
import { isNextStep, needsSignIn, nextStepMessage } from '../internal/next-step.js';
import type { MomentLine } from './moments.js';
import { MomentTracker } from './path.js';

/** What the board's wallet and backend are configured from (the element's properties). */
export interface BoardConfig {
  campaign: string | Campaign | null | undefined;
  endpoint: string | undefined;
  /** The page's backend, when it set one (wins over `endpoint`). */
  backend: QuestBackend | undefined;
  provider: unknown;
  devWallet: boolean;
  walletConnectProjectId: string | undefined;
}

/** What the controller needs from the element it serves. */
export interface BoardHostHooks {
  /** The element's translator (messages, errors). */
  i18n(): Translator;
  /** Asks the visitor to connect a wallet (opens the picker); rejects when they decline. */
  requestConnection(): Promise<unknown>;
  /** Says something to screen readers (the live region). */
  announce(text: string): void;
  /** Shows a moment (tier unlocked, level reached, streak extended, reward claimable). */
  moment?(lines: MomentLine[]): void;
  /** The campaign clock (Unix ms) the ladder derives periods and windows from. */
  now(): number;
}

/** The element the controller serves: it re-renders on request and fires the board's events. */
type BoardHost = ReactiveControllerHost & EventTarget;

/** The quest state as views see it: stores to read, never to write. */
export type BoardState = {
  readonly [K in keyof QuestState as K extends `$${string}` ? K : never]: ReadableAtom<
    QuestState[K] extends ReadableAtom<infer V> ? V : never
  >;
} & {
  /** The backend progress is verified and stored by. */
  readonly backend: QuestBackend;
};

/** Claims in flight, the last claim error per tier, and what each claim said to do on chain. */
export interface ClaimsState {
  busy: ReadonlySet<string>;
  errors: ReadonlyMap<string, QuestError>;
  /** The backend's `delivery` of the last claim per tier (a badge voucher, a token amount and proof). */
  deliveries: ReadonlyMap<string, RewardDelivery>;
}

/** What a queued verification waits for before it is sent. */
type Need = 'wallet' | 'signIn';

interface Queued {
  need: Need;
  input?: string;
  extra: { chainId?: number };
}

/** Task kinds checked without a wallet (by any backend). */
const NO_WALLET_KINDS = new Set<Task['kind']>(['visit', 'quiz', 'input']);

/**
 * Boards of one page that show the same campaign from the same backend for the same visitor
 * share what they learn: a completion on one refreshes the others.
 */
const hub = new EventTarget();
const backendIds = new WeakMap<QuestBackend, number>();
let nextBackendId = 0;

/**
 * The board's coordinator (a Lit reactive controller, headless: no rendering). It owns the
 * quest state (`createQuestState`), the wallet state (`createWalletState`) and the backend,
 * and is the one place that turns a visitor's intent (verify, claim, a wallet task) into calls:
 *
 * - Identity has one channel: the wallet's account and session. Whatever changes them (the
 *   picker, a host provider, a restored wallet, a sign-in) reaches the quest state through it.
 *   Progress made without a wallet is carried over to the address that connects
 *   (`backend.adoptAnonymous`).
 * - A backend declares what it needs (`backend.needs.signIn`): the controller asks the visitor
 *   for the wallet and a sign-in before the call. What cannot be sent yet waits in a queue
 *   ("Sign in to continue" on the task) and is sent once the identity arrives; the visitor never
 *   repeats a task. A session the backend refuses is dropped (signed out, a Sign in action) and
 *   the refused verification waits for the next sign-in.
 * - Views get read-only stores (`state`, `claims`) and call actions (`verify`, `claim`,
 *   `walletTask`, `clearFailure`, `reload`).
 */
export class BoardController implements ReactiveController {
  readonly #host: BoardHost;
  readonly #hooks: BoardHostHooks;
  readonly #quest: QuestState;
  readonly #wallet: WalletState;
  readonly #claims = atom<ClaimsState>({
    busy: new Set(),
    errors: new Map(),
    deliveries: new Map(),
  });
  #config: BoardConfig = {
    campaign: null,
    endpoint: undefined,
    backend: undefined,
    provider: undefined,
    devWallet: false,
    walletConnectProjectId: undefined,
  };
  #autoBackend: { key: string; backend: QuestBackend } | undefined;
  // beacon: views, connects and starts, with the `endpoint` backend only (none for a page's own
  // backend or the memory one); undefined under GPC / Do Not Track.
  // The beacon's code loads with the first event (a chunk of its own: the script-tag budget);
  // events keep their order (each waits on the same promise).
  #beacon: { key: string; beacon: Promise<Beacon | undefined> } | undefined;
  #track(type: 'viewed' | 'connected' | 'task_started', task?: string): void {
    const { endpoint, backend } = this.#config;
    const campaignId = this.#quest.$campaign.get()?.id;
    if (!endpoint || backend || !campaignId) return;
    const key = `${endpoint}\n${campaignId}`;
    if (this.#beacon?.key !== key) {
      void this.#beacon?.beacon.then((b) => b?.close());
      this.#beacon = {
        key,
        beacon: import('../internal/beacon.js').then(
          (m) => m.createBeacon({ endpoint, campaignId }),
          () => undefined, // a chunk that cannot load: nothing is reported
        ),
      };
    }
    void this.#beacon.beacon.then((b) => b?.track(type, task));
  }
  // Invite links (`?ref=`), for campaigns with referrals only: the capture code loads with such a
  // campaign (a chunk of its own) and captures first; sending waits for the capture.
  #invites = new Map<string, Promise<typeof import('../quest-invite/invite-capture.js')>>();
  #inviteModule(endpoint: string | undefined, campaignId: string) {
    const key = `${endpoint ?? ''}\n${campaignId}`;
    let module = this.#invites.get(key);
    if (!module) {
      // The address now, not when the chunk arrives (a router may have rewritten it by then).
      const href = typeof location === 'undefined' ? undefined : location.href;
      module = import('../quest-invite/invite-capture.js').then((m) => {
        m.captureInvite(m.inviteScope(endpoint, campaignId), href);
        return m;
      });
      module.catch(() => this.#invites.delete(key)); // a failed chunk load is tried again
      this.#invites.set(key, module);
    }
    return module;
  }
  #devWalletFor: Campaign | null | undefined;
  #load: Promise<void> = Promise.resolve();
  #subscription: { key: string; backend: QuestBackend; off: () => void } | undefined;
  #stops: (() => void)[] = [];
  /** Identity changes, applied one after another in order. */
  #identity: Promise<void> = Promise.resolve();
  #applied: { address: Address | null; session: Session | null } | undefined;
  readonly #queue = new Map<string, Queued>();
  readonly #running = new Map<string, Promise<VerifyOutcome | null>>();
  /** Errors already reported with `quest-error` (one event per failure). */
  readonly #reported = new WeakSet<object>();
  /** The task whose wallet side is running: wallet errors meanwhile are that task's. */
  #walletTask: string | undefined;
  /** Which ladder changes are the visitor's own transitions (path.ts). */
  readonly #moments = new MomentTracker();
  #onHub = (event: Event) => {
    const { key, source } = (event as CustomEvent<{ key: string; source: BoardController }>).detail;
    if (source !== this && key === this.#shareKey()) void this.#quest.refresh().catch(() => {});
  };

  constructor(host: BoardHost, hooks: BoardHostHooks) {
    this.#host = host;
    this.#hooks = hooks;
    this.#quest = createQuestState({
      backend: lazyBackend(() => Promise.resolve(this.backend)),
      now: () => hooks.now(),
    });
    this.#wallet = createWalletState({ autoReconnect: true });
    host.addController(this);
  }

  /** The quest state, read-only: `$campaign`, `$status`, `$error`, `$address`, `$session`, `$progress`, `$pending`, `$ladder`. */
  get state(): BoardState {
    return this.#quest;
  }

  /** The wallet state (account, chain, session, connectors) and its actions. */
  get wallet(): WalletState {
    return this.#wallet;
  }

  /** Claims in flight and claim errors, read-only. */
  get claims(): ReadableAtom<ClaimsState> {
    return this.#claims;
  }

  /** Settles when the current campaign load has finished (loaded or failed). */
  get loaded(): Promise<void> {
    return this.#load;
  }

  /**
   * The backend: the page's, else an `httpBackend({ endpoint })` (which needs a signed-in
   * wallet) when `endpoint` is set, else a `memoryBackend()` (localStorage). Both load on demand.
   */
  get backend(): QuestBackend {
    if (this.#config.backend) return this.#config.backend;
    const { endpoint, campaign } = this.#config;
    const campaignId = typeof campaign === 'string' ? campaign : undefined;
    const key = endpoint ? `${endpoint}\n${campaignId ?? ''}` : '';
    if (this.#autoBackend?.key !== key) {
      const prefetch = typeof window !== 'undefined';
      const backend = endpoint
        ? lazyBackend(
            () =>
              import('@questboard/core/http').then(({ httpBackend }) =>
                httpBackend({ endpoint, ...(campaignId ? { campaignId } : {}) }),
              ),
            { prefetch, needs: { signIn: true } },
          )
        : lazyMemoryBackend();
      this.#autoBackend = { key, backend };
    }
    return this.#autoBackend.backend;
  }

  hostConnected(): void {
    if (this.#stops.length) return;
    const follow = () => this.#followIdentity();
    this.#stops = [
      this.#wallet.$account.listen(follow),
      this.#wallet.$session.listen(follow),
      this.#quest.$ladder.subscribe((ladder) => this.#moments.observe(ladder, this.#who())),
    ];
    hub.addEventListener('progress', this.#onHub);
    // Observing the account restores the last wallet (no prompt) when it is still authorised.
    follow();
  }

  hostDisconnected(): void {
    for (const stop of this.#stops.splice(0)) stop();
    hub.removeEventListener('progress', this.#onHub);
    this.#subscription?.off();
    this.#subscription = undefined;
    this.#applied = undefined;
    void this.#beacon?.beacon.then((b) => b?.close());
    this.#beacon = undefined;
  }

  hostUpdated(): void {
    this.#syncDevWallet();
    this.#syncSubscription();
  }

  /** Applies the element's properties (call in `willUpdate`). Loads when campaign or backend changed. */
  configure(next: BoardConfig): void {
    const before = this.#config;
    this.#config = next;
    if (next.provider !== before.provider) this.#wallet.setProvider(next.provider ?? null);
    if (next.walletConnectProjectId !== before.walletConnectProjectId)
      this.#wallet.setWalletConnect(
        next.walletConnectProjectId ? { projectId: next.walletConnectProjectId } : null,
      );
    this.#wallet.setSessionScope(
      next.endpoint ??
        (typeof next.campaign === 'string' ? next.campaign : (next.campaign?.id ?? '')),
    );
    this.#syncDevWallet();
    const backend = this.backend;
    const backendChanged = backend !== this.#quest.backend;
    if (backendChanged) this.#quest.setBackend(backend);
    if (next.campaign !== before.campaign || backendChanged) this.#startLoad();
  }

  /** Loads the campaign again (e.g. after a network error). */
  reload(): Promise<void> {
    this.#startLoad();
    return this.#load;
  }

  #startLoad(): void {
    const ref = this.#config.campaign;
    if (!ref) return;
    this.#claims.set({ busy: this.#claims.get().busy, errors: new Map(), deliveries: new Map() });
    this.#queue.clear();
    const load = this.#quest.load(ref).then(async () => {
      if (this.#load !== load) return;
      const error = this.#quest.$error.get();
      if (this.#quest.$status.get() === 'error' && error) {
        this.#hooks.announce(this.#hooks.i18n().error(error));
        this.#emitError(error);
        return;
      }
      const campaign = this.#quest.$campaign.get();
      if (campaign?.referral)
        void this.#inviteModule(this.#config.endpoint, campaign.id).catch(() => {});
      this.#track('viewed');
      // A wallet that connected before the campaign was known: carry anonymous progress over now.
      const address = this.#quest.$address.get();
      if (address) await this.#adopt(address);
    });
    this.#load = load;
  }

  // --- identity: one channel ---------------------------------------------------------------

  /** Queues the wallet's current identity to be applied (in order, after the ones before). */
  #followIdentity(): void {
    this.#identity = this.#identity.then(() => this.#applyIdentity()).catch(() => {});
  }

  async #applyIdentity(): Promise<void> {
    const address = this.#wallet.$account.get();
    const session = this.#wallet.$session.get();
    const last = this.#applied;
    if (last && last.address === address && last.session === session) return;
    this.#applied = { address, session };
    if (address && address !== last?.address) this.#track('connected');
    const fromAnonymous = !this.#quest.$address.get();
    if (address) await this.#sendInvite(address, session);
    if (address && fromAnonymous) await this.#adopt(address, false);
    await this.#quest.setIdentity(address, session);
    if (this.#wallet.$account.get() === address) this.#flushQueue();
    if (session) void this.#checkSession(session);
  }

  /** An invite captured from `?ref=`: sent at the first identity the backend accepts (before adoption). */
  async #sendInvite(address: Address, session: Session | null): Promise<void> {
    const campaign = this.#quest.$campaign.get();
    if (!campaign?.referral) return;
    const { endpoint } = this.#config;
    await this.#inviteModule(endpoint, campaign.id)
      .then((m) =>
        m.sendInvite(this.backend, m.inviteScope(endpoint, campaign.id), {
          campaignId: campaign.id,
          address,
          session,
        }),
      )
      .catch(() => {}); // offline: sent at the next identity change
  }

  /** Tokens already asked about: each session kept from earlier is checked once. */
  readonly #checked = new Set<string>();

  /**
   * A session kept from an earlier visit may be one the backend no longer knows (the server
   * restarted, it expired or was revoked): ask once, and drop it when refused, so the chip never
   * says "Signed in" for a token the backend refuses and a Sign in action is offered.
   */
  async #checkSession(session: Session): Promise<void> {
    if (this.#checked.has(session.token) || !this.backend.checkSession) return;
    this.#checked.add(session.token);
    const known = await this.backend.checkSession(session).catch(() => true);
    if (!known && this.#wallet.$session.get()?.token === session.token) this.#wallet.dropSession();
  }

  /** Carries progress made without a wallet over to `address` (backends that keep it). */
  async #adopt(address: Address, refresh = true): Promise<void> {
    const campaign = this.#quest.$campaign.get();
    const backend = this.backend;
    if (!campaign || !backend.adoptAnonymous) return;
    const progress = this.#quest.$progress.get();
    // Only what the visitor did anonymously on this board, or kept from an earlier visit.
    if (progress?.address && progress.address.toLowerCase() !== address.toLowerCase()) return;
    try {
      await backend.adoptAnonymous(campaign.id, address);
      if (refresh) await this.#quest.refresh();
      this.#share();
    } catch (error) {
      this.#emitError(toQuestError(error));
    }
  }

  /** Resolves once the identity changes seen so far have been applied. */
  #identitySettled(): Promise<void> {
    this.#followIdentity();
    return this.#identity;
  }

  // --- verification ------------------------------------------------------------------------

  /**
   * Verifies a task, asking first for what the backend and the task need (a wallet, a sign-in).
   * Resolves with the outcome, or `null` when it failed with an error, was discarded, or waits
   * for the visitor (then it is sent once they connect or sign in).
   */
  async verify(
    taskId: string,
    input?: string,
    extra: { chainId?: number } = {},
  ): Promise<VerifyOutcome | null> {
    this.#track('task_started', taskId);
    const need = this.#missing(taskId);
    if (!need) return this.#send(taskId, input, extra);
    this.#enqueue(taskId, need, input, extra);
    if (!(await this.#obtain(need, taskId))) return null;
    await this.#identitySettled();
    this.#flushQueue();
    return (await this.#running.get(taskId)) ?? null;
  }

  /** What is missing before `taskId` can be verified, if anything. */
  #missing(taskId: string): Need | null {
    const task = this.findTask(taskId);
    const address = this.#quest.$address.get();
    if (this.backend.needs?.signIn && !(address && this.#quest.$session.get())) return 'signIn';
    if (task && !NO_WALLET_KINDS.has(task.kind) && !address) return 'wallet';
    return null;
  }

  #enqueue(taskId: string, need: Need, input: string | undefined, extra: { chainId?: number }) {
    this.#queue.set(taskId, { need, ...(input === undefined ? {} : { input }), extra });
    this.#quest.$pending.setKey(taskId, {
      state: 'failed',
      error:
        need === 'signIn'
          ? new QuestError('SIGN_IN_REQUIRED', 'Sign in with your wallet to continue.')
          : new QuestError('WALLET_REQUIRED', 'Connect a wallet to continue.'),
    });
  }

  /** Sends every queued verification whose need is now met. */
  #flushQueue(): void {
    for (const [taskId, queued] of [...this.#queue]) {
      if (this.#missing(taskId)) continue;
      this.#queue.delete(taskId);
      this.#quest.clearFailure(taskId);
      const run = this.#send(taskId, queued.input, queued.extra);
      this.#running.set(taskId, run);
      const done = () => this.#running.get(taskId) === run && this.#running.delete(taskId);
      run.then(done, done);
    }
  }

  /**
   * Asks the visitor for a wallet (and a sign-in): the page first (`quest-wallet-request`,
   * cancelable), else the board's own picker and wallet. Resolves false when the page handles
   * it or the visitor declined (the verification then waits in the queue).
   */
  async #obtain(need: Need, taskId: string): Promise<boolean> {
    const request = questEvent(
      'quest-wallet-request',
      { kind: need === 'signIn' ? 'wallet.signIn' : 'wallet.connect', taskId },
      { cancelable: true },
    );
    if (!this.#host.dispatchEvent(request)) return false;
    this.#walletTask = taskId;
    try {
      if (!this.#wallet.$account.get()) await this.#hooks.requestConnection();
      if (need === 'signIn') await this.#wallet.signIn(this.backend, this.#signInOptions());
      return true;
    } catch (error) {
      // Declined or failed: the wallet shows why; the task keeps its "Sign in to continue".
      this.#emitError(toQuestError(error), taskId);
      return false;
    } finally {
      this.#walletTask = undefined;
    }
  }

  #signInOptions() {
    const title = this.#quest.$campaign.get()?.title ?? '';
    return { statement: this.#hooks.i18n().t('wallet.statement', { campaign: title }) };
  }

  /** One verification call, with its events and announcements (an own action for moments). */
  async #send(
    taskId: string,
    input: string | undefined,
    extra: { chainId?: number },
  ): Promise<VerifyOutcome | null> {
    this.#moments.begin();
    try {
      return await this.#sendOnce(taskId, input, extra);
    } finally {
      this.#moments.end(this.#quest.$ladder.get(), this.#who());
    }
  }

  async #sendOnce(
    taskId: string,
    input: string | undefined,
    extra: { chainId?: number },
  ): Promise<VerifyOutcome | null> {
    const i18n = this.#hooks.i18n();
    const entry = this.findTask(taskId);
    const title = entry?.title ?? taskId;
    // Done in the ladder: a one-off task once completed, a scheduled one in the current period.
    const wasDone = !!this.#quest.$ladder
      .get()
      ?.tiers.some((t) => t.tasks.some((k) => k.task.id === taskId && k.state === 'done'));
    const hadSession = this.#quest.$session.get();
    let outcome: VerifyOutcome | null;
    try {
      outcome = await this.#quest.verify(taskId, input, extra);
    } catch (error) {
      const questError = toQuestError(error);
      if (isNextStep(questError.code)) {
        // The backend wants a wallet or a (new) sign-in: a session it refuses is dropped here.
        if (needsSignIn(questError.code) && hadSession)
          if (this.#wallet.$session.get()?.token === hadSession.token) this.#wallet.dropSession();
        this.#enqueue(taskId, needsSignIn(questError.code) ? 'signIn' : 'wallet', input, extra);
        this.#hooks.announce(
          i18n.t('live.failed', { task: title, message: i18n.t(nextStepMessage(questError.code)) }),
        );
        await this.#identitySettled();
        return null;
      }
      this.#hooks.announce(i18n.t('live.failed', { task: title, message: i18n.error(questError) }));
      this.#emitError(questError, taskId);
      return null;
    }
    if (!outcome) return null;
    const { result } = outcome;
    this.#host.dispatchEvent(questEvent('quest-verify', { taskId, result }));
    const messages: string[] = [];
    if (result.ok) {
      this.#share();
      if (!wasDone) {
        const points = entry?.points ?? 0;
        messages.push(i18n.t('live.completed', { task: title, n: points }));
        const totalPoints = this.#quest.$ladder.get()?.points ?? 0;
        this.#host.dispatchEvent(questEvent('quest-complete', { taskId, points, totalPoints }));
      }
    } else {
      const campaign = this.#quest.$campaign.get();
      const words =
        entry && campaign
          ? (await import('../i18n/describe.js').catch(() => null))?.describeFailure(
              i18n,
              campaign,
              entry,
              result,
            )
          : null;
      messages.push(
        i18n.t('live.failed', {
          task: title,
          message: words ?? i18n.error({ code: result.code, shortMessage: result.reason }),
        }),
      );
    }
    messages.push(...(await this.#emitMoments()));
    if (messages.length) this.#hooks.announce(messages.join(' '));
    return outcome;
  }

  // --- moments: the visitor's own transitions (path.ts, moments.ts) --------------------------

  /** The campaign and visitor a ladder belongs to (moments never cross them). */
  #who(): string {
    return `${this.#quest.$campaign.get()?.id ?? ''}\n${this.#quest.$address.get()?.toLowerCase() ?? ''}`;
  }

  /**
   * Fires the events of what changed since the last own transition (`quest-unlock`,
   * `quest-level`, `quest-streak`, `quest-reward-claimable`), shows the moment, and returns
   * its words for the live region. Each transition once: the baseline moves with it (at once;
   * the detection and words load with the first own check).
   */
  async #emitMoments(): Promise<string[]> {
    const pair = this.#moments.take(this.#quest.$ladder.get(), this.#who());
    if (!pair) return [];
    const words = await import('./moments.js').catch(() => null);
    if (!words) return [];
    const { momentsBetween, hasMoments, momentLines } = words;
    const ladder = pair.after;
    const moments = momentsBetween(pair.before, ladder);
    const fire = this.#host.dispatchEvent.bind(this.#host);
    if (moments.unlock) fire(questEvent('quest-unlock', moments.unlock));
    if (moments.level) fire(questEvent('quest-level', moments.level));
    for (const streak of moments.streaks) fire(questEvent('quest-streak', streak));
    for (const c of moments.claimable) fire(questEvent('quest-reward-claimable', c));
    if (!hasMoments(moments)) return [];
    const lines = momentLines(
      this.#hooks.i18n(),
      moments,
      ladder,
      this.#quest.$campaign.get()?.streak?.every,
    );
    this.#hooks.moment?.(lines);
    return lines.map((line) => line.text);
  }

  // --- end moments ---------------------------------------------------------------------------

  /** Clears a task's failed state (the visitor edits an answer); a queued check stays queued. */
  clearFailure(taskId: string): void {
    if (!this.#queue.has(taskId)) this.#quest.clearFailure(taskId);
  }

  /** Claims a tier's reward, asking for a sign-in first when the backend needs one. */
  async claim(tierId: string): Promise<ClaimResult | null> {
    const claims = this.#claims.get();
    if (claims.busy.has(tierId)) return null;
    const errors = new Map(claims.errors);
    errors.delete(tierId);
    this.#claims.set({ ...claims, busy: new Set([...claims.busy, tierId]), errors });
    const i18n = this.#hooks.i18n();
    const tier = this.#quest.$campaign.get()?.tiers.find((t) => t.id === tierId);
    try {
      if (this.backend.needs?.signIn && !this.#quest.$session.get()) {
        if (!(await this.#obtain('signIn', tierId))) return null;
        await this.#identitySettled();
      } else if (isOnchainReward(tier?.reward) && !this.#quest.$address.get()) {
        // A badge or tokens go to an address: connect first.
        if (!(await this.#obtain('wallet', tierId))) return null;
        await this.#identitySettled();
      }
      this.#moments.begin();
      let result: ClaimResult | null;
      try {
        result = await this.#quest.claim(tierId);
      } finally {
        this.#moments.end(this.#quest.$ladder.get(), this.#who());
      }
      if (!result) return null;
      const delivery = result.delivery;
      if (delivery)
        this.#claims.set({
          ...this.#claims.get(),
          deliveries: new Map(this.#claims.get().deliveries).set(tierId, delivery),
        });
      this.#share();
      this.#hooks.announce(i18n.t('live.claimed', { reward: tier?.reward?.title ?? tierId }));
      this.#host.dispatchEvent(
        questEvent('quest-claim', { tierId, firstClaim: result.firstClaim }),
      );
      return result;
    } catch (error) {
      const questError = toQuestError(error);
      const session = this.#wallet.$session.get();
      if (needsSignIn(questError.code) && session) this.#wallet.dropSession();
      this.#claims.set({
        ...this.#claims.get(),
        errors: new Map(this.#claims.get().errors).set(tierId, questError),
      });
      this.#hooks.announce(i18n.error(questError));
      this.#emitError(questError);
      return null;
    } finally {
      const busy = new Set(this.#claims.get().busy);
      busy.delete(tierId);
      this.#claims.set({ ...this.#claims.get(), busy });
    }
  }

  /**
   * A wallet task's button: verifies when the wallet already did its part; else asks the page
   * (`quest-wallet-request`), else does the wallet side itself (connect, sign in, switch chain)
   * and verifies.
   */
  async walletTask(taskId: string): Promise<void> {
    const task = this.findTask(taskId);
    const campaign = this.#quest.$campaign.get();
    if (!task || !campaign || !isWalletTask(task)) return;
    const address = this.#quest.$address.get();
    if (
      (task.kind === 'wallet.connect' && address) ||
      (task.kind === 'wallet.signIn' && address && this.#quest.$session.get())
    ) {
      await this.verify(taskId);
      return;
    }
    const request = questEvent(
      'quest-wallet-request',
      {
        kind: task.kind,
        taskId,
        ...(task.kind === 'wallet.chain' ? { chainId: task.chainId } : {}),
      },
      { cancelable: true },
    );
    if (!this.#host.dispatchEvent(request)) return;
    const guard = this.#wallet.accountGuard();
    this.#walletTask = taskId;
    let chainId: number | undefined;
    try {
      if (!this.#wallet.$account.get()) await this.#hooks.requestConnection();
      ({ chainId } = await performWalletTask(this.#wallet, task, {
        campaign,
        backend: this.backend,
        signIn: this.#signInOptions(),
      }));
    } catch (error) {
      const questError = toQuestError(error);
      this.#quest.$pending.setKey(taskId, { state: 'failed', error: questError });
      const i18n = this.#hooks.i18n();
      this.#hooks.announce(
        i18n.t('live.failed', { task: task.title, message: i18n.error(questError) }),
      );
      this.#emitError(questError, taskId);
      return;
    } finally {
      this.#walletTask = undefined;
    }
    // The wallet side may have changed the identity (connect, sign-in): let it land first.
    await this.#identitySettled();
    if (task.kind !== 'wallet.connect' && !guard.isCurrent() && guard.address) return;
    await this.verify(taskId, undefined, chainId === undefined ? {} : { chainId });
  }

  /**
   * Reports a failure once with `quest-error` (a wallet error the board's `<quest-wallet>` also
   * saw is the same failure). During a task's wallet side, wallet errors carry its `taskId`.
   */
  #emitError(error: QuestError, taskId = this.#walletTask): void {
    if (this.#reported.has(error)) return;
    this.#reported.add(error);
    this.#host.dispatchEvent(
      questEvent('quest-error', taskId === undefined ? { error } : { error, taskId }),
    );
  }

  /** A `quest-error` from inside the board (its `<quest-wallet>`): passed on once, by the board. */
  forwardError(event: CustomEvent<{ error: QuestError }>): void {
    event.stopPropagation();
    this.#emitError(event.detail.error);
  }

  /** The campaign's task of this id, if the campaign is loaded and has it. */
  findTask(taskId: string): Task | undefined {
    for (const tier of this.#quest.$campaign.get()?.tiers ?? []) {
      const found = tier.tasks.find((t) => t.id === taskId);
      if (found) return found;
    }
    return undefined;
  }

  // --- sharing and following -----------------------------------------------------------------

  #shareKey(): string {
    const campaign = this.#quest.$campaign.get();
    if (!campaign) return '';
    const backend = this.#config.backend;
    let id: string;
    if (backend) {
      let n = backendIds.get(backend);
      if (n === undefined) {
        n = ++nextBackendId;
        backendIds.set(backend, n);
      }
      id = `page:${n}`;
    } else id = this.#config.endpoint ? `http:${this.#config.endpoint}` : 'memory';
    return `${id}\n${campaign.id}\n${this.#quest.$address.get()?.toLowerCase() ?? ''}`;
  }

  /** Tells the page's other boards for this campaign, backend and visitor to re-read progress. */
  #share(): void {
    const key = this.#shareKey();
    if (key) hub.dispatchEvent(new CustomEvent('progress', { detail: { key, source: this } }));
  }

  /** The dev wallet starts on the campaign's first chain and sends through its RPC URL. */
  #syncDevWallet(): void {
    const campaign = this.#quest.$campaign.get();
    const key = this.#config.devWallet ? campaign : undefined;
    if (key === this.#devWalletFor && this.#devWalletFor !== undefined) return;
    this.#devWalletFor = key;
    if (!this.#config.devWallet) {
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

  /** Follows progress made elsewhere (another tab, the server) when the backend can push it. */
  #syncSubscription(): void {
    const campaign = this.#quest.$campaign.get();
    const address = this.#quest.$address.get();
    const backend = this.backend;
    const key = campaign && backend.subscribe ? `${campaign.id}\n${address ?? ''}` : '';
    const current = this.#subscription;
    if (current && current.key === key && current.backend === backend) return;
    current?.off();
    this.#subscription = undefined;
    if (!campaign || !backend.subscribe) return;
    const off = backend.subscribe(campaign.id, address, () => void this.#quest.refresh());
    this.#subscription = { key, backend, off };
  }
}
