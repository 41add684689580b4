import {
  type ChainConfig,
  formatTokenAmount,
  isSafeUrl,
  type QuestBackend,
  QuestError,
  type Reward,
  type RewardDelivery,
  type RewardToken,
} from '@questboard/core';
import type { WalletState } from '@questboard/wallet';
import { html, nothing, type PropertyValues } from 'lit';
import { questEvent } from '../events.js';
import { claimRequest } from '../internal/actions.js';
import type { ClaimContext, SentClaim } from '../internal/claim.js';
import {
  isOnchainReward,
  type OnchainDelivery,
  type OnchainReward,
  type OnchainView,
} from '../internal/claim-types.js';
import { focusIsLost } from '../internal/focus.js';
import { QuestElement } from '../internal/quest-element.js';
import { rewardStyles } from './quest-reward.styles.js';

/** `locked`: the tier is not complete; `claimable`: it can be claimed now; `claimed`: done. */
export type RewardState = 'locked' | 'claimable' | 'claimed';

/** Every part of `<quest-reward>`, for `exportparts`. */
export const REWARD_PARTS = [
  'reward',
  'reward-image',
  'reward-label',
  'reward-title',
  'reward-amount',
  'reward-description',
  'reward-claim',
  'reward-switch-chain',
  'reward-state',
  'reward-transaction',
  'reward-transaction-link',
  'reward-error',
].join(', ');

let claimModule: Promise<typeof import('../internal/claim.js')> | undefined;
/** The on-chain claim code (ABIs, encoders): a chunk of its own, loaded with the first badge or token card. */
function loadClaim(): Promise<typeof import('../internal/claim.js')> {
  claimModule ??= import('../internal/claim.js').catch((error) => {
    claimModule = undefined;
    throw error;
  });
  return claimModule;
}

const shortHash = (hash: string) => `${hash.slice(0, 10)}…${hash.slice(-6)}`;

/**
 * A token amount in base units as the visitor reads it: the token's decimals applied exactly
 * (`formatTokenAmount`), the locale's digits, its symbol: `1,234.5 ACME`, `1234,5 ACME` (es).
 */
export function localizedTokenAmount(
  baseUnits: bigint | string,
  token: Pick<RewardToken, 'symbol' | 'decimals'>,
  locale: string,
): string {
  const decimal = formatTokenAmount(baseUnits, token.decimals);
  // Intl formats decimal strings exactly (no float rounding of large or long amounts).
  const digits = new Intl.NumberFormat(locale, {
    maximumFractionDigits: Math.min(token.decimals, 20),
  }).format(decimal as unknown as number);
  return `${digits} ${token.symbol}`;
}

/**
 * A tier's reward: what it is, and a claim button once the tier is complete. A credential reward
 * is claimed at the backend. A **badge** (`kind: 'badge'`, a soulbound QuestBadge) or **tokens**
 * (`kind: 'token'`, a QuestDrop merkle round) are then claimed on chain through the connected
 * wallet: "Mint badge" sends `QuestBadge.claim(voucher, signature)` from the backend's
 * `delivery`; "Claim 120 ACME" sends `QuestDrop.claim` with the proof of the published round
 * (`backend.tokenProof`). The card reads the chain, so a reward claimed from another device shows
 * as claimed; it shows the transaction while pending, links it in the chain's explorer once
 * mined, and says why a claim failed (rejected in the wallet, the contract's error, wrong network
 * with a switch button). When the operator set `paymaster-url` and the wallet reports an ERC-7677
 * `paymasterService` for the chain (EIP-5792 `wallet_getCapabilities`), the claim is sent with
 * `wallet_sendCalls` and sponsored; otherwise as a normal transaction. The on-chain code loads
 * with the first badge or token card.
 *
 * @tagname quest-reward
 * @summary A tier's reward with its claim button, on-chain mint or token claim, and claimed state.
 *
 * @event {QuestRewardSentEvent} quest-reward-sent - The wallet sent the on-chain claim. `detail: { tierId, kind, sponsored, hash?, callsId? }`.
 * @event {QuestRewardConfirmedEvent} quest-reward-confirmed - The on-chain claim was mined. `detail: { tierId, kind, sponsored, hash }`.
 * @event {QuestErrorEvent} quest-error - The on-chain claim failed (`CLAIM_REVERTED` names the contract's error in `details`; `WALLET_REJECTED` when declined). `detail: { error }`.
 *
 * @csspart reward - The reward's box (carries `is-<state>` classes, and `is-onchain-<status>` for badges and tokens).
 * @csspart reward-image - The reward or badge image (when the campaign gives one).
 * @csspart reward-label - "Reward", "Soulbound badge" or "Tokens".
 * @csspart reward-title - The reward's title (a badge's name).
 * @csspart reward-amount - A token reward's amount with its symbol ("120 ACME").
 * @csspart reward-description - Its description.
 * @csspart reward-claim - The claim button: "Claim reward", "Mint badge", "Claim 120 ACME".
 * @csspart reward-switch-chain - "Switch to …" when the wallet is on another network.
 * @csspart reward-state - "Claimed", "Badge minted", what is left to do, or what is happening; receives focus after a claim.
 * @csspart reward-transaction - The claim's transaction hash, while pending and once mined.
 * @csspart reward-transaction-link - The link to it in the chain's explorer (opens in a new tab).
 * @csspart reward-error - Why the last claim failed.
 *
 * @cssproperty --quest-reward-background - Background (default: `--quest-color-background`).
 * @cssproperty --quest-reward-border-color - Border colour (default: `--quest-color-accent`).
 */
