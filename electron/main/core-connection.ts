// The main process's side of the core process: request ids, answers, events and a
// clean close. No electron import (core-host.ts adapts a UtilityProcess to
// CoreChannel), so it is tested in plain Node against the real serveCore.
import type { ApiResult } from '../../core/contract/errors.ts';
import { isEventName, type EventName } from '../../core/contract/method-names.ts';
import type { Logger } from '../../core/ports.ts';
import { isFromCore, type FromCore, type ToCore } from '../core-process/protocol.ts';

/** A running core process, as far as the connection needs one. */
export interface CoreChannel {
  send(message: ToCore): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number) => void): void;
  /** Terminates the process (SIGTERM on POSIX; the core still closes its database). */
  kill(): void;
}

export interface CoreEvent {
  name: EventName;
  payload: unknown;
}

export interface CoreHost {
  /** Answers every call with an ApiResult; never rejects. */
  invoke(name: string, input: unknown): Promise<ApiResult<unknown>>;
  onEvent(listener: (event: CoreEvent) => void): () => void;
  /** Lets the calls in flight finish, closes the database, waits for the process to end. */
  close(): Promise<void>;
}

export interface ConnectCoreOptions {
  readonly logger: Logger;
  /** How long close() waits for a clean exit before killing the process. */
  readonly closeTimeoutMs?: number;
}

export function connectCore(channel: CoreChannel, options: ConnectCoreOptions): CoreHost {
  const { logger } = options;
  const closeTimeoutMs = options.closeTimeoutMs ?? 5000;
  const pending = new Map<number, (result: ApiResult<unknown>) => void>();
  const listeners = new Set<(event: CoreEvent) => void>();
  let nextId = 1;
  /** Why calls cannot be served, once they cannot (closing, failed to open, exited). */
  let unavailableReason: string | undefined;
  let failedToOpen: string | undefined;
  let exited = false;
  let exitWaiters: (() => void)[] = [];
  let closing: Promise<void> | undefined;

  const unavailable = (message: string): ApiResult<unknown> => ({
    ok: false,
    error: { kind: 'unavailable', message },
  });

  const handle = (message: FromCore): void => {
    switch (message.type) {
      case 'result': {
        const resolve = pending.get(message.id);
        pending.delete(message.id);
        resolve?.(message.result);
        return;
      }
      case 'event':
        if (!isEventName(message.name)) return;
        for (const listener of [...listeners]) {
          try {
            listener({ name: message.name, payload: message.payload });
          } catch (error) {
            logger.error(`A listener for the core event ${message.name} failed`, error);
          }
        }
        return;
      case 'ready':
        logger.info(`Patchbay core ready: workspace "${message.workspace.name}" at ${message.workspace.dir}`);
        return;
      case 'failed':
        failedToOpen = message.message;
        logger.error(message.message);
        return;
      case 'closed':
        return;
    }
  };

  channel.onMessage((message) => {
    if (isFromCore(message)) handle(message);
    else logger.error('Ignored a message from the core process that it should not send.');
  });

  channel.onExit((code) => {
    exited = true;
    unavailableReason ??=
      failedToOpen ??
      `The Patchbay engine stopped unexpectedly (exit code ${code}). Restart Patchbay; the details are in the log.`;
    if (!closing) logger.error(`The Patchbay core process exited with code ${code}.`);
    for (const resolve of pending.values()) resolve(unavailable(unavailableReason));
    pending.clear();
    for (const waiter of exitWaiters) waiter();
    exitWaiters = [];
  });

  const waitForExit = (timeoutMs: number): Promise<boolean> =>
    new Promise((resolve) => {
      if (exited) return resolve(true);
      const timer = setTimeout(() => resolve(false), timeoutMs);
      exitWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });

  return {
    invoke(name, input) {
      if (unavailableReason !== undefined) return Promise.resolve(unavailable(unavailableReason));
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        try {
          channel.send({ type: 'invoke', id, name, input });
        } catch (error) {
          pending.delete(id);
          logger.error(`Could not send ${name} to the core process`, error);
          resolve(
            unavailable('Patchbay could not reach its engine. Restart Patchbay; the details are in the log.'),
          );
        }
      });
    },

    onEvent(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    close() {
      closing ??= (async () => {
        unavailableReason ??= 'Patchbay is closing.';
        if (exited) return;
        try {
          channel.send({ type: 'close' });
        } catch (error) {
          logger.error('Could not ask the core process to close', error);
        }
        if (await waitForExit(closeTimeoutMs)) return;
        logger.error(`The core process did not close within ${closeTimeoutMs} ms; terminating it.`);
        channel.kill();
        await waitForExit(closeTimeoutMs);
      })();
      return closing;
    },
  };
}
