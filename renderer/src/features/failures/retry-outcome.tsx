import type { MethodOutput } from '../../../../core/contract/methods.ts';
import { retryOutcome } from './labels.ts';

/** What a retry did, in words: calm when everything went through, plain when some still fail. */
export function RetryOutcome({ result }: { result: MethodOutput<'failures.retry'> }) {
  const { message, settled } = retryOutcome(result);
  return <p className={settled ? 'success-text' : undefined}>{message}</p>;
}
