/**
 * `@questboard/elements/jsx-preact`: JSX types for the elements in Preact
 * (`<quest-board campaign={…} onquest-complete={…} />`). Use it with
 * `import type {} from '@questboard/elements/jsx-preact'` once in your app.
 */
import type { JSX } from 'preact';
import type { QuestElementTagNameMap } from './elements.generated.js';
import type { QuestElementProps, QuestTag } from './props.js';

/** Preact's own HTML props for the element, then every Questboard attribute, property and event. */
export type PreactQuestElement<T extends QuestTag> = Omit<
  JSX.HTMLAttributes<QuestElementTagNameMap[T]>,
  keyof QuestElementProps<T>
> &
  QuestElementProps<T>;

/** The intrinsic elements this package adds to Preact's JSX. */
export type QuestPreactIntrinsicElements = { [T in QuestTag]: PreactQuestElement<T> };

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements extends QuestPreactIntrinsicElements {}
  }
}
