import { ApiError, invalidInputError, type ApiResult } from './errors.ts';
import { parsePlainly } from './plain-issue.ts';
import { quoted } from './text-rules.ts';
import { isMethodName, type MethodName } from './method-names.ts';
import { methods, type MethodOutput, type MethodParsedInput } from './methods.ts';

/** What the core provides for each method: input already validated. */
export type Handlers = {
  [N in MethodName]: (input: MethodParsedInput<N>) => MethodOutput<N> | Promise<MethodOutput<N>>;
};

export type Invoke = (name: string, input: unknown) => Promise<ApiResult<unknown>>;

/**
 * The one entry every transport calls: checks the name, validates the input with the
 * method's schema (a bad input changes nothing), runs the handler and turns any throw
 * into a typed error. Unexpected errors are reported to `onUnexpected` and answered
 * with a generic message, so raw library errors never cross the contract.
 */
export function createDispatcher(handlers: Handlers, onUnexpected: (error: unknown) => void): Invoke {
  return async (name, input) => {
    if (!isMethodName(name)) {
      return {
        ok: false,
        error: { kind: 'not_found', message: `There is no API method called ${quoted(name)}.` },
      };
    }
    const parsed = parsePlainly(methods[name].input, input ?? {});
    if (!parsed.success) return { ok: false, error: invalidInputError(parsed.error).toData() };
    try {
      const handler = handlers[name] as (input: unknown) => unknown;
      const value = await handler(parsed.data);
      return { ok: true, value };
    } catch (error) {
      if (error instanceof ApiError) return { ok: false, error: error.toData() };
      onUnexpected(error);
      return {
        ok: false,
        error: {
          kind: 'internal',
          message: 'Something went wrong inside Patchbay. The details are in the log.',
        },
      };
    }
  };
}
