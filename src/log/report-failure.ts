/**
 * Expected failures against bugs. A HearthError with a specific code is an
 * expected failure: the log gets its code, the person its sentence. Any
 * other error (or INTERNAL) is a bug: the log gets its stack under a short
 * reference, and the person gets the INTERNAL sentence with that reference,
 * so a bug report and the log line can be matched.
 */
import { randomBytes } from 'node:crypto';
import { HearthError } from '../api/errors.ts';
import type { LogFields, Logger } from './file-logger.ts';

export function isUnexpected(error: unknown): boolean {
  return !(error instanceof HearthError) || error.code === 'INTERNAL';
}

/** Logs a failure and returns the error to show in its place. */
export function reportFailure(log: Logger, area: string, event: string, error: unknown, fields: LogFields = {}): unknown {
  if (!isUnexpected(error)) {
    log.warn(area, event, { ...fields, code: (error as HearthError).code });
    return error;
  }
  const ref = randomBytes(4).toString('hex');
  log.error(area, event, { ...fields, code: 'INTERNAL', ref }, error);
  const details = error instanceof HearthError ? error.details : error instanceof Error ? error.message : String(error);
  return new HearthError('INTERNAL', {
    message: `Something went wrong inside Hearth (reference ${ref}).`,
    action: 'Try again; if it keeps happening, restart Hearth, and copy the diagnostics on the Privacy page into a bug report.',
    ...(details === undefined ? {} : { details }),
    cause: error,
  });
}
