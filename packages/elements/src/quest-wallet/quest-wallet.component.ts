import { type ChainConfig, type QuestBackend, QuestError } from '@questboard/core';
import {
  type Connection,
  type Connector,
  createWalletState,
  type WalletState,
} from '@questboard/wallet';
import { adoptStyles, html, nothing, type PropertyValues } from 'lit';
import { walletMessages } from '../i18n/en.wallet.js';
import { addEnglish } from '../i18n/index.js';
import { QuestElement } from '../internal/quest-element.js';
import { fill, WALLET_LABELS, type WalletMessages } from './quest-wallet.messages.js';
import type { PickerHost } from './quest-wallet.picker.js';
import { walletStyles } from './quest-wallet.styles.js';

// This code's English messages (kept out of the script-tag file's eager catalog).
addEnglish(walletMessages);

type PickerModule = typeof import('./quest-wallet.picker.js');
const PICKER_FAILED = new QuestError(
  'NETWORK',
  'The wallet picker could not be loaded. Check your connection.',
);
/** The picker and error UI, shared by every instance once loaded (see quest-wallet.picker.ts). */
let picker: PickerModule | undefined;
let pickerLoad: Promise<PickerModule> | undefined;
const loadPicker = () =>
  (pickerLoad ??= import('./quest-wallet.picker.js').then(
    (m) => (picker = m),
    (error) => {
      pickerLoad = undefined;
      throw error;
    },
  ));

/** `quest-connect`: a wallet account is connected (or the account or chain changed). */
export interface QuestConnectDetail {
  address: `0x${string}`;
  chainId: number | null;
  /** The connector's id (`injected:<rdns>`, `host`, `walletconnect`, `dev`). */
  connector: string | null;
}

/** `quest-disconnect`: the wallet is no longer connected (the visitor, the wallet or the host). */
export type QuestDisconnectDetail = Record<string, never>;

/** `quest-error` from `<quest-wallet>`: the same shape as the board's. */
export interface QuestWalletErrorDetail {
  error: QuestError;
}

/** `0x1234…abcd`. */
export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/**
 * The wallet button: connect (with a picker of every EIP-6963 wallet, WalletConnect and the dev
 * wallet when enabled), the connected account and chain, sign-in (SIWE), chain switch, and a
 * clear message with a way forward for every wallet failure. Used inside `<quest-board>` (which
 * hands it its `wallet` state) and on its own.
 *
 * @tagname quest-wallet
 * @summary Connect a wallet, show the account, sign in and switch chains.
 *
 * @event {CustomEvent<QuestConnectDetail>} quest-connect - An account is connected, or the account or chain changed. `detail: { address, chainId, connector }`.
 * @event {CustomEvent<QuestDisconnectDetail>} quest-disconnect - The wallet is no longer connected.
 * @event {CustomEvent<QuestWalletErrorDetail>} quest-error - A wallet action failed. `detail: { error }` (a `QuestError` with a `WALLET_*` or `SIGN_IN_FAILED` code).
 *
 * @csspart wallet - The element's box.
 * @csspart connect - The Connect button.
 * @csspart account - The connected account chip.
 * @csspart wallet-icon - The connected wallet's icon.
 * @csspart address - The short address.
 * @csspart chain - The chain the wallet is on.
 * @csspart dev-badge - The "dev wallet" label of the burner wallet.
 * @csspart session - "Signed in".
 * @csspart sign-in - The Sign in button.
 * @csspart switch-chain - The button that switches to the required chain.
 * @csspart disconnect - The Disconnect button (absent for a host-provided wallet).
 * @csspart error - The last failure and its actions.
 * @csspart retry - Try again / Reconnect.
 * @csspart dismiss - Hides the failure.
 * @csspart picker - The wallet picker dialog.
 * @csspart picker-title - Its heading.
 * @csspart picker-close - Its Close button.
 * @csspart picker-list - The list of wallets.
 * @csspart picker-option - One wallet (button).
 * @csspart picker-icon - A wallet's icon.
 * @csspart picker-name - A wallet's name.
 * @csspart picker-hint - A wallet's hint (confirm in wallet, scan with phone, dev wallet warning).
 * @csspart install - "No wallet found" with install links.
 * @csspart install-link - One install link.
 *
 * @cssproperty --quest-wallet-background - Chip and option background (default: `--quest-color-surface`).
 * @cssproperty --quest-wallet-border-color - Borders (default: `--quest-color-border`).
 * @cssproperty --quest-wallet-radius - Option corner radius (default: `--quest-radius-small`).
 */
