/**
 * `@questboard/elements/svelte`: types the elements in Svelte 5 markup (svelte-check): every
 * attribute and property (`campaign={…}`, `dev-wallet`) and every event (`onquest-complete`).
 * Use it with `import type {} from '@questboard/elements/svelte'` once in your app.
 */
import type { HTMLAttributes } from 'svelte/elements';
import type { QuestElementTagNameMap } from './elements.generated.js';
import type { QuestElementProps, QuestTag } from './props.js';

/** Svelte's own HTML attributes for the element, then every Questboard one. */
export type SvelteQuestElement<T extends QuestTag> = Omit<
  HTMLAttributes<QuestElementTagNameMap[T]>,
  keyof QuestElementProps<T>
> &
  QuestElementProps<T>;

/** The elements this package adds to `svelte/elements`. */
export type QuestSvelteElements = { [T in QuestTag]: SvelteQuestElement<T> };

declare module 'svelte/elements' {
  interface SvelteHTMLElements extends QuestSvelteElements {}
}
