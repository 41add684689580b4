/**
 * `@questboard/elements/react`: React components for every Questboard element, made with
 * `@lit/react`. Object and function props (`campaign`, `backend`, `provider`) are set as
 * element properties and `onQuest…` handlers are attached as listeners in an effect, so both
 * survive server rendering and hydration (React 19 sets neither on a custom element while it
 * hydrates). Importing this module registers the elements (once per page, whatever the number of
 * bundles) and adds the plain tags to React's JSX types.
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { defineQuestElements } from '../index.js';
import { QuestBoard as QuestBoardElement } from '../quest-board/quest-board.component.js';
import { QuestPassport as QuestPassportElement } from '../quest-passport/quest-passport.component.js';
import { QuestProgress as QuestProgressElement } from '../quest-progress/quest-progress.component.js';
import { QuestReward as QuestRewardElement } from '../quest-reward/quest-reward.component.js';
import { QuestTask as QuestTaskElement } from '../quest-task/quest-task.component.js';
import { QuestTier as QuestTierElement } from '../quest-tier/quest-tier.component.js';
import { QuestWallet as QuestWalletElement } from '../quest-wallet/quest-wallet.component.js';
import { QUEST_ELEMENT_EVENTS, type QuestElementEvents } from '../types/elements.generated.js';
import type { PascalEventName, QuestTag } from '../types/props.js';
import '../types/react-jsx.js';

defineQuestElements();

/** `{ onQuestComplete: 'quest-complete', … }` for `<T>`, typed with each event's class. */
export type QuestReactEvents<T extends QuestTag> = {
  [K in keyof QuestElementEvents[T] & string as `on${PascalEventName<K>}`]: EventName<
    QuestElementEvents[T][K] extends Event ? QuestElementEvents[T][K] : never
  >;
};

function events<T extends QuestTag>(tag: T): QuestReactEvents<T> {
  const map: Record<string, string> = {};
  for (const name of QUEST_ELEMENT_EVENTS[tag])
    map[`on${name.replace(/(^|-)(\w)/g, (_, _dash, c: string) => c.toUpperCase())}`] = name;
  return map as QuestReactEvents<T>;
}

/** `<quest-board>`: the campaign's ladder. `onQuestComplete`, `onQuestClaim`, … */
export const QuestBoard = createComponent({
  react: React,
  tagName: 'quest-board',
  elementClass: QuestBoardElement,
  events: events('quest-board'),
  displayName: 'QuestBoard',
});
/** `<quest-wallet>`: connect, sign in, switch chains. `onQuestConnect`, `onQuestDisconnect`, `onQuestError`. */
export const QuestWallet = createComponent({
  react: React,
  tagName: 'quest-wallet',
  elementClass: QuestWalletElement,
  events: events('quest-wallet'),
  displayName: 'QuestWallet',
});
/** `<quest-passport>`: an address's credentials. `onQuestError`. */
export const QuestPassport = createComponent({
  react: React,
  tagName: 'quest-passport',
  elementClass: QuestPassportElement,
  events: events('quest-passport'),
  displayName: 'QuestPassport',
});
/** `<quest-tier>` (used inside the board; exported for custom layouts). */
export const QuestTier = createComponent({
  react: React,
  tagName: 'quest-tier',
  elementClass: QuestTierElement,
  events: events('quest-tier'),
  displayName: 'QuestTier',
});
/** `<quest-task>` (used inside the board; exported for custom layouts). */
export const QuestTask = createComponent({
  react: React,
  tagName: 'quest-task',
  elementClass: QuestTaskElement,
  events: events('quest-task'),
  displayName: 'QuestTask',
});
/** `<quest-reward>` (used inside the board; exported for custom layouts). */
export const QuestReward = createComponent({
  react: React,
  tagName: 'quest-reward',
  elementClass: QuestRewardElement,
  events: events('quest-reward'),
  displayName: 'QuestReward',
});
/** `<quest-progress>`: a progress bar with its label. */
export const QuestProgress = createComponent({
  react: React,
  tagName: 'quest-progress',
  elementClass: QuestProgressElement,
  events: events('quest-progress'),
  displayName: 'QuestProgress',
});

export type QuestBoardProps = React.ComponentProps<typeof QuestBoard>;
export type QuestWalletProps = React.ComponentProps<typeof QuestWallet>;
export type QuestPassportProps = React.ComponentProps<typeof QuestPassport>;
export type QuestTierProps = React.ComponentProps<typeof QuestTier>;
export type QuestTaskProps = React.ComponentProps<typeof QuestTask>;
export type QuestRewardProps = React.ComponentProps<typeof QuestReward>;
export type QuestProgressProps = React.ComponentProps<typeof QuestProgress>;