export class QuestWallet extends QuestElement {
  static override styles = walletStyles;

  static override properties = {
    wallet: { attribute: false },
    provider: { attribute: false },
    backend: { attribute: false },
    devWallet: { type: Boolean, attribute: 'dev-wallet' },
    walletConnectProjectId: { type: String, attribute: 'walletconnect-project-id' },
    chainId: { type: Number, attribute: 'chain-id' },
    chains: { attribute: false },
    sessionScope: { type: String, attribute: 'session-scope' },
    statement: { type: String },
    messages: { attribute: false },
    pickerOpen: { state: true },
    pendingId: { state: true },
    busy: { state: true },
  };

  /**
   * The wallet state to show and drive (the board passes its own). When unset, the element makes
   * one from its attributes and `provider`.
   */
  declare wallet: WalletState | undefined;
  /** A host dApp's EIP-1193 provider (wagmi, AppKit, RainbowKit, ethers): no picker is shown. */
  declare provider: import('@questboard/wallet').EIP1193Provider | null | undefined;
  /** Enables the Sign in button (SIWE through `backend.signIn`). */
  declare backend: QuestBackend | undefined;
  /** Offers the burner dev wallet (demos, local chains). Never enable it in production. */
  declare devWallet: boolean;
  /** Offers WalletConnect for mobile wallets (loaded only when picked). */
  declare walletConnectProjectId: string | undefined;
  /** The chain the page needs: a Switch button shows while the wallet is elsewhere. */
  declare chainId: number | undefined;
  /** Chain configs by decimal id, to add a chain the wallet does not know (EIP-3085). */
  declare chains: Record<string, ChainConfig> | undefined;
  /** Sessions are kept per scope (endpoint or campaign id); default `default`. */
  declare sessionScope: string | undefined;
  /** The line shown in the wallet when signing in. */
  declare statement: string | undefined;
  /** Replaces any of the element's labels. */
  declare messages: Partial<WalletMessages> | undefined;
  declare protected pickerOpen: boolean;
  declare protected pendingId: string | null;
  declare protected busy: 'sign-in' | 'switch' | null;

  #own: WalletState | null = null;
  #bound: WalletState | null = null;
  #unsubscribe: (() => void)[] = [];
  #lastAddress: string | null = null;
  #retry: (() => Promise<unknown>) | null = null;
  #waiters: { resolve: (c: Connection) => void; reject: (e: QuestError) => void }[] = [];
  #pickerFailed = false;
  #pickerStyled = false;

  constructor() {
    super();
    this.devWallet = false;
    this.pickerOpen = false;
    this.pendingId = null;
    this.busy = null;
  }

