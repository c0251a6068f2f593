import fs from 'node:fs/promises';
import path from 'node:path';
import { HearthError } from '../../api/errors.ts';
import { textTooLong, type DocumentLimits } from './document-limits.ts';
import { htmlToText } from './html-text.ts';
import { checkPdfExpansion } from './pdf-expansion.ts';
import { readPdfPages } from './pdf-text.ts';
import { decodeTextFile } from './text-decoding.ts';
import type { DocumentKind, DocumentSection } from './types.ts';

/**
 * The sections of text of a file already checked to exist and to be small
 * enough: one per PDF page that has text, or one for a whole text, Markdown
 * or HTML file (for HTML, line numbers count lines of the extracted text, not
 * of the markup). Runs in the document reader process (reader-worker.ts),
 * which enforces the memory and time limits; this enforces the others.
 */
export async function readDocument(
  file: string,
  kind: DocumentKind,
  limits: DocumentLimits,
  onProgress?: (pagesDone: number, pagesTotal: number) => void,
): Promise<DocumentSection[]> {
  const name = path.basename(file);
  const bytes = await readBytes(file);
  if (kind === 'pdf') {
    await checkPdfExpansion(bytes, name, limits.maxExpandedBytes);
    return readPdfPages(bytes, name, { onProgress, maxTextChars: limits.maxTextChars });
  }
  return textSections(kind, bytes, name, limits.maxTextChars);
}

function textSections(kind: Exclude<DocumentKind, 'pdf'>, bytes: Uint8Array, name: string, maxTextChars: number): DocumentSection[] {
  // Any 3 bytes of text decode to at least one character (UTF-8's longest), so a file this big holds too much text without decoding it.
  if (kind !== 'html' && bytes.length / 3 > maxTextChars) throw textTooLong(name, maxTextChars);
  const decoded = decodeTextFile(bytes, name);
  const text = kind === 'html' ? htmlToText(decoded) : decoded;
  if (text.length > maxTextChars) throw textTooLong(name, maxTextChars);
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

async function readBytes(file: string): Promise<Uint8Array> {
  try {
    const buffer = await fs.readFile(file);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    throw new HearthError('DOCUMENT_UNREADABLE', { message: 'Hearth could not read the file.', action: 'Check that the file is still there and opens in another program, then add it again.', details: `${file}: ${(error as Error).message}`, cause: error });
  }
}
