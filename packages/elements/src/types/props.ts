/**
 * What a template may set on each Questboard element, derived from the generated maps
 * (elements.generated.ts, from custom-elements.json): the framework typings in this folder are
 * built from these, never listed by hand.
 */
import type {
  QuestElementAttributes,
  QuestElementEvents,
  QuestElementProperties,
  QuestElementTagNameMap,
} from './elements.generated.js';

export type {
  QuestElementAttributes,
  QuestElementEvents,
  QuestElementProperties,
  QuestElementTagNameMap,
} from './elements.generated.js';

/** A Questboard tag name: `'quest-board'`, `'quest-wallet'`, … */
export type QuestTag = keyof QuestElementTagNameMap;

/** `'quest-complete'` → `'QuestComplete'`. */
export type PascalEventName<S extends string> = S extends `${infer Head}-${infer Rest}`
  ? `${Capitalize<Head>}${PascalEventName<Rest>}`
  : Capitalize<S>;

/** `on<event-name>` listeners, the event name kept as is (React 19, Preact, Svelte 5). */
export type QuestListenerProps<T extends QuestTag> = {
  [K in keyof QuestElementEvents[T] & string as `on${K}`]?: (
    event: QuestElementEvents[T][K],
  ) => void;
};

/** `onQuestComplete`-style handlers (Vue's `@quest-complete`, the React wrappers). */
export type QuestHandlerProps<T extends QuestTag> = {
  [K in keyof QuestElementEvents[T] & string as `on${PascalEventName<K>}`]?: (
    event: QuestElementEvents[T][K],
  ) => void;
};

/** Everything a template may set on `<T>`: attributes, properties and `on<event>` listeners. */
export type QuestElementProps<T extends QuestTag> = QuestElementAttributes[T] &
  QuestElementProperties[T] &
  QuestListenerProps<T>;
