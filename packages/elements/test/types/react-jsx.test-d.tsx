// Type test: the plain tags in React 19 JSX (`@questboard/elements/jsx-react`). Every
// `@ts-expect-error` line must fail to compile. (TypeScript never checks JSX attribute names
// with a dash that are not declared, like `data-*`: a misspelt `onquest-…` listener is caught
// by the React wrappers' `onQuest…` names instead.)

import type { Campaign } from '@questboard/core';
import type { QuestClaimEvent } from '@questboard/elements';
import type {} from '@questboard/elements/jsx-react';

declare const campaign: Campaign;

export const ok = (
  <>
    <quest-board
      campaign={campaign}
      theme="light"
      dev-wallet
      walletconnect-project-id="0123456789abcdef0123456789abcdef"
      onquest-complete={(event) => event.detail.points.toFixed()}
      onquest-error={(event) => event.detail.error.code}
      className="board"
      ref={(el) => {
        void el?.reload();
      }}
    />
    <quest-wallet chain-id={1} onquest-connect={(event) => event.detail.chainId} />
    <quest-passport address="0x0000000000000000000000000000000000000001" />
  </>
);

export const wrong = (
  <>
    {/* @ts-expect-error theme is light, dark or auto */}
    <quest-board theme="neon" />
    {/* @ts-expect-error quest-complete's detail has no tierId */}
    <quest-board onquest-complete={(event) => event.detail.tierId} />
    {/* @ts-expect-error a quest-claim handler is not a quest-complete handler */}
    <quest-board onquest-complete={(event: QuestClaimEvent) => event} />
    {/* @ts-expect-error campaign is a URL or a Campaign */}
    <quest-board campaign={42} />
    {/* @ts-expect-error camelCase is not how React 19 names a custom event listener */}
    <quest-board onQuestComplete={() => {}} />
    {/* @ts-expect-error no such element */}
    <quest-bored />
  </>
);
