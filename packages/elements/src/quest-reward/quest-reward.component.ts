import {
  type ChainConfig,
  isSafeUrl,
  type QuestBackend,
  type Reward,
  type RewardDelivery,
} from '@questboard/core';
import type { WalletState } from '@questboard/wallet';
import { html, nothing, type PropertyValues } from 'lit';
import { claimRequest } from '../internal/actions.js';
import { isOnchainReward, type OnchainView } from '../internal/claim-types.js';
import { focusIsLost } from '../internal/focus.js';
import { QuestElement } from '../internal/quest-element.js';
import type { OnchainClaim, RenderKit } from './quest-reward.claim.js';
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

let claimModule: Promise<typeof import('./quest-reward.claim.js')> | undefined;
/**
 * The card's on-chain half (ABIs, encoders, the claim flow and its states): a chunk of its own,
 * loaded with the first badge or token card.
 */
function loadClaim(): Promise<typeof import('./quest-reward.claim.js')> {
  claimModule ??= import('./quest-reward.claim.js').catch((error) => {
    claimModule = undefined;
    throw error;
  });
  return claimModule;
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
  /** The on-chain half, once loaded (badge and token rewards only). */
  #claim: OnchainClaim | undefined;

  constructor() {
    super();
    this.tierId = '';
    this.campaignId = '';
    this.state = 'locked';
    this.busy = false;
    this.error = null;
    this.onchain = { status: 'idle' };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('reward') && isOnchainReward(this.reward) && !this.#claim)
      loadClaim().then(
        (m) => {
          this.#claim ??= new m.OnchainClaim(this);
        },
        () => {
          // Offline: the card shows what the reward is; the next reward change tries again.
        },
      );
  }

  override render() {
    const reward = this.reward;
    if (!reward) return nothing;
    const i18n = this.i18n;
    const onchain = isOnchainReward(reward) ? reward : undefined;
    const image = reward.image && isSafeUrl(reward.image) ? reward.image : undefined;
    const claim = onchain && this.#claim;
    const label = claim ? claim.label(i18n, onchain) : i18n.t('reward.label');
    const title = claim ? claim.title(onchain) : reward.title;
    const amount = claim ? claim.amount(i18n, onchain) : undefined;
    const statusClass = onchain ? ` is-onchain-${this.onchain.status}` : '';
    const kit = this.#kit();
    return html`<div part="reward" class="reward is-${this.state}${statusClass}">
      ${image ? html`<img part="reward-image" src=${image} alt="" loading="lazy" />` : nothing}
      <div class="body">
        <span part="reward-label" class="label">${label}</span>
        <span part="reward-title" class="title">${title}</span>
        ${amount ? html`<span part="reward-amount" class="amount">${amount}</span>` : nothing}
        ${reward.description ? html`<p part="reward-description" class="description">${reward.description}</p>` : nothing}
      </div>
      ${onchain ? (claim ? claim.render(kit, onchain, amount) : nothing) : this.#renderCredential()}
      ${
        claim?.renderError(kit) ||
        (this.error
          ? html`<p part="reward-error" class="error">${i18n.error(this.error)}</p>`
          : nothing)
      }
    </div>`;
  }

  #kit(): RenderKit {
    return {
      i18n: this.i18n,
      button: (label, busy) => html`<button
        part="reward-claim"
        class="button"
        type="button"
        aria-disabled=${busy ? 'true' : 'false'}
        @click=${this.#onClaim}
      >
        ${label}
      </button>`,
      stateText: (text, busy = false) =>
        html`<p part="reward-state" class="state" id="state" tabindex="-1" aria-busy=${busy ? 'true' : 'false'}>
          ${text}
        </p>`,
    };
  }

  #renderCredential() {
    const { i18n, button, stateText } = this.#kit();
    if (this.state === 'claimable')
      return button(this.busy ? i18n.t('reward.claiming') : i18n.t('reward.claim'), this.busy);
    return stateText(this.state === 'claimed' ? i18n.t('reward.claimed') : i18n.t('reward.locked'));
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.#focusAfterClaim && changed.has('state') && this.state === 'claimed') {
      this.#focusAfterClaim = false;
      if (focusIsLost()) this.renderRoot.querySelector<HTMLElement>('#state')?.focus();
    }
  }

  #onClaim = () => {
    if (this.busy) return;
    if (isOnchainReward(this.reward)) {
      this.#claim?.claim();
      return;
    }
    if (this.state !== 'claimable') return;
    this.#focusAfterClaim = true;
    this.dispatchEvent(claimRequest({ tierId: this.tierId }));
  };
}
