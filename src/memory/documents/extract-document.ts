import fs from 'node:fs/promises';
import path from 'node:path';
import { HearthError } from '../../api/errors.ts';
import { detectDocumentKind } from './document-kind.ts';
import { htmlToText } from './html-text.ts';
import { readPdfPages } from './pdf-text.ts';
import { decodeTextFile } from './text-decoding.ts';
import type { DocumentKind, DocumentSection, ExtractedDocument } from './types.ts';

/** Larger files are refused before reading: their text would not fit comfortably in memory. */
export const maxDocumentBytes = 200 * 1024 * 1024;

export interface ExtractOptions {
  /** Checked before reading and between PDF pages; a cancelled extraction throws DOCUMENT_CANCELLED. */
  signal?: AbortSignal;
  /** PDF only: called after each page. */
  onProgress?: (pagesDone: number, pagesTotal: number) => void;
}

/**
 * The text of a document with where each part sits: one section per PDF page
 * that has text, or one section for a whole text, Markdown or HTML file (for
 * HTML, line numbers count lines of the extracted text, not of the markup).
 * Every failure is a HearthError with a DOCUMENT_* code.
 */
export async function extractDocument(file: string, options: ExtractOptions = {}): Promise<ExtractedDocument> {
  const kind = detectDocumentKind(file);
  const name = path.basename(file);
  await checkFile(file, name);
  const bytes = await readBytes(file, options.signal);
  const sections = kind === 'pdf'
    ? await readPdfPages(bytes, name, options)
    : textSections(kind, bytes, name);
  if (sections.length === 0) {
    throw new HearthError('DOCUMENT_EMPTY', kind === 'pdf' ? { details: name } : { message: 'The file contains no text.', details: name });
  }
  return { kind, sections };
}

function textSections(kind: Exclude<DocumentKind, 'pdf'>, bytes: Uint8Array, name: string): DocumentSection[] {
  const decoded = decodeTextFile(bytes, name);
  const text = kind === 'html' ? htmlToText(decoded) : decoded;
  const trimmed = text.trimEnd();
  if (trimmed.trim() === '') return [];
  // Leading blank lines stay in the text, so offsets map to the file's own line numbers.
  return [{ text, location: { lineStart: 1, lineEnd: 1 + countLineBreaks(trimmed) } }];
}

function countLineBreaks(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

async function checkFile(file: string, name: string): Promise<void> {
  const stats = await fs.stat(file).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ENOENT' || error.code === 'ENOTDIR'
      ? new HearthError('DOCUMENT_NOT_FOUND', { details: file, cause: error })
      : new HearthError('DOCUMENT_UNREADABLE', { message: 'Hearth is not allowed to read the file.', details: `${file}: ${error.message}`, cause: error });
  });
  if (!stats.isFile()) throw new HearthError('DOCUMENT_UNREADABLE', { message: 'This is a folder or a device, not a file.', details: file });
  if (stats.size > maxDocumentBytes) {
    throw new HearthError('DOCUMENT_TOO_LARGE', { details: `${name} is ${(stats.size / 1024 / 1024).toFixed(0)} MB` });
  }
}

async function readBytes(file: string, signal: AbortSignal | undefined): Promise<Uint8Array> {
  if (signal?.aborted) throw new HearthError('DOCUMENT_CANCELLED', { cause: signal.reason });
  try {
    const buffer = await fs.readFile(file, signal ? { signal } : {});
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    if (signal?.aborted) throw new HearthError('DOCUMENT_CANCELLED', { cause: signal.reason });
    throw new HearthError('DOCUMENT_UNREADABLE', { message: 'Hearth could not read the file.', details: `${file}: ${(error as Error).message}`, cause: error });
  }
}
