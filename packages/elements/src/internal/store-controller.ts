import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The part of a nanostores store a controller needs. */
export interface ReadableStore<T> {
  get(): T;
  subscribe(listener: (value: T) => void): () => void;
}

/**
 * Binds a nanostores store to a Lit element: subscribes while the element is connected and
 * requests an update on every change. (`@nanostores/lit` ships CommonJS only and fails in
 * browsers, so the project keeps this one.)
 */
export class StoreController<T> implements ReactiveController {
  #unsubscribe: (() => void) | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    readonly store: ReadableStore<T>,
  ) {
    host.addController(this);
  }

  /** The store's current value. */
  get value(): T {
    return this.store.get();
  }

  hostConnected(): void {
    // `subscribe` calls back at once with the current value; an extra update is harmless.
    this.#unsubscribe = this.store.subscribe(() => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }
}
