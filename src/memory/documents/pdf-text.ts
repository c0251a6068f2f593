import { getDocumentProxy } from 'unpdf';
import { HearthError } from '../../api/errors.ts';
import type { DocumentSection } from './types.ts';

export interface PdfReadOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ((pagesDone: number, pagesTotal: number) => void) | undefined;
}

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;

/**
 * One section per PDF page that has text, read a page at a time: between pages
 * the event loop gets a turn, progress is reported and cancellation is honoured
 * (a cancelled read throws DOCUMENT_CANCELLED).
 */
export async function readPdfPages(bytes: Uint8Array, name: string, options: PdfReadOptions = {}): Promise<DocumentSection[]> {
  throwIfCancelled(options.signal);
  const pdf = await openPdf(bytes, name);
  try {
    const sections: DocumentSection[] = [];
    for (let page = 1; page <= pdf.numPages; page++) {
      await yieldToEventLoop();
      throwIfCancelled(options.signal);
      const text = await pageText(pdf, page, name);
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
      throw new HearthError('DOCUMENT_UNREADABLE', { message: 'The PDF is protected by a password.', details: `${name}: ${error.message}`, cause: error });
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
  return new HearthError('DOCUMENT_UNREADABLE', { message: 'The PDF is damaged or is not a PDF.', details: `${name}${where ? ` (${where})` : ''}: ${reason}`, cause: error });
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new HearthError('DOCUMENT_CANCELLED', { cause: signal.reason });
}

// setImmediate runs after pending I/O callbacks, so timers and sockets are served between pages.
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
