/** Documents, their ingestion and their passages, in the words the Documents page and citations use. */
import type { DocumentIndexView, DocumentView, PassageLocation } from '../../../src/api/index.ts';

/** Where a passage sits: "page 3", "line 7" or "lines 10–24". */
export function formatLocation(location: PassageLocation): string {
  if ('page' in location) return `page ${location.page}`;
  return location.lineStart === location.lineEnd ? `line ${location.lineStart}` : `lines ${location.lineStart}–${location.lineEnd}`;
}

/** How far a document's ingestion is, in a few words. */
export function statusLabel(document: Pick<DocumentView, 'status' | 'error' | 'chunkCount' | 'embeddedCount'>): string {
  switch (document.status) {
    case 'queued':
      return 'Waiting…';
    case 'extracting':
      return 'Reading…';
    case 'embedding':
      return `Indexing ${document.embeddedCount} of ${document.chunkCount}`;
    case 'ready':
      return 'Ready';
    case 'failed':
      return `Failed: ${document.error?.message ?? 'Hearth could not read it.'}`;
    case 'cancelled':
      return 'Cancelled';
  }
}

/** Whether ingestion is still going on, so it can be cancelled. */
export function isInProgress(document: Pick<DocumentView, 'status'>): boolean {
  return document.status === 'queued' || document.status === 'extracting' || document.status === 'embedding';
}

type IndexRebuild = NonNullable<DocumentIndexView['rebuild']>;

/** How far a rebuild of the search index is, in whole percent: rounded down, so 100 only once the whole library is covered. */
export function rebuildPercent(rebuild: IndexRebuild): number {
  // An empty library: nothing covered yet, and no division by zero.
  if (rebuild.total <= 0) return 0;
  if (rebuild.done >= rebuild.total) return 100;
  return Math.floor((rebuild.done / rebuild.total) * 100);
}

/** What the Documents page says while the search index is rebuilt. */
export function rebuildSentence(rebuild: IndexRebuild): string {
  return `Updating the search index: ${rebuildPercent(rebuild)}%. Questions are answered meanwhile, from what is already indexed.`;
}

const files = (count: number) => `${count} ${count === 1 ? 'file' : 'files'}`;

/** What adding a path did: "3 files added, 1 skipped (not supported)". */
export function addedSummary(result: { added: unknown[]; skipped: unknown[] }): string {
  const added = result.added.length === 0 ? 'No files added' : `${files(result.added.length)} added`;
  return result.skipped.length === 0 ? added : `${added}, ${result.skipped.length} skipped (not supported)`;
}

const kindNames: Record<DocumentView['kind'], string> = { txt: 'Text', md: 'Markdown', pdf: 'PDF', html: 'Web page' };

export function kindName(kind: DocumentView['kind']): string {
  return kindNames[kind];
}

/** Shorter shared stretches are more likely chance than the chunker's overlap. */
const minOverlapChars = 8;

/** The length of the longest end of `first` that `second` starts with (at least minOverlapChars), else 0. */
function overlapLength(first: string, second: string): number {
  for (let length = Math.min(first.length, second.length); length >= minOverlapChars; length--) {
    if (first.endsWith(second.slice(0, length))) return length;
  }
  return 0;
}

/**
 * The text around a passage, ready to show before and after it. Neighbouring
 * chunks overlap the passage (the chunker repeats a little text across each
 * break): the repeated part is cut so that it reads once; neighbours that do
 * not overlap are set apart by a line break.
 */
export function passageSurroundings(passage: { before: string; text: string; after: string }): { before: string; after: string } {
  const { before, text, after } = passage;
  const overlapBefore = overlapLength(before, text);
  const overlapAfter = overlapLength(text, after);
  return {
    before: overlapBefore > 0 ? before.slice(0, before.length - overlapBefore) : before === '' ? '' : `${before}\n`,
    after: overlapAfter > 0 ? after.slice(overlapAfter) : after === '' ? '' : `\n${after}`,
  };
}