export class QuestReward extends QuestElement {
  static override styles = rewardStyles;

  static override properties = {
    reward: { attribute: false },
    tierId: { attribute: 'tier-id' },
    state: {},
    busy: { type: Boolean },
    error: { attribute: false },
    delivery: { attribute: false },
    wallet: { attribute: false },
    backend: { attribute: false },
    campaignId: { attribute: 'campaign-id' },
    chain: { attribute: false },
    paymasterUrl: { attribute: 'paymaster-url' },
    onchain: { attribute: false },
  };

  /** The reward (from the campaign): a credential, or a `badge` or `token` reward claimed on chain. */
  declare reward: Reward | undefined;
  /** The id of the tier it belongs to (sent with the claim request). */
  declare tierId: string;
  /** Whether it can be claimed at the backend, or was. */
  declare state: RewardState;
  /** A claim is in flight at the backend. */
  declare busy: boolean;
  /** Why the last claim at the backend failed. */
  declare error: { code: string; shortMessage: string } | null;
  /**
   * The backend's answer to the claim (`ClaimResult.delivery`): the signed voucher of a badge,
   * the amount (and proof, once a round includes the address) of tokens. Set by the board.
   */
  declare delivery: RewardDelivery | null | undefined;
  /**
   * The wallet the on-chain claim goes through (`@questboard/wallet`'s `createWalletState`; the
   * board's `wallet`): its account, network and provider, and its `switchChain`.
   */
  declare wallet: WalletState | null | undefined;
  /** Where token proofs come from (`backend.tokenProof`); the board's backend. */
  declare backend: QuestBackend | null | undefined;
  /** The campaign's id (the badge's campaign key on chain, and the token proof's campaign). */
  declare campaignId: string;
  /** The reward's chain from the campaign's `chains` (RPC URL to read it, explorer for links, name). */
  declare chain: ChainConfig | null | undefined;
  /**
   * An ERC-7677 paymaster service URL (the operator's). With it, and a wallet that reports a
   * `paymasterService` capability for the chain, claims are sponsored (EIP-5792 `wallet_sendCalls`).
   */
  declare paymasterUrl: string | undefined;
  /** Where a badge or token reward stands on chain for the wallet's account (read-only for pages). */
  declare onchain: OnchainView;

  #focusAfterClaim = false;
  /** The visitor asked to claim on chain: send once the backend's delivery arrives. */
  #sendOnDelivery = false;
  #watching: { wallet: WalletState; stop: () => void } | undefined;
  #readKey = '';
  #reads = 0;
  #running: AbortController | undefined;

  constructor() {
    super();
    this.tierId = '';
    this.campaignId = '';
    this.state = 'locked';
    this.busy = false;
    this.error = null;
    this.onchain = { status: 'idle' };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#watch();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#watching?.stop();
    this.#watching = undefined;
    this.#readKey = '';
    this.#running?.abort();
    this.#running = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('wallet')) this.#watch();
    if (changed.has('reward') && isOnchainReward(this.reward)) void loadClaim().catch(() => {});
  }

