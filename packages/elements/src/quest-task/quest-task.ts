import { defineElement } from '../internal/define.js';
import { QuestTask } from './quest-task.component.js';

export { QuestTask } from './quest-task.component.js';

defineElement('quest-task', QuestTask);

declare global {
  interface HTMLElementTagNameMap {
    'quest-task': QuestTask;
  }
}
