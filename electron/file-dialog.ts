/** What the OS file dialog offers for each purpose the page may ask for. */
import type { OpenDialogOptions } from 'electron';
import type { PathRequest } from '../src/api/wire.ts';

const purposes = new Set<PathRequest['purpose']>(['model', 'document', 'document-folder']);

/** Null for anything the page should not be able to ask for. */
export function dialogOptionsFor(request: unknown): OpenDialogOptions | null {
  const purpose = (request as Partial<PathRequest> | null)?.purpose;
  if (typeof purpose !== 'string' || !purposes.has(purpose as PathRequest['purpose'])) return null;
  switch (purpose as PathRequest['purpose']) {
    case 'model':
      return { title: 'Import a model', properties: ['openFile'], filters: [{ name: 'GGUF models', extensions: ['gguf'] }] };
    case 'document':
      return {
        title: 'Add a document',
        properties: ['openFile'],
        filters: [{ name: 'Documents', extensions: ['txt', 'md', 'markdown', 'pdf', 'html', 'htm'] }],
      };
    case 'document-folder':
      return { title: 'Add a folder of documents', properties: ['openDirectory'] };
  }
}
