import { defineElement } from '@questboard/elements';
import { QuestConsole } from './quest-console.component.js';

export { QuestConsole };

defineElement('quest-console', QuestConsole);

declare global {
  interface HTMLElementTagNameMap {
    'quest-console': QuestConsole;
  }
}
