import { isSafeUrl, type Reward } from '@questboard/core';
import { html, nothing, type PropertyValues } from 'lit';
import { claimRequest } from '../internal/actions.js';
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
  'reward-description',
  'reward-claim',
  'reward-state',
  'reward-error',
].join(', ');

/**
 * A tier's reward: what it is, and a claim button once the tier is complete.
 *
 * @tagname quest-reward
 * @summary A tier's reward with its claim button and claimed state.
 *
 * @csspart reward - The reward's box (carries `is-<state>` classes).
 * @csspart reward-image - The reward image (when the campaign gives one).
 * @csspart reward-label - The "Reward" label.
 * @csspart reward-title - The reward's title.
 * @csspart reward-description - Its description.
 * @csspart reward-claim - The claim button (claimable rewards).
 * @csspart reward-state - "Claimed", or what is left to do; receives focus after a claim.
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
  };

  /** The reward (from the campaign). */
  declare reward: Reward | undefined;
  /** The id of the tier it belongs to (sent with the claim request). */
  declare tierId: string;
  /** Whether it can be claimed, or was. */
  declare state: RewardState;
  /** A claim is in flight. */
  declare busy: boolean;
  /** Why the last claim failed. */
  declare error: { code: string; shortMessage: string } | null;

  #focusAfterClaim = false;

  constructor() {
    super();
    this.tierId = '';
    this.state = 'locked';
    this.busy = false;
    this.error = null;
  }

  override render() {
    const reward = this.reward;
    if (!reward) return nothing;
    const i18n = this.i18n;
    return html`<div part="reward" class="reward is-${this.state}">
      ${reward.image && isSafeUrl(reward.image) ? html`<img part="reward-image" src=${reward.image} alt="" loading="lazy" />` : nothing}
      <div class="body">
        <span part="reward-label" class="label">${i18n.t('reward.label')}</span>
        <span part="reward-title" class="title">${reward.title}</span>
        ${reward.description ? html`<p part="reward-description" class="description">${reward.description}</p>` : nothing}
      </div>
      ${
        this.state === 'claimable'
          ? html`<button
              part="reward-claim"
              class="button"
              type="button"
              aria-disabled=${this.busy ? 'true' : 'false'}
              @click=${this.#onClaim}
            >
              ${this.busy ? i18n.t('reward.claiming') : i18n.t('reward.claim')}
            </button>`
          : html`<p part="reward-state" class="state" id="state" tabindex="-1">
              ${this.state === 'claimed' ? i18n.t('reward.claimed') : i18n.t('reward.locked')}
            </p>`
      }
      ${this.error ? html`<p part="reward-error" class="error">${i18n.error(this.error)}</p>` : nothing}
    </div>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.#focusAfterClaim && changed.has('state') && this.state === 'claimed') {
      this.#focusAfterClaim = false;
      if (focusIsLost()) this.renderRoot.querySelector<HTMLElement>('#state')?.focus();
    }
  }

  #onClaim = () => {
    if (this.busy || this.state !== 'claimable') return;
    this.#focusAfterClaim = true;
    this.dispatchEvent(claimRequest({ tierId: this.tierId }));
  };
}
