import { html } from 'lit';
import { QuestElement } from '../internal/quest-element.js';
import { progressStyles } from './quest-progress.styles.js';

/**
 * A labelled progress bar: how many of the campaign's tasks are done.
 *
 * @tagname quest-progress
 * @summary Campaign progress bar with a label and an "n of m" text.
 *
 * @csspart progress - The wrapper.
 * @csspart progress-label - The label.
 * @csspart progress-text - The "3 of 8 tasks done" text.
 * @csspart progress-bar - The native `<progress>` bar.
 *
 * @cssproperty --quest-progress-track - Colour of the empty track (default: `--quest-color-border`).
 * @cssproperty --quest-progress-fill - Colour of the filled part (default: `--quest-color-accent`).
 */
export class QuestProgress extends QuestElement {
  static override styles = progressStyles;

  static override properties = {
    value: { type: Number },
    max: { type: Number },
    label: { type: String },
  };

  /** Tasks done. */
  declare value: number;
  /** Tasks in total. */
  declare max: number;
  /** The bar's visible label (default: "Campaign progress" in the locale). */
  declare label: string | undefined;

  constructor() {
    super();
    this.value = 0;
    this.max = 0;
  }

  override render() {
    const i18n = this.i18n;
    const max = Math.max(0, this.max);
    const value = Math.min(Math.max(0, this.value), max);
    return html`<div part="progress">
      <div class="header">
        <span part="progress-label" class="label" id="label">${this.label ?? i18n.t('progress.label')}</span>
        <span part="progress-text" class="text">${i18n.t('progress.text', { value, n: max })}</span>
      </div>
      <progress part="progress-bar" aria-labelledby="label" max=${max || 1} .value=${value}></progress>
    </div>`;
  }
}
