import { defineElement } from '../internal/define.js';
import { QuestProgress } from './quest-progress.component.js';

export { QuestProgress } from './quest-progress.component.js';

defineElement('quest-progress', QuestProgress);

declare global {
  interface HTMLElementTagNameMap {
    'quest-progress': QuestProgress;
  }
}
