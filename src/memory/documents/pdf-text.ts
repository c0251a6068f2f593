import { getDocumentProxy } from 'unpdf';
import { HearthError } from '../../api/errors.ts';
import { textTooLong } from './document-limits.ts';
import type { DocumentSection } from './types.ts';

export interface PdfReadOptions {
  onProgress?: ((pagesDone: number, pagesTotal: number) => void) | undefined;
  /** More text than this, all pages together, throws DOCUMENT_TEXT_TOO_LONG. */
  maxTextChars?: number | undefined;
}

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;

/**
 * One section per PDF page that has text, read a page at a time: between pages
 * the event loop gets a turn and progress is reported. This runs in the
 * document reader process (reader-worker.ts), which is killed to cancel it.
 */
export async function readPdfPages(bytes: Uint8Array, name: string, options: PdfReadOptions = {}): Promise<DocumentSection[]> {
  const pdf = await openPdf(bytes, name);
  try {
    const sections: DocumentSection[] = [];
    let textChars = 0;
    for (let page = 1; page <= pdf.numPages; page++) {
      await yieldToEventLoop();
      const text = await pageText(pdf, page, name);
      textChars += text.length;
      if (options.maxTextChars !== undefined && textChars > options.maxTextChars) throw textTooLong(name, options.maxTextChars);
      if (text !== '') sections.push({ text, location: { page } });
      options.onProgress?.(page, pdf.numPages);
    }
    return sections;
  } finally {
    await pdf.destroy();
  }
}

async function openPdf(bytes: Uint8Array, name: string): Promise<PdfDocument> {
  try {
    // verbosity 0: pdf.js would otherwise print repair warnings for damaged files to the console.
    return await getDocumentProxy(bytes, { verbosity: 0 });
  } catch (error) {
    if (error instanceof Error && error.name === 'PasswordException') {
      throw new HearthError('DOCUMENT_UNREADABLE', { message: 'The PDF is protected by a password.', action: 'Open it with its password in a PDF reader, save a copy without one, and add that.', details: `${name}: ${error.message}`, cause: error });
    }
    throw unreadable(name, error);
  }
}

async function pageText(pdf: PdfDocument, pageNumber: number, name: string): Promise<string> {
  try {
    const page = await pdf.getPage(pageNumber);
    const content = await page.getTextContent();
    page.cleanup();
    let text = '';
    for (const item of content.items) {
      if ('str' in item) text += item.str + (item.hasEOL ? '\n' : '');
    }
    return text.replace(/[^\S\n]+/g, ' ').replace(/ ?\n ?/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
  } catch (error) {
    throw unreadable(name, error, `page ${pageNumber}`);
  }
}

function unreadable(name: string, error: unknown, where?: string): HearthError {
  const reason = error instanceof Error ? error.message : String(error);
  return new HearthError('DOCUMENT_UNREADABLE', { message: 'The PDF is damaged or is not a PDF.', action: 'Open it in a PDF reader to check it, save a new copy, and add that.', details: `${name}${where ? ` (${where})` : ''}: ${reason}`, cause: error });
}

// setImmediate runs after pending I/O callbacks, so the reader's memory reports and messages go out between pages.
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
