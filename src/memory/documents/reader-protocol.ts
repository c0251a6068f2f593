import type { ErrorPayload } from '../../api/errors.ts';
import type { DocumentLimits } from './document-limits.ts';
import type { DocumentKind, PassageLocation } from './types.ts';

/** The messages between the core and the document reader process (reader-worker.ts), one document at a time. */
export interface ReadRequest {
  type: 'read';
  file: string;
  kind: DocumentKind;
  limits: DocumentLimits;
}

export type FromReader =
  /** Its resident memory, every ~100 ms while it reads: what the core watches where it cannot see /proc. */
  | { type: 'memory'; rssBytes: number }
  | { type: 'progress'; pagesDone: number; pagesTotal: number }
  /** A piece of the next section's text: a section comes in pieces, so no one message holds up the core for long. */
  | { type: 'text'; text: string }
  /** The pieces sent since the last section make this section's text. */
  | { type: 'section'; location: PassageLocation }
  | { type: 'done' }
  | { type: 'failed'; error: ErrorPayload };

/** Characters of text per message: a 1 MB message parses in about a millisecond. */
export const textPieceChars = 1024 * 1024;
