/**
 * `@questboard/elements/vue`: types the elements in Vue templates (Volar / vue-tsc): every
 * attribute and property (`:campaign="…"`, `dev-wallet`) and every event (`@quest-complete`).
 * Use it with `import type {} from '@questboard/elements/vue'` once in your app.
 */
import type { DefineComponent } from 'vue';
import type { QuestElementAttributes, QuestElementProperties } from './elements.generated.js';
import type { QuestHandlerProps, QuestTag } from './props.js';

/** A Questboard element as Vue's type checker sees it. */
export type VueQuestElement<T extends QuestTag> = DefineComponent<
  QuestElementAttributes[T] & QuestElementProperties[T] & QuestHandlerProps<T>
>;

/** The components this package adds to Vue's `GlobalComponents`. */
export type QuestVueComponents = { [T in QuestTag]: VueQuestElement<T> };

declare module 'vue' {
  interface GlobalComponents extends QuestVueComponents {}
}
