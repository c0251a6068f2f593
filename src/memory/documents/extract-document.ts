import fs from 'node:fs/promises';
import path from 'node:path';
import { HearthError } from '../../api/errors.ts';
import type { LaunchWorker } from '../../common/worker-process.ts';
import { defaultDocumentLimits, type DocumentLimits } from './document-limits.ts';
import { detectDocumentKind } from './document-kind.ts';
import { readInReader } from './reader-process.ts';
import type { ExtractedDocument } from './types.ts';

/** Larger files are refused before reading: their text would not fit comfortably in memory. */
export const maxDocumentBytes = 200 * 1024 * 1024;

export interface ExtractOptions {
  /** Cancelling kills the reader process; the extraction throws DOCUMENT_CANCELLED. */
  signal?: AbortSignal;
  /** PDF only: called after each page. */
  onProgress?: (pagesDone: number, pagesTotal: number) => void;
  /** Limits other than the defaults, each on its own. */
  limits?: Partial<DocumentLimits>;
  /** How the reader process starts: a forked Node child unless the desktop app passes its own. */
  launch?: LaunchWorker;
}

/**
 * The text of a document with where each part sits: one section per PDF page
 * that has text, or one section for a whole text, Markdown or HTML file.
 * The file is read in a separate process held to memory, time and size
 * limits (document-limits.ts), so no document can take this process's memory
 * or hold up its event loop. Every failure is a HearthError with a DOCUMENT_* code.
 */
export async function extractDocument(file: string, options: ExtractOptions = {}): Promise<ExtractedDocument> {
  const kind = detectDocumentKind(file);
  const name = path.basename(file);
  await checkFile(file, name);
  const sections = await readInReader(file, kind, {
    limits: { ...defaultDocumentLimits, ...options.limits },
    signal: options.signal,
    onProgress: options.onProgress,
    launch: options.launch,
  });
  if (sections.length === 0) {
    throw new HearthError('DOCUMENT_EMPTY', kind === 'pdf' ? { details: name } : { message: 'The file contains no text.', action: 'Check that this is the file you meant, and add it again once it has text.', details: name });
  }
  return { kind, sections };
}

async function checkFile(file: string, name: string): Promise<void> {
  const stats = await fs.stat(file).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ENOENT' || error.code === 'ENOTDIR'
      ? new HearthError('DOCUMENT_NOT_FOUND', { details: file, cause: error })
      : new HearthError('DOCUMENT_UNREADABLE', { message: 'Hearth is not allowed to read the file.', action: 'Allow your user account to read it (its permissions), then add it again.', details: `${file}: ${error.message}`, cause: error });
  });
  if (!stats.isFile()) throw new HearthError('DOCUMENT_UNREADABLE', { message: 'This is a folder or a device, not a file.', action: 'Add the folder itself to read the files in it, or choose a file.', details: file });
  if (stats.size > maxDocumentBytes) {
    throw new HearthError('DOCUMENT_TOO_LARGE', { details: `${name} is ${(stats.size / 1024 / 1024).toFixed(0)} MB` });
  }
}
