import type { LadderTier } from '@questboard/core';
import { html, nothing, type PropertyValues } from 'lit';
import { QuestElement } from '../internal/quest-element.js';
import { tierStyles } from './quest-tier.styles.js';

/** Whether two ladder tiers render the same header (tasks render themselves). */
export function sameTierEntry(a: LadderTier | undefined, b: LadderTier | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return (
    a.tier === b.tier &&
    a.state === b.state &&
    a.done === b.done &&
    a.claimable === b.claimable &&
    a.unlock?.met === b.unlock?.met &&
    a.unlock?.have === b.unlock?.have &&
    a.unlock?.needed === b.unlock?.needed &&
    a.unlock?.inSegment === b.unlock?.inSegment
  );
}

/** Every part of `<quest-tier>`, for `exportparts`. */
export const TIER_PARTS = [
  'tier',
  'tier-header',
  'tier-title',
  'tier-state',
  'tier-count',
  'tier-description',
  'tier-lock',
  'tier-tasks',
  'tier-toggle',
  'tier-body',
].join(', ');

/**
 * One tier of the ladder: its title, state, what unlocks it, its tasks and its reward.
 *
 * @tagname quest-tier
 * @summary A tier of the quest ladder, with its tasks and reward slotted in.
 *
 * @slot - The tier's tasks (`<quest-task>` elements, each with `role="listitem"`).
 * @slot reward - The tier's reward (`<quest-reward>`).
 *
 * @csspart tier - The tier's box (carries `is-<state>` classes, and `is-folded` while folded).
 * @csspart tier-header - Title, state and count.
 * @csspart tier-title - The title.
 * @csspart tier-state - The state ("In progress", "Locked"…).
 * @csspart tier-count - "1 of 3 done".
 * @csspart tier-description - The description.
 * @csspart tier-lock - What unlocks a locked tier ("Open to selected members only" for a tier
 *   gated on a segment the wallet is not in).
 * @csspart tier-tasks - The list of tasks.
 * @csspart tier-toggle - The title's disclosure button of a folded finished tier
 *   (`aria-expanded`; Enter or Space opens and closes it).
 * @csspart tier-body - Description, lock, tasks and reward (hidden while folded).
 *
 * @cssproperty --quest-tier-background - Background (default: `--quest-color-surface`).
 * @cssproperty --quest-tier-radius - Corner radius (default: `--quest-radius`).
 */
export class QuestTier extends QuestElement {
  static override styles = tierStyles;

  static override properties = {
    tier: { attribute: false, hasChanged: (a: LadderTier, b: LadderTier) => !sameTierEntry(a, b) },
    afterTitle: { attribute: 'after-title' },
    afterTotal: { type: Number, attribute: 'after-total' },
    foldable: { type: Boolean },
    expanded: { state: true },
  };

  /** The tier and its derived state (from the board's ladder). */
  declare tier: LadderTier | undefined;
  /** The title of the tier that unlocks this one. */
  declare afterTitle: string | undefined;
  /** How many tasks the tier that unlocks this one has. */
  declare afterTotal: number | undefined;
  /**
   * The tier is finished (every task done, its reward claimed or none): it folds to a one-line
   * summary whose title opens it. A tier finished while the visitor watches stays open until
   * they fold it; one already finished when shown starts folded.
   */
  declare foldable: boolean;
  /** Whether a foldable tier is open. */
  declare protected expanded: boolean;

  constructor() {
    super();
    this.foldable = false;
    this.expanded = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // Finished just now (it was shown unfinished): keep it open, the visitor sees what happened.
    if (
      changed.has('foldable') &&
      this.foldable &&
      changed.get('foldable') === false &&
      this.hasUpdated
    )
      this.expanded = true;
  }

  #toggle = () => {
    this.expanded = !this.expanded;
  };

  override render() {
    const entry = this.tier;
    if (!entry) return nothing;
    const { tier, state } = entry;
    const i18n = this.i18n;
    const folded = this.foldable && !this.expanded;
    return html`<section part="tier" class="tier is-${state}${folded ? ' is-folded' : ''}" aria-labelledby="title">
      <div part="tier-header" class="header">
        <h3 part="tier-title" class="title" id="title">${
          this.foldable
            ? html`<button
                part="tier-toggle"
                class="toggle"
                type="button"
                aria-expanded=${folded ? 'false' : 'true'}
                aria-controls="body"
                @click=${this.#toggle}
              >${tier.title}</button>`
            : tier.title
        }</h3>
        <span part="tier-state" class="state">${i18n.t(`tier.state.${state}`)}</span>
        <span part="tier-count" class="count">
          ${i18n.t('tier.progress', { done: entry.done, n: tier.tasks.length })}
        </span>
      </div>
      <div part="tier-body" class="body" id="body" ?hidden=${folded}>
        ${tier.description ? html`<p part="tier-description" class="description">${tier.description}</p>` : nothing}
        ${state === 'locked' ? html`<p part="tier-lock" class="lock">${this.#lockText(entry)}</p>` : nothing}
        <div part="tier-tasks" class="tasks" role="list"><slot></slot></div>
        <slot name="reward"></slot>
      </div>
    </section>`;
  }

  #lockText(entry: LadderTier): string {
    const unlock = entry.unlock;
    if (!unlock) return '';
    const i18n = this.i18n;
    // A tier gated on a segment the wallet is not in: nothing the visitor does opens it.
    if (unlock.inSegment === false) return i18n.t('tier.unlock.segment');
    const tier = this.afterTitle ?? unlock.after ?? '';
    // Enough tasks are done but the tier before is itself still locked.
    if (unlock.have >= unlock.needed) return i18n.t('tier.unlock.waiting', { tier });
    const params = { tier, n: unlock.needed, have: unlock.have };
    if (unlock.require === 'any') return i18n.t('tier.unlock.any', params);
    if (typeof unlock.require === 'object') {
      // `needed` is capped at the tier's size; `total` comes from the same count the engine used.
      return i18n.t('tier.unlock.atLeast', { ...params, total: this.afterTotal ?? unlock.needed });
    }
    return i18n.t('tier.unlock.all', params);
  }
}
