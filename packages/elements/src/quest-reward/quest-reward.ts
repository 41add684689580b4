import { defineElement } from '../internal/define.js';
import { QuestReward } from './quest-reward.component.js';

export type { RewardState } from './quest-reward.component.js';
export { QuestReward } from './quest-reward.component.js';

defineElement('quest-reward', QuestReward);

declare global {
  interface HTMLElementTagNameMap {
    'quest-reward': QuestReward;
  }
}
