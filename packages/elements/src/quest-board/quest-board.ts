import '../quest-progress/quest-progress.js';
import '../quest-reward/quest-reward.js';
import '../quest-task/quest-task.js';
import '../quest-tier/quest-tier.js';
// <quest-wallet> is not imported here: the board loads it (a chunk of its own) when a campaign
// needs a wallet or the page configures one, so boards without wallet tasks never pay for it.
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
