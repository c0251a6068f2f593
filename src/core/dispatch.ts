import type { z } from 'zod';
import { methods, type MethodName, type MethodResult } from '../api/contract.ts';
import { HearthError } from '../api/errors.ts';

export type Handlers = {
  [M in MethodName]: (params: z.output<(typeof methods)[M]['params']>) => MethodResult<M> | Promise<MethodResult<M>>;
};

/** Codes a schema refinement can name in its message to get a specific error. */
const refinementCodes = new Set(['MESSAGE_EMPTY', 'MESSAGE_TOO_LONG']);

function isMethodName(method: string): method is MethodName {
  return Object.hasOwn(methods, method);
}

/**
 * The boundary: every request from any transport is checked against the
 * contract before a handler sees it.
 */
export function createDispatcher(handlers: Handlers) {
  return async function dispatch(method: string, params: unknown): Promise<unknown> {
    if (!isMethodName(method)) throw new HearthError('INVALID_REQUEST', { details: `unknown method ${JSON.stringify(method)}` });
    const parsed = methods[method].params.safeParse(params ?? {});
    if (!parsed.success) {
      const specific = parsed.error.issues.find((issue) => refinementCodes.has(issue.message));
      if (specific) throw new HearthError(specific.message as 'MESSAGE_EMPTY' | 'MESSAGE_TOO_LONG');
      const details = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'params'}: ${issue.message}`).join('; ');
      throw new HearthError('INVALID_REQUEST', { details: `${method}: ${details}` });
    }
    const handler = handlers[method] as (params: unknown) => unknown;
    return handler(parsed.data);
  };
}
