import type { EventName } from '../contract/method-names.ts';
import type { EventPayload, PatchbayEvent } from '../contract/methods.ts';

export type EventListener = (event: PatchbayEvent) => void;

/** Fans core events out to every transport; a throwing listener cannot stop the others. */
export class EventBus {
  readonly #listeners = new Set<EventListener>();
  readonly #onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void) {
    this.#onListenerError = onListenerError;
  }

  on(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener({ name, payload } as PatchbayEvent);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }
}
