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

/** ES2024's String.prototype.isWellFormed, which the project's ES2023 typings do not declare yet. */
const isWellFormed = (text: string) => (text as string & { isWellFormed(): boolean }).isWellFormed();

/**
 * The path of the first string (value or key) in `value` that is not
 * well-formed Unicode, or null. SQLite would store a lone surrogate as
 * U+FFFD, so the text kept would differ from the text acknowledged.
 * Iterative, so no nesting depth can overflow the stack.
 */
export function findBrokenText(value: unknown): string | null {
  const pending: { value: unknown; path: string }[] = [{ value, path: 'params' }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value === 'string') {
      if (!isWellFormed(next.value)) return next.path;
    } else if (typeof next.value === 'object' && next.value !== null) {
      for (const [key, child] of Object.entries(next.value)) {
        if (!isWellFormed(key)) return next.path;
        pending.push({ value: child, path: `${next.path}.${key}` });
      }
    }
  }
  return null;
}

/**
 * The boundary: every request from any transport is checked against the
 * contract before a handler sees it.
 */
export function createDispatcher(handlers: Handlers) {
  return async function dispatch(method: string, params: unknown): Promise<unknown> {
    if (!isMethodName(method)) throw new HearthError('INVALID_REQUEST', { details: `unknown method ${JSON.stringify(method.slice(0, 100))}` });
    const parsed = methods[method].params.safeParse(params ?? {});
    if (!parsed.success) {
      const specific = parsed.error.issues.find((issue) => refinementCodes.has(issue.message));
      if (specific) throw new HearthError(specific.message as 'MESSAGE_EMPTY' | 'MESSAGE_TOO_LONG');
      const details = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'params'}: ${issue.message}`).join('; ');
      throw new HearthError('INVALID_REQUEST', { details: `${method}: ${details}` });
    }
    const broken = findBrokenText(parsed.data);
    if (broken !== null) throw new HearthError('TEXT_INVALID_UNICODE', { details: `${method}: ${broken} holds a lone UTF-16 surrogate` });
    const handler = handlers[method] as (params: unknown) => unknown;
    return handler(parsed.data);
  };
}
