import { errorCodes, HearthError } from '../../api/errors.ts';

/**
 * How much reading one document may take. A small file can expand enormously
 * when read (a PDF "bomb": 1 MB of compressed zeros inflates to 1 GiB), so
 * every document is read in a separate process held to these limits.
 */
export interface DocumentLimits {
  /** The reader process's resident memory; it is killed above this. */
  maxMemoryBytes: number;
  /** A PDF's compressed (Flate) streams, inflated, all together; checked before pdf.js reads them. */
  maxExpandedBytes: number;
  /** The extracted text, in characters: what is chunked, stored and embedded. */
  maxTextChars: number;
  /** From asking for the document to having its text; the reader is killed after this. */
  timeLimitMs: number;
}

const mb = 1024 * 1024;

/**
 * Reading a 200-page book takes ~150 MB of memory. 16 MB of text is ~28,000
 * passages: tens of minutes of embedding on a CPU, and about a second to
 * store them in one transaction (measured: 10 MB of text, 550 ms).
 */
export const defaultDocumentLimits: DocumentLimits = {
  maxMemoryBytes: 1024 * mb,
  maxExpandedBytes: 256 * mb,
  maxTextChars: 16 * mb,
  timeLimitMs: 120_000,
};

/** The limits' numbers go into the sentences, so a person reads the limit that applied. */
const inMb = (bytes: number) => `${Math.round(bytes / mb)} MB`;

export function expandsTooMuch(name: string, limitBytes: number): HearthError {
  return new HearthError('DOCUMENT_EXPANDS_TOO_MUCH', {
    message: `This file expands to more than ${inMb(limitBytes)} when read, so Hearth did not read it.`,
    action: errorCodes.DOCUMENT_EXPANDS_TOO_MUCH.action,
    details: `${name}: its compressed streams inflate to more than ${limitBytes} bytes`,
  });
}

/** The reader was killed for memory: what the file expands to was never measured, only what reading it took. */
export function needsTooMuchMemory(name: string, limitBytes: number, details: string): HearthError {
  return new HearthError('DOCUMENT_EXPANDS_TOO_MUCH', {
    message: `This file expands to more than ${inMb(limitBytes)} in memory when read, so Hearth stopped reading it.`,
    action: errorCodes.DOCUMENT_EXPANDS_TOO_MUCH.action,
    details: `${name}: ${details}`,
  });
}

export function textTooLong(name: string, limitChars: number): HearthError {
  return new HearthError('DOCUMENT_TEXT_TOO_LONG', {
    message: `The text in this file is longer than Hearth reads in one document (${inMb(limitChars)}).`,
    action: errorCodes.DOCUMENT_TEXT_TOO_LONG.action,
    details: `${name} has more than ${limitChars} characters of text`,
  });
}

export function tooSlow(name: string, limitMs: number): HearthError {
  return new HearthError('DOCUMENT_TOO_SLOW', {
    message: `Reading this file took longer than ${duration(limitMs)}, so Hearth stopped.`,
    action: errorCodes.DOCUMENT_TOO_SLOW.action,
    details: `${name}: not read within ${limitMs} ms`,
  });
}

function duration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds >= 60 && seconds % 60 === 0) return seconds === 60 ? '1 minute' : `${seconds / 60} minutes`;
  return seconds === 1 ? '1 second' : `${seconds} seconds`;
}
