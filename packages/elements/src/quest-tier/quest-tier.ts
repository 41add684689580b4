import { defineElement } from '../internal/define.js';
import { QuestTier } from './quest-tier.component.js';

export { QuestTier } from './quest-tier.component.js';

defineElement('quest-tier', QuestTier);

declare global {
  interface HTMLElementTagNameMap {
    'quest-tier': QuestTier;
  }
}