  override render() {
    const reward = this.reward;
    if (!reward) return nothing;
    const i18n = this.i18n;
    const onchain = isOnchainReward(reward) ? reward : undefined;
    const image = reward.image && isSafeUrl(reward.image) ? reward.image : undefined;
    const label = onchain ? i18n.t(`reward.kind.${onchain.kind}`) : i18n.t('reward.label');
    const title = onchain?.kind === 'badge' ? (onchain.name ?? onchain.title) : reward.title;
    const amount = onchain?.kind === 'token' ? this.#amount(onchain) : undefined;
    const statusClass = onchain ? ` is-onchain-${this.onchain.status}` : '';
    return html`<div part="reward" class="reward is-${this.state}${statusClass}">
      ${image ? html`<img part="reward-image" src=${image} alt="" loading="lazy" />` : nothing}
      <div class="body">
        <span part="reward-label" class="label">${label}</span>
        <span part="reward-title" class="title">${title}</span>
        ${amount ? html`<span part="reward-amount" class="amount">${amount}</span>` : nothing}
        ${reward.description ? html`<p part="reward-description" class="description">${reward.description}</p>` : nothing}
      </div>
      ${onchain ? this.#renderOnchain(onchain, amount) : this.#renderCredential()}
      ${this.#renderError()}
    </div>`;
  }

