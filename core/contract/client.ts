import type { DesktopBridge } from './desktop.ts';
import { ApiError, type ApiResult } from './api-error.ts';
import type { EventName, MethodName } from './method-names.ts';
import type { EventPayload, MethodInput, MethodOutput } from './methods.ts';

/**
 * What a transport offers: the Electron preload exposes exactly this as
 * `window.patchbay`; browser mode implements it over HTTP and Server-Sent Events.
 */
export interface PatchbayBridge {
  invoke(name: MethodName, input: unknown): Promise<ApiResult<unknown>>;
  /** Listen to one event; returns the function that stops listening. */
  on(name: EventName, listener: (payload: unknown) => void): () => void;
  /**
   * Browser mode only: called each time the event stream (re)connects. Events sent
   * while it was down (or before it first opened) were missed, so cached data may be stale.
   */
  onConnected?(listener: () => void): () => void;
  /** Desktop app only: the system's "Open" dialog for a file or a folder. */
  choosePath?: DesktopBridge['choosePath'];
}

/** Methods whose input has no required field can be called without one. */
type OptionalWhenEmpty<T> = Record<never, never> extends T ? [T?] : [T];

export interface PatchbayClient {
  call<N extends MethodName>(name: N, ...input: OptionalWhenEmpty<MethodInput<N>>): Promise<MethodOutput<N>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** See `PatchbayBridge.onConnected`; a transport that never misses events never calls it. */
  onConnected(listener: () => void): () => void;
}

/** A typed client over any bridge: answers the value or throws the typed `ApiError`. */
export function createClient(bridge: PatchbayBridge): PatchbayClient {
  return {
    async call<N extends MethodName>(
      name: N,
      ...[input]: OptionalWhenEmpty<MethodInput<N>>
    ): Promise<MethodOutput<N>> {
      const result = await bridge.invoke(name, input ?? {});
      // The core answered through its own dispatcher, which produced this method's output.
      if (result.ok) return result.value as MethodOutput<N>;
      throw new ApiError(result.error.kind, result.error.message, {
        ...(result.error.field === undefined ? {} : { field: result.error.field }),
        ...(result.error.issues === undefined ? {} : { issues: result.error.issues }),
      });
    },
    on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void) {
      // The bridge delivers only events named `name`, as the core emitted them.
      return bridge.on(name, (payload) => listener(payload as EventPayload<E>));
    },
    onConnected(listener) {
      return bridge.onConnected?.(listener) ?? (() => {});
    },
  };
}
