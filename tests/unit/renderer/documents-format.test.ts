import { describe, expect, it } from 'vitest';
import type { DocumentView } from '../../../src/api/index.ts';
import { addedSummary, formatLocation, isInProgress, passageSurroundings, rebuildPercent, rebuildSentence, statusLabel } from '../../../renderer/src/documents/format.ts';
import { applyDocumentChange } from '../../../renderer/src/documents/useDocuments.ts';

const progress = (status: DocumentView['status'], extra: Partial<DocumentView> = {}) => ({ status, error: null, chunkCount: 40, embeddedCount: 12, ...extra });

function document(id: string, createdAt: number, status: DocumentView['status'] = 'ready'): DocumentView {
  return { id, name: `${id}.md`, kind: 'md', sizeBytes: 100, status, error: null, chunkCount: 1, embeddedCount: 1, createdAt };
}

describe('documents as the Documents page words them', () => {
  it('labels each step of ingestion', () => {
    expect(statusLabel(progress('extracting'))).toBe('Reading…');
    expect(statusLabel(progress('embedding'))).toBe('Indexing 12 of 40');
    expect(statusLabel(progress('ready'))).toBe('Ready');
    expect(statusLabel(progress('cancelled'))).toBe('Cancelled');
    const error = { code: 'DOCUMENT_EMPTY', message: 'No text was found in the document.', action: 'Add another.' };
    expect(statusLabel(progress('failed', { error }))).toBe('Failed: No text was found in the document.');
    expect([isInProgress(progress('queued')), isInProgress(progress('embedding')), isInProgress(progress('ready'))]).toEqual([true, true, false]);
  });

  it('says how many files were added and skipped', () => {
    expect(addedSummary({ added: [1, 2, 3], skipped: ['a.docx'] })).toBe('3 files added, 1 skipped (not supported)');
    expect(addedSummary({ added: [1], skipped: [] })).toBe('1 file added');
    expect(addedSummary({ added: [], skipped: ['a.docx', 'b.png'] })).toBe('No files added, 2 skipped (not supported)');
  });

  it('names where a passage sits', () => {
    expect(formatLocation({ page: 3 })).toBe('page 3');
    expect(formatLocation({ lineStart: 10, lineEnd: 24 })).toBe('lines 10–24');
    expect(formatLocation({ lineStart: 7, lineEnd: 7 })).toBe('line 7');
  });
});

describe('the search index rebuild as the Documents page words it', () => {
  it('says how far the rebuild is, and that questions are answered meanwhile', () => {
    expect(rebuildSentence({ done: 42, total: 100 })).toBe(
      'Updating the search index: 42%. Questions are answered meanwhile, from what is already indexed.',
    );
    expect(rebuildPercent({ done: 1, total: 3 })).toBe(33);
    expect(rebuildPercent({ done: 0, total: 1_000_000 })).toBe(0);
  });

  it('shows 100% only once everything is covered', () => {
    expect(rebuildPercent({ done: 999_999, total: 1_000_000 })).toBe(99);
    expect(rebuildPercent({ done: 199, total: 200 })).toBe(99);
    expect(rebuildPercent({ done: 1_000_000, total: 1_000_000 })).toBe(100);
    expect(rebuildSentence({ done: 7, total: 7 })).toMatch(/^Updating the search index: 100%\./);
  });

  it('shows 0% for an empty library instead of dividing by zero', () => {
    expect(rebuildPercent({ done: 0, total: 0 })).toBe(0);
    expect(rebuildSentence({ done: 0, total: 0 })).toMatch(/^Updating the search index: 0%\./);
  });
});

describe('the text around a cited passage', () => {
  it('shows text repeated across chunk breaks only once', () => {
    const before = 'The soup needs time. It simmers for an hour. ';
    const text = 'It simmers for an hour. The secret ingredient is cardamom.';
    const after = 'The secret ingredient is cardamom. Serve it hot.';
    const around = passageSurroundings({ before: before.trimEnd(), text, after });
    expect(around.before).toBe('The soup needs time. ');
    expect(around.after).toBe(' Serve it hot.');
    expect(around.before + text + around.after).toBe('The soup needs time. It simmers for an hour. The secret ingredient is cardamom. Serve it hot.');
  });

  it('sets neighbours that do not overlap apart by a line break, and leaves a missing one empty', () => {
    expect(passageSurroundings({ before: 'Page one ends here.', text: 'Page two starts here.', after: '' })).toEqual({
      before: 'Page one ends here.\n',
      after: '',
    });
    // A few shared letters are chance, not the chunker's overlap.
    expect(passageSurroundings({ before: '', text: 'A short line.', after: 'line. And more.' }).after).toBe('\nline. And more.');
  });
});

describe('the document list kept fresh by documents.changed', () => {
  const older = document('older', 1);
  const newer = document('newer', 2, 'embedding');

  it('replaces a changed document in place, adds a new one newest first, and drops a removed one', () => {
    const list = [newer, older];
    const ready = { ...newer, status: 'ready' as const, embeddedCount: 1 };
    expect(applyDocumentChange(list, 'newer', ready)).toEqual([ready, older]);
    const newest = document('newest', 3, 'queued');
    expect(applyDocumentChange(list, 'newest', newest).map((entry) => entry.id)).toEqual(['newest', 'newer', 'older']);
    expect(applyDocumentChange(list, 'older', null)).toEqual([newer]);
  });
});
