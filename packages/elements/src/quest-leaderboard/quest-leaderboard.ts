import { defineElement } from '../internal/define.js';
import { QuestLeaderboard } from './quest-leaderboard.component.js';

export type { QuestLeaderboardPeriodDetail } from './quest-leaderboard.component.js';
export { QuestLeaderboard } from './quest-leaderboard.component.js';

defineElement('quest-leaderboard', QuestLeaderboard);

declare global {
  interface HTMLElementTagNameMap {
    'quest-leaderboard': QuestLeaderboard;
  }
}
