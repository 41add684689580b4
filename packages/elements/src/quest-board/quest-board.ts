import '../quest-progress/quest-progress.js';
import '../quest-reward/quest-reward.js';
import '../quest-task/quest-task.js';
import '../quest-tier/quest-tier.js';
import '../quest-wallet/quest-wallet.js';
import { defineElement } from '../internal/define.js';
import { QuestBoard } from './quest-board.component.js';

export type { QuestTheme } from './quest-board.component.js';
export { QuestBoard } from './quest-board.component.js';

defineElement('quest-board', QuestBoard);

declare global {
  interface HTMLElementTagNameMap {
    'quest-board': QuestBoard;
  }
}
