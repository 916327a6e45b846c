// The messages between the main process and the core's utility process
// (process.parentPort ↔ UtilityProcess.postMessage; structured clone, no functions).
// Pure: both sides and their tests import it.
import type { ApiResult } from '../../core/contract/errors.ts';
import type { EventName } from '../../core/contract/method-names.ts';

/** Main → core. */
export type ToCore =
  | { type: 'invoke'; id: number; name: string; input: unknown }
  /** Finish the calls in flight, close the database, exit. */
  | { type: 'close' };

/** Core → main. */
export type FromCore =
  /** The workspace is open and calls are being served. */
  | { type: 'ready'; workspace: { name: string; dir: string } }
  /** The workspace could not be opened; the process exits after this. */
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; result: ApiResult<unknown> }
  | { type: 'event'; name: EventName; payload: unknown }
  /** The database is closed; the process exits after this. */
  | { type: 'closed' };

export function isToCore(message: unknown): message is ToCore {
  if (!isRecord(message)) return false;
  if (message.type === 'close') return true;
  return message.type === 'invoke' && Number.isSafeInteger(message.id) && typeof message.name === 'string';
}

export function isFromCore(message: unknown): message is FromCore {
  if (!isRecord(message)) return false;
  switch (message.type) {
    case 'ready':
      return isRecord(message.workspace);
    case 'failed':
      return typeof message.message === 'string';
    case 'result':
      return (
        Number.isSafeInteger(message.id) && isRecord(message.result) && typeof message.result.ok === 'boolean'
      );
    case 'event':
      return typeof message.name === 'string';
    case 'closed':
      return true;
    default:
      return false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