  /** The state in use: the one given, else the element's own. */
  get state(): WalletState {
    if (this.wallet) return this.wallet;
    this.#own ??= createWalletState({
      provider: this.provider ?? undefined,
      devWallet: this.devWallet,
      walletConnect:
        this.walletConnectProjectId !== undefined
          ? { projectId: this.walletConnectProjectId }
          : null,
      ...(this.sessionScope ? { sessionScope: this.sessionScope } : {}),
    });
    return this.#own;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#bind();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unbind();
    this.#own?.destroy();
    this.#own = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (picker && !this.#pickerStyled) {
      // The picker's styles come with its module: add them to this element's own.
      this.#pickerStyled = true;
      const root = this.renderRoot as ShadowRoot;
      const sheets = root.adoptedStyleSheets ?? [];
      adoptStyles(root, sheets.length ? [...sheets, picker.pickerStyles] : [picker.pickerStyles]);
    }
    if (changed.has('wallet') && this.isConnected) this.#bind();
    const own = this.#own;
    if (!own || this.wallet) return;
    if (changed.has('provider')) own.setProvider(this.provider ?? null);
    if (changed.has('devWallet')) own.setDevWallet(this.devWallet);
    if (changed.has('walletConnectProjectId'))
      own.setWalletConnect(
        this.walletConnectProjectId !== undefined
          ? { projectId: this.walletConnectProjectId }
          : null,
      );
    if (changed.has('sessionScope') && this.sessionScope) own.setSessionScope(this.sessionScope);
  }

  #bind(): void {
    const state = this.state;
    if (this.#bound === state) return;
    this.#unbind();
    this.#bound = state;
    this.#lastAddress = state.$account.get();
    const update = () => this.requestUpdate();
    this.#unsubscribe = [
      state.$connectors.subscribe(update),
      state.$status.subscribe(update),
      state.$session.subscribe(update),
      state.$connector.subscribe(update),
      state.$chainId.listen((chainId) => {
        update();
        const address = state.$account.get();
        if (address) this.#emitConnect(address, chainId);
      }),
      state.$account.subscribe((address) => {
        update();
        if (address === this.#lastAddress) return;
        const was = this.#lastAddress;
        this.#lastAddress = address;
        if (address) {
          this.#emitConnect(address, state.$chainId.get());
          this.#settleWaiters(address);
        } else if (was)
          this.dispatchEvent(
            new CustomEvent('quest-disconnect', { detail: {}, bubbles: true, composed: true }),
          );
      }),
      state.$error.listen((error) => {
        update();
        if (error)
          this.dispatchEvent(
            new CustomEvent('quest-error', { detail: { error }, bubbles: true, composed: true }),
          );
      }),
    ];
  }

  #unbind(): void {
    for (const stop of this.#unsubscribe.splice(0)) stop();
    this.#bound = null;
  }

  #emitConnect(address: `0x${string}`, chainId: number | null): void {
    const detail: QuestConnectDetail = {
      address,
      chainId,
      connector: this.state.$connector.get()?.id ?? null,
    };
    this.dispatchEvent(new CustomEvent('quest-connect', { detail, bubbles: true, composed: true }));
  }

  #settleWaiters(address: `0x${string}`): void {
    const chainId = this.state.$chainId.get() ?? 0;
    for (const waiter of this.#waiters.splice(0)) waiter.resolve({ address, chainId });
  }

  /** Labels in the element's locale, with the page's `messages` replacing any of them. */
  get #text(): WalletMessages {
    const { t } = this.i18n;
    const text = Object.fromEntries(
      WALLET_LABELS.map((id) => [id, t(`wallet.${id}`)]),
    ) as WalletMessages;
    return this.messages ? { ...text, ...this.messages } : text;
  }

  /**
   * Connects: the host's wallet at once, else opens the picker. Resolves once an account is
   * connected; rejects (WALLET_REJECTED) when the visitor closes the picker without choosing.
   */
  requestConnection(): Promise<Connection> {
    const state = this.state;
    const address = state.$account.get();
    if (address) return Promise.resolve({ address, chainId: state.$chainId.get() ?? 0 });
    if (state.hasHostProvider()) return this.#run(() => state.connect());
    const waiting = new Promise<Connection>((resolve, reject) =>
      this.#waiters.push({ resolve, reject }),
    );
    this.openPicker();
    return waiting;
  }

  /** Opens the wallet picker (never while a host provider is set). */
  openPicker(): void {
    if (this.state.hasHostProvider()) return;
    this.state.clearError();
    this.#pickerFailed = false;
    this.pickerOpen = true;
  }

  /** Closes the picker; a pending `requestConnection()` rejects. */
  closePicker(): void {
    this.pickerOpen = false;
    this.pendingId = null;
    const error = new QuestError('WALLET_REJECTED', 'No wallet was chosen.');
    for (const waiter of this.#waiters.splice(0)) waiter.reject(error);
  }

  /** Signs in with the wallet (SIWE), reusing a valid session. Needs `backend`. */
  async signIn(): Promise<void> {
    if (!this.backend)
      throw new QuestError('BAD_REQUEST', '<quest-wallet> needs a backend to sign in.');
    const backend = this.backend;
    this.busy = 'sign-in';
    try {
      await this.#run(() =>
        this.state.signIn(backend, this.statement ? { statement: this.statement } : {}),
      );
    } finally {
      this.busy = null;
    }
  }

  /** Switches the wallet to `chainId` (default: the `chain-id` attribute), adding it if needed. */
  async switchChain(chainId = this.chainId): Promise<void> {
    if (!chainId) throw new QuestError('BAD_REQUEST', 'No chain to switch to: set chain-id.');
    this.busy = 'switch';
    try {
      await this.#run(() => this.state.switchChain(chainId, this.chains?.[String(chainId)]));
    } finally {
      this.busy = null;
    }
  }

  async disconnect(): Promise<void> {
    await this.state.disconnect();
  }

  /** Runs a wallet action, remembering it for "Try again"; failures land in `$error`. */
  async #run<T>(action: () => Promise<T>): Promise<T> {
    this.#retry = action;
    return action();
  }

  #quietly(action: () => Promise<unknown>): void {
    // Failures are shown (`$error`) and announced (`quest-error`); nothing more to do here.
    action().catch(() => {});
  }

  async #choose(connector: Connector): Promise<void> {
    this.pendingId = connector.id;
    try {
      await this.#run(() => this.state.connect(connector.id));
      this.pickerOpen = false;
    } finally {
      this.pendingId = null;
    }
  }

  #onConnectClick = () => {
    if (this.state.hasHostProvider()) this.#quietly(() => this.#run(() => this.state.connect()));
    else this.openPicker();
  };

  #onRetry = () => {
    const state = this.state;
    const code = state.$error.get()?.code;
    const retry = this.#retry;
    state.clearError();
    if (code === 'WALLET_DISCONNECTED' && !state.hasHostProvider()) return this.openPicker();
    if (retry) this.#quietly(() => this.#run(retry));
  };

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // While Connect shows, fetch the picker ahead of the click.
    if (!picker && !this.state.$account.get() && !this.state.hasHostProvider())
      loadPicker().catch(() => {});
    if (!(changed as Map<PropertyKey, unknown>).has('pickerOpen')) return;
    const dialog = this.renderRoot.querySelector('dialog');
    if (!dialog) return;
    if (this.pickerOpen && !dialog.open) dialog.showModal();
    if (!this.pickerOpen && dialog.open) dialog.close();
  }

  override render() {
    const state = this.state;
    const address = state.$account.get();
    const status = state.$status.get();
    const error = state.$error.get();
    return html`<div part="wallet" class="wallet">
      ${address ? this.#renderAccount(address) : this.#renderConnect(status)}
      ${error && !this.pickerOpen ? this.#renderError(error) : nothing}
      ${this.#pickerFailed && !error ? this.#renderError(PICKER_FAILED) : nothing}
      <dialog
        part="picker"
        aria-labelledby="picker-title"
        @close=${() => this.pickerOpen && this.closePicker()}
        @cancel=${() => this.closePicker()}
      >
        ${this.pickerOpen && !this.#pickerFailed ? this.#withPicker((m, host) => m.renderPicker(host)) : nothing}
      </dialog>
    </div>`;
  }

  #renderConnect(status: string) {
    const text = this.#text;
    const busy = status === 'connecting' || status === 'reconnecting';
    return html`<button
      part="connect"
      class="button"
      type="button"
      aria-disabled=${busy ? 'true' : 'false'}
      @click=${busy ? null : this.#onConnectClick}
    >
      ${status === 'connecting' ? text.connecting : status === 'reconnecting' ? text.reconnecting : text.connect}
    </button>`;
  }

  #renderAccount(address: string) {
    const state = this.state;
    const text = this.#text;
    const connector = state.$connector.get();
    const chainId = state.$chainId.get();
    const session = state.$session.get();
    const chainName = chainId
      ? (this.chains?.[String(chainId)]?.name ?? fill(text.chain, { chainId }))
      : '';
    const wrongChain = !!this.chainId && chainId !== null && chainId !== this.chainId;
    return html`<span part="account" class="account" aria-label=${fill(text.account, { address })}>
        ${connector?.icon ? html`<img part="wallet-icon" src=${connector.icon} alt="" />` : nothing}
        <span part="address" class="address" title=${address}>${shortAddress(address)}</span>
        ${chainName ? html`<span part="chain" class="chain">${chainName}</span>` : nothing}
        ${connector?.kind === 'dev' ? html`<span part="dev-badge" class="badge">${text.devWallet}</span>` : nothing}
        ${session ? html`<span part="session" class="session">${text.signedIn}</span>` : nothing}
      </span>
      ${
        wrongChain
          ? html`<button
            part="switch-chain"
            class="button"
            type="button"
            aria-disabled=${this.busy === 'switch' ? 'true' : 'false'}
            @click=${() => this.busy || this.#quietly(() => this.switchChain())}
          >
            ${fill(text.switchChain, {
              chain: this.chains?.[String(this.chainId)]?.name ?? `chain ${this.chainId}`,
            })}
          </button>`
          : nothing
      }
      ${
        this.backend && !session
          ? html`<button
            part="sign-in"
            class="button"
            type="button"
            aria-disabled=${this.busy === 'sign-in' ? 'true' : 'false'}
            @click=${() => this.busy || this.#quietly(() => this.signIn())}
          >
            ${this.busy === 'sign-in' ? text.signingIn : text.signIn}
          </button>`
          : nothing
      }
      ${
        connector?.kind === 'host'
          ? nothing
          : html`<button part="disconnect" class="button secondary" type="button" @click=${() => this.#quietly(() => this.disconnect())}>
            ${text.disconnect}
          </button>`
      }`;
  }

  /** The picker and error line come from a lazily loaded module: loads it, then re-renders. */
  #withPicker<T>(render: (m: PickerModule, host: PickerHost) => T): T | typeof nothing {
    if (!picker) {
      loadPicker().then(
        () => this.requestUpdate(),
        () => {
          // Offline or the CDN is down: say so instead of an empty dialog; openPicker() retries.
          this.#pickerFailed = true;
          if (this.pickerOpen) this.closePicker();
          this.requestUpdate();
        },
      );
      return nothing;
    }
    return render(picker, this.#pickerHost(picker));
  }

  #pickerHost(_picker: PickerModule): PickerHost {
    return {
      state: this.state,
      text: this.#text,
      pendingId: this.pendingId,
      chainId: this.chainId,
      chainLabel: this.chains?.[String(this.chainId)]?.name ?? `chain ${this.chainId}`,
      canRetry: !!this.#retry,
      errorText: (error) => this.i18n.error(error),
      close: () => this.closePicker(),
      choose: (connector) => this.#quietly(() => this.#choose(connector)),
      retry: this.#onRetry,
      switchChain: () => this.#quietly(() => this.switchChain()),
    };
  }

  #renderError(error: QuestError) {
    if (this.#pickerFailed)
      return html`<p part="error" class="error" role="alert">${this.i18n.error(error)}</p>`;
    return this.#withPicker((m, host) => m.renderError(host, error));
  }

  /** Waits for the picker module too while the picker or an error is showing. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    if (!picker && (this.pickerOpen || (this.wallet ?? this.#own)?.$error.get())) {
      await loadPicker().catch(() => {});
      done = await super.getUpdateComplete();
    }
    return done;
  }
}
