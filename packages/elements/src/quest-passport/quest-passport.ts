import { defineElement } from '../internal/define.js';
import { QuestPassport } from './quest-passport.component.js';

export type { PassportEntry } from './quest-passport.component.js';
export { QuestPassport } from './quest-passport.component.js';

defineElement('quest-passport', QuestPassport);

declare global {
  interface HTMLElementTagNameMap {
    'quest-passport': QuestPassport;
  }
}
