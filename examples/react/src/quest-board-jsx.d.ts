// Typed JSX for <quest-board>. React 19 passes a prop to a custom element as a property when
// the element has that property (`campaign`, `backend`, `theme`, `locale`), and a prop named
// `on<event>` becomes `addEventListener('<event>')` with the name kept as written, so
// `onquest-complete` listens to `quest-complete`.
import type { Campaign, QuestBackend } from '@questboard/core';
import type {
  QuestBoard,
  QuestClaimEvent,
  QuestCompleteEvent,
  QuestErrorEvent,
  QuestTheme,
  QuestUnlockEvent,
  QuestVerifyEvent,
  QuestWalletRequestEvent,
} from '@questboard/elements';
import type { DetailedHTMLProps, HTMLAttributes } from 'react';

export interface QuestBoardProps extends DetailedHTMLProps<HTMLAttributes<QuestBoard>, QuestBoard> {
  /** The campaign: a URL of its JSON, or the campaign object (set as a property). */
  campaign?: string | Campaign | null;
  backend?: QuestBackend;
  theme?: QuestTheme;
  locale?: string;
  'onquest-verify'?: (event: QuestVerifyEvent) => void;
  'onquest-complete'?: (event: QuestCompleteEvent) => void;
  'onquest-unlock'?: (event: QuestUnlockEvent) => void;
  'onquest-claim'?: (event: QuestClaimEvent) => void;
  'onquest-error'?: (event: QuestErrorEvent) => void;
  'onquest-wallet-request'?: (event: QuestWalletRequestEvent) => void;
}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'quest-board': QuestBoardProps;
    }
  }
}
