import type { Core } from '../../core/host/core.ts';
import type { Logger } from '../../core/ports.ts';
import { isToCore, type FromCore } from './protocol.ts';

/** The part of Electron's `process.parentPort` this uses (a fake in tests). */
export interface ParentPortLike {
  on(event: 'message', listener: (messageEvent: { data: unknown }) => void): unknown;
  postMessage(message: FromCore): void;
}

export interface ServeCoreOptions {
  readonly logger: Logger;
  /** Ends the process once the database is closed. */
  readonly exit: (code: number) => void;
}

/**
 * Serves an open core over the parent port: answers each `invoke` with its
 * `ApiResult`, forwards every core event, and on `close` lets the calls in flight
 * finish, closes the database and exits. Returns the same clean shutdown, for signals.
 */
export function serveCore(port: ParentPortLike, core: Core, options: ServeCoreOptions): () => Promise<void> {
  const { logger } = options;
  const inFlight = new Set<Promise<void>>();
  let closing: Promise<void> | undefined;

  const post = (message: FromCore): void => {
    try {
      port.postMessage(message);
    } catch (error) {
      // A value the structured clone cannot copy (a function, a class with private
      // state): answer the call with a typed error rather than leaving it hanging.
      logger.error('Could not send a message to the main process', error);
      if (message.type === 'result') {
        port.postMessage({
          type: 'result',
          id: message.id,
          result: {
            ok: false,
            error: { kind: 'internal', message: 'Patchbay could not send the answer to the window.' },
          },
        });
      }
    }
  };

  const stopEvents = core.onEvent((event) =>
    post({ type: 'event', name: event.name, payload: event.payload }),
  );

  const shutdown = (): Promise<void> => {
    closing ??= (async () => {
      stopEvents();
      await Promise.allSettled([...inFlight]);
      try {
        // Runs in progress finish their page in flight (checkpointed) before the database closes.
        await core.shutdown();
      } catch (error) {
        logger.error('Closing the workspace database failed', error);
      }
      post({ type: 'closed' });
      options.exit(0);
    })();
    return closing;
  };

  port.on('message', ({ data }) => {
    if (!isToCore(data)) {
      logger.error(`Ignored a message the core does not understand: ${JSON.stringify(data)?.slice(0, 200)}`);
      return;
    }
    if (data.type === 'close') {
      void shutdown();
      return;
    }
    const { id } = data;
    if (closing) {
      post({
        type: 'result',
        id,
        result: { ok: false, error: { kind: 'unavailable', message: 'Patchbay is closing.' } },
      });
      return;
    }
    const call = core
      .invoke(data.name, data.input)
      .catch((error: unknown) => {
        // core.invoke is documented never to throw; keep the promise honest anyway.
        logger.error(`The call ${data.name} threw`, error);
        return {
          ok: false,
          error: { kind: 'internal', message: 'Something went wrong inside Patchbay.' },
        } as const;
      })
      .then((result) => post({ type: 'result', id, result }));
    inFlight.add(call);
    void call.finally(() => inFlight.delete(call));
  });

  return shutdown;
}

/**
 * When the workspace cannot be opened: tell main why, answer every call with that
 * reason as an `unavailable` error, and exit when main says close.
 */
export function serveFailure(port: ParentPortLike, message: string, options: ServeCoreOptions): void {
  port.postMessage({ type: 'failed', message });
  port.on('message', ({ data }) => {
    if (!isToCore(data)) return;
    if (data.type === 'close') {
      port.postMessage({ type: 'closed' });
      options.exit(0);
      return;
    }
    port.postMessage({
      type: 'result',
      id: data.id,
      result: { ok: false, error: { kind: 'unavailable', message } },
    });
  });
}