  #renderCredential() {
    const i18n = this.i18n;
    if (this.state === 'claimable')
      return this.#button(
        this.busy ? i18n.t('reward.claiming') : i18n.t('reward.claim'),
        this.busy,
      );
    return this.#stateText(
      this.state === 'claimed' ? i18n.t('reward.claimed') : i18n.t('reward.locked'),
    );
  }

  #renderOnchain(reward: OnchainReward, amount: string | undefined) {
    const i18n = this.i18n;
    const view = this.onchain;
    const done = reward.kind === 'badge' ? i18n.t('reward.minted') : i18n.t('reward.tokensClaimed');
    switch (view.status) {
      case 'claimed':
        return this.#stateText(done);
      case 'confirmed':
        return html`${this.#stateText(done)}${this.#transaction(view.hash)}`;
      case 'pending':
        return html`${this.#stateText(
          view.sponsored ? i18n.t('reward.pendingSponsored') : i18n.t('reward.pending'),
          true,
        )}${view.hash ? this.#transaction(view.hash) : nothing}`;
      case 'signing':
        return this.#button(i18n.t('reward.confirmInWallet'), true);
      case 'waiting-round':
        return this.#stateText(i18n.t('reward.nextRound'));
      case 'wrong-chain': {
        const chain =
          this.chain?.name ?? i18n.t('wallet.chain', { chainId: String(reward.chainId) });
        return html`${this.#stateText(i18n.t('reward.wrongChain', { chain }))}
          <button part="reward-switch-chain" class="button" type="button" @click=${this.#onSwitch}>
            ${i18n.t('reward.switchChain', { chain })}
          </button>`;
      }
    }
    if (this.state === 'locked') return this.#stateText(i18n.t('reward.locked'));
    const action =
      reward.kind === 'badge'
        ? i18n.t('reward.mint')
        : amount
          ? i18n.t('reward.claimAmount', { amount })
          : i18n.t('reward.claimAmount', { amount: reward.token.symbol });
    return this.#button(this.busy ? i18n.t('reward.claiming') : action, this.busy);
  }

  #button(label: string, busy: boolean) {
    return html`<button
      part="reward-claim"
      class="button"
      type="button"
      aria-disabled=${busy ? 'true' : 'false'}
      @click=${this.#onClaim}
    >
      ${label}
    </button>`;
  }

  #stateText(text: string, busy = false) {
    return html`<p part="reward-state" class="state" id="state" tabindex="-1" aria-busy=${busy ? 'true' : 'false'}>
      ${text}
    </p>`;
  }

  #transaction(hash: `0x${string}`) {
    const i18n = this.i18n;
    const link = this.#explorerUrl(hash);
    return html`<p part="reward-transaction" class="transaction">
      <code title=${hash}>${i18n.t('reward.transaction', { hash: shortHash(hash) })}</code>
      ${
        link
          ? html`<a part="reward-transaction-link" href=${link} target="_blank" rel="noopener noreferrer"
              >${i18n.t('reward.viewTransaction')}<span class="visually-hidden"> ${i18n.t('passport.newTab')}</span></a
            >`
          : nothing
      }
    </p>`;
  }

  #renderError() {
    const i18n = this.i18n;
    const view = this.onchain;
    if (isOnchainReward(this.reward) && view.status === 'failed') {
      const { error } = view;
      const text =
        error.code === 'CLAIM_REVERTED' && error.details
          ? i18n.t('reward.reverted', { error: error.details })
          : i18n.error(error);
      return html`<p part="reward-error" class="error" role="alert">${text}</p>`;
    }
    return this.error
      ? html`<p part="reward-error" class="error">${i18n.error(this.error)}</p>`
      : nothing;
  }

  /** The token amount to show: what a round leaves to claim, else this tier's amount. */
  #amount(reward: Extract<OnchainReward, { kind: 'token' }>): string | undefined {
    const view = this.onchain;
    const delivery = this.delivery?.kind === 'token' ? this.delivery : undefined;
    const base =
      view.status === 'unclaimed' && view.claimable !== undefined
        ? view.claimable
        : (delivery?.amount ?? (typeof reward.amount === 'string' ? reward.amount : undefined));
    if (base === undefined) return undefined;
    try {
      return localizedTokenAmount(base, reward.token, this.i18n.locale);
    } catch {
      return undefined;
    }
  }

  /** The transaction in the chain's block explorer (`chains[id].explorer`), when it has one. */
  #explorerUrl(hash: string): string | null {
    const base = this.chain?.explorer;
    if (!base || !isSafeUrl(base) || !/^0x[0-9a-fA-F]{64}$/.test(hash)) return null;
    return `${base.replace(/\/+$/, '')}/tx/${hash}`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (
      this.#focusAfterClaim &&
      ((changed.has('state') && this.state === 'claimed' && !isOnchainReward(this.reward)) ||
        (changed.has('onchain') && this.onchain.status === 'confirmed'))
    ) {
      this.#focusAfterClaim = false;
      if (focusIsLost()) this.renderRoot.querySelector<HTMLElement>('#state')?.focus();
    }
    if (changed.has('error') && this.error) this.#sendOnDelivery = false;
    if (changed.has('delivery') && this.#sendOnDelivery && this.#deliveryFor()) {
      this.#sendOnDelivery = false;
      void this.#send();
    }
    this.#maybeRead();
  }

  // --- on chain --------------------------------------------------------------------------

  /** Follows the wallet's account and network: a change re-reads the chain. */
  #watch(): void {
    const wallet = this.wallet ?? undefined;
    if (this.#watching?.wallet === wallet) return;
    this.#watching?.stop();
    this.#watching = undefined;
    if (!wallet || !this.isConnected) return;
    const changed = () => this.requestUpdate();
    const stops = [wallet.$account.listen(changed), wallet.$chainId.listen(changed)];
    this.#watching = {
      wallet,
      stop: () => {
        for (const stop of stops) stop();
      },
    };
  }

  /** The delivery when it is this reward's on-chain one. */
  #deliveryFor(): OnchainDelivery | undefined {
    const reward = this.reward;
    const delivery = this.delivery;
    if (!isOnchainReward(reward) || !delivery) return undefined;
    return delivery.kind === reward.kind ? (delivery as OnchainDelivery) : undefined;
  }

  #context(signal?: AbortSignal): ClaimContext | undefined {
    const reward = this.reward;
    if (!isOnchainReward(reward)) return undefined;
    const wallet = this.wallet;
    const delivery = this.#deliveryFor();
    return {
      reward,
      campaignId: this.campaignId,
      tierId: this.tierId,
      wallet: {
        account: wallet?.$account.get() ?? null,
        chainId: wallet?.$chainId.get() ?? null,
        provider:
          (wallet?.$connector.get()?.getProvider() as ClaimContext['wallet']['provider']) ?? null,
      },
      chain: this.chain ?? undefined,
      backend: this.backend ?? undefined,
      claimedAtBackend: this.state === 'claimed',
      ...(delivery ? { delivery } : {}),
      ...(this.paymasterUrl ? { paymasterUrl: this.paymasterUrl } : {}),
      ...(signal ? { signal } : {}),
    };
  }

  /** Reads the chain when what it depends on changed (account, network, reward, backend state). */
  #maybeRead(): void {
    // Without a wallet there is no account to read for: `onchain` stays as set.
    const context = this.wallet ? this.#context() : undefined;
    if (!context || this.#running) return;
    const { wallet } = context;
    const key = [
      context.reward.kind,
      context.reward.contract,
      context.reward.chainId,
      wallet.account,
      wallet.chainId,
      this.state,
      this.campaignId,
      this.tierId,
      this.delivery ? 'delivery' : '',
    ].join('\n');
    if (key === this.#readKey) return;
    this.#readKey = key;
    const read = ++this.#reads;
    void loadClaim()
      .then((claim) => claim.readView(context))
      .then(
        (view) => {
          if (read === this.#reads && !this.#running && this.#keepsAfterRead(view))
            this.onchain = view;
        },
        () => {
          // Unreadable now (RPC down): the button stays; a claim reads again and says why.
        },
      );
  }

  /** A read never replaces what a claim here showed (confirmed, failed) until the key changes. */
  #keepsAfterRead(view: OnchainView): boolean {
    const status = this.onchain.status;
    if (status === 'signing' || status === 'pending') return false;
    // "Claimed" read back after a confirmation here: keep the confirmation (it has the link).
    return !(status === 'confirmed' && view.status === 'claimed');
  }

  #onClaim = () => {
    if (this.busy) return;
    const reward = this.reward;
    if (!isOnchainReward(reward)) {
      if (this.state !== 'claimable') return;
      this.#focusAfterClaim = true;
      this.dispatchEvent(claimRequest({ tierId: this.tierId }));
      return;
    }
    const status = this.onchain.status;
    if (this.#running || status === 'signing' || status === 'pending' || this.state === 'locked')
      return;
    this.#focusAfterClaim = true;
    if (this.#deliveryFor()) {
      void this.#send();
      return;
    }
    // The backend signs the voucher (or records the tokens) first; the board hands back `delivery`.
    this.#sendOnDelivery = true;
    this.dispatchEvent(claimRequest({ tierId: this.tierId }));
  };

  #onSwitch = async () => {
    const reward = this.reward;
    const wallet = this.wallet;
    if (!isOnchainReward(reward) || !wallet) return;
    try {
      await wallet.switchChain(reward.chainId, this.chain ?? undefined);
    } catch (error) {
      const questError =
        error instanceof QuestError ? error : new QuestError('UNKNOWN', String(error));
      this.onchain = { status: 'failed', error: questError };
      this.dispatchEvent(questEvent('quest-error', { error: questError }));
      return;
    }
    await this.#send();
  };

  async #send(): Promise<void> {
    if (this.#running) return;
    const running = new AbortController();
    const context = this.#context(running.signal);
    if (!context) return;
    this.#running = running;
    const kind = context.reward.kind;
    const tierId = this.tierId;
    try {
      const claim = await loadClaim();
      await claim.runClaim(context, {
        view: (view) => {
          if (!running.signal.aborted) this.onchain = view;
        },
        sent: (sent: SentClaim) =>
          this.dispatchEvent(
            questEvent('quest-reward-sent', {
              tierId,
              kind,
              sponsored: sent.sponsored,
              ...(sent.hash ? { hash: sent.hash } : {}),
              ...(sent.callsId ? { callsId: sent.callsId } : {}),
            }),
          ),
        confirmed: (hash, sponsored) =>
          this.dispatchEvent(
            questEvent('quest-reward-confirmed', { tierId, kind, sponsored, hash }),
          ),
        failed: (error) => {
          if (!running.signal.aborted) this.dispatchEvent(questEvent('quest-error', { error }));
        },
      });
    } catch (error) {
      const questError = new QuestError('NETWORK', 'The claim code could not be loaded.', {
        cause: error,
        retryable: true,
      });
      this.onchain = { status: 'failed', error: questError };
      this.dispatchEvent(questEvent('quest-error', { error: questError }));
    } finally {
      if (this.#running === running) this.#running = undefined;
    }
  }
}
