import { defineElement } from '../internal/define.js';
import { QuestInvite } from './quest-invite.component.js';

export { QuestInvite } from './quest-invite.component.js';

defineElement('quest-invite', QuestInvite);

declare global {
  interface HTMLElementTagNameMap {
    'quest-invite': QuestInvite;
  }
}
