import { describe, expect, it } from 'vitest';
import { dialogOptionsFor } from '../../electron/file-dialog.ts';

describe('the OS file dialog the page may ask for', () => {
  it('offers GGUF files for a model, document types for a document, and folders for a folder', () => {
    expect(dialogOptionsFor({ purpose: 'model' })).toMatchObject({ properties: ['openFile'], filters: [{ extensions: ['gguf'] }] });
    expect(dialogOptionsFor({ purpose: 'document' })?.filters?.[0]?.extensions).toEqual(['txt', 'md', 'markdown', 'pdf', 'html', 'htm']);
    expect(dialogOptionsFor({ purpose: 'document-folder' })).toMatchObject({ properties: ['openDirectory'] });
  });

  it('refuses anything else the page might send', () => {
    for (const request of [null, undefined, 'model', {}, { purpose: 'anything' }, { purpose: 'model; rm -rf /' }]) {
      expect(dialogOptionsFor(request)).toBeNull();
    }
  });
});
