import type { LadderTier } from '@questboard/core';
import { html, nothing } from 'lit';
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
    a.unlock?.needed === b.unlock?.needed
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
 * @csspart tier - The tier's box (carries `is-<state>` classes).
 * @csspart tier-header - Title, state and count.
 * @csspart tier-title - The title.
 * @csspart tier-state - The state ("In progress", "Locked"…).
 * @csspart tier-count - "1 of 3 done".
 * @csspart tier-description - The description.
 * @csspart tier-lock - What unlocks a locked tier.
 * @csspart tier-tasks - The list of tasks.
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
  };

  /** The tier and its derived state (from the board's ladder). */
  declare tier: LadderTier | undefined;
  /** The title of the tier that unlocks this one. */
  declare afterTitle: string | undefined;
  /** How many tasks the tier that unlocks this one has. */
  declare afterTotal: number | undefined;

  override render() {
    const entry = this.tier;
    if (!entry) return nothing;
    const { tier, state } = entry;
    const i18n = this.i18n;
    return html`<section part="tier" class="tier is-${state}" aria-labelledby="title">
      <div part="tier-header" class="header">
        <h3 part="tier-title" class="title" id="title">${tier.title}</h3>
        <span part="tier-state" class="state">${i18n.t(`tier.state.${state}`)}</span>
        <span part="tier-count" class="count">
          ${i18n.t('tier.progress', { done: entry.done, n: tier.tasks.length })}
        </span>
      </div>
      ${tier.description ? html`<p part="tier-description" class="description">${tier.description}</p>` : nothing}
      ${state === 'locked' ? html`<p part="tier-lock" class="lock">${this.#lockText(entry)}</p>` : nothing}
      <div part="tier-tasks" class="tasks" role="list"><slot></slot></div>
      <slot name="reward"></slot>
    </section>`;
  }

  #lockText(entry: LadderTier): string {
    const unlock = entry.unlock;
    if (!unlock) return '';
    const i18n = this.i18n;
    const tier = this.afterTitle ?? unlock.after;
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
