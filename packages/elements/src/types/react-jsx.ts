/**
 * `@questboard/elements/jsx-react`: JSX types for the plain elements in React 19
 * (`<quest-board campaign={…} onquest-complete={…} />`). Also loaded by
 * `@questboard/elements/react`. Use it with `import type {} from '@questboard/elements/jsx-react'`
 * once in your app (or list it in tsconfig `types`).
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { QuestElementTagNameMap } from './elements.generated.js';
import type { QuestElementProps, QuestTag } from './props.js';

/** React's own HTML props for the element, then every Questboard attribute, property and event. */
export type ReactQuestElement<T extends QuestTag> = Omit<
  DetailedHTMLProps<HTMLAttributes<QuestElementTagNameMap[T]>, QuestElementTagNameMap[T]>,
  keyof QuestElementProps<T>
> &
  QuestElementProps<T>;

/** The intrinsic elements this package adds to React's JSX. */
export type QuestReactIntrinsicElements = { [T in QuestTag]: ReactQuestElement<T> };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends QuestReactIntrinsicElements {}
  }
}
