import { defineElement } from '../internal/define.js';
import type { QuestConnectDetail, QuestDisconnectDetail } from './quest-wallet.component.js';
import { QuestWallet } from './quest-wallet.component.js';

export type {
  QuestConnectDetail,
  QuestDisconnectDetail,
  QuestWalletErrorDetail,
} from './quest-wallet.component.js';
export { QuestWallet } from './quest-wallet.component.js';

defineElement('quest-wallet', QuestWallet);

declare global {
  interface HTMLElementTagNameMap {
    'quest-wallet': QuestWallet;
  }
  interface HTMLElementEventMap {
    'quest-connect': CustomEvent<QuestConnectDetail>;
    'quest-disconnect': CustomEvent<QuestDisconnectDetail>;
  }
}
