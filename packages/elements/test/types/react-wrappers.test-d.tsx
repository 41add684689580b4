// Type test: the `@questboard/elements/react` wrappers take typed props and typed `onQuest…`
// handlers. Every `@ts-expect-error` line must fail to compile.
import type { Campaign } from '@questboard/core';
import { QuestBoard, QuestPassport, QuestProgress, QuestWallet } from '@questboard/elements/react';

declare const campaign: Campaign;
declare const provider: { request(args: { method: string }): Promise<unknown> };

export const ok = (
  <>
    <QuestBoard
      campaign={campaign}
      provider={provider}
      theme="dark"
      devWallet
      onQuestComplete={(event) => event.detail.totalPoints.toFixed()}
      onQuestClaim={(event) => event.detail.tierId.toUpperCase()}
      onQuestWalletRequest={(event) => event.preventDefault()}
    />
    <QuestWallet onQuestConnect={(event) => event.detail.address} chainId={8453} />
    <QuestPassport address="0x0000000000000000000000000000000000000001" />
    <QuestProgress value={3} max={8} />
  </>
);

export const wrong = (
  <>
    {/* @ts-expect-error theme is light, dark or auto */}
    <QuestBoard theme="neon" />
    {/* @ts-expect-error a misspelt event handler */}
    <QuestBoard onQuestCompleted={() => {}} />
    {/* @ts-expect-error quest-complete's detail has no tierId */}
    <QuestBoard onQuestComplete={(event) => event.detail.tierId} />
    {/* @ts-expect-error the board fires no quest-connect */}
    <QuestBoard onQuestConnect={() => {}} />
    {/* @ts-expect-error campaign is a URL or a Campaign */}
    <QuestBoard campaign={42} />
    {/* @ts-expect-error chainId is a number */}
    <QuestWallet chainId="8453" />
  </>
);
