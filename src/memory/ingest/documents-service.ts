import fs from 'node:fs';
import type { DocumentView, EventName, EventPayload, Passage, PassageLocation } from '../../api/contract.ts';
import { HearthError, type ErrorPayload } from '../../api/errors.ts';
import type { LaunchWorker } from '../../common/worker-process.ts';
import type { ConversationRepository } from '../../store/conversations.ts';
import type { DocumentRepository, StoredDocument } from '../../store/documents.ts';
import type { HearthDatabase } from '../../store/open.ts';
import type { PassageSearch } from '../context/assemble-context.ts';
import { listDocumentFiles } from '../documents/index.ts';
import { createChunkIndex } from '../retrieval/chunk-index.ts';
import { createIngestion } from './ingestion.ts';

export interface DocumentsServiceOptions {
  db: HearthDatabase;
  documents: DocumentRepository;
  conversations: ConversationRepository;
  /** Ingestion embeds with background priority: a question's embedding does not wait for it. */
  embed(texts: string[], options: { priority: 'background' }): Promise<{ vectors: Float32Array[]; model: string }>;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  /** What a document that failed to be read records and shows; the core logs the failure on the way. */
  reportFailure?: (error: unknown) => ErrorPayload;
  /** The search index's background work failed; it is tried again later. */
  reportIndexFailure?: (error: unknown) => void;
  /** How the document reader process starts (the desktop app's utility processes); a forked Node child otherwise. */
  launchReader?: LaunchWorker;
}

/** Chunks of a pinned document offered to the prompt, in reading order; what does not fit the budget is left out there. */
const pinnedChunkLimit = 24;

export function toDocumentView(document: StoredDocument): DocumentView {
  return {
    id: document.id,
    name: document.name,
    kind: document.kind,
    sizeBytes: document.sizeBytes,
    status: document.status,
    error: document.error === null ? null : (JSON.parse(document.error) as ErrorPayload),
    chunkCount: document.chunkCount,
    embeddedCount: document.embeddedCount,
    createdAt: document.createdAt,
  };
}

/** The user's documents: adding files and folders, ingestion in the background, pins, passages, and search for the prompt. */
export function createDocumentsService(options: DocumentsServiceOptions) {
  const { db, documents, conversations, embed, emit, reportFailure, reportIndexFailure, launchReader } = options;
  const index = createChunkIndex(db, {
    onProgress: (status) => emit('documents.index', status),
    ...(reportIndexFailure ? { onBackgroundError: reportIndexFailure } : {}),
  });
  const ingestion = createIngestion({
    documents,
    index,
    embed,
    onChange: (document) => emit('documents.changed', { id: document.id, document: toDocumentView(document) }),
    ...(reportFailure ? { reportFailure } : {}),
    launchReader,
  });

  function requireConversation(id: string): void {
    if (!conversations.get(id)) throw new HearthError('NOT_FOUND');
  }

  return {
    list: () => documents.list().map(toDocumentView),
    async add(path: string): Promise<{ added: DocumentView[]; skipped: string[] }> {
      const stat = await fs.promises.stat(path).catch((error: unknown) => {
        throw new HearthError('DOCUMENT_NOT_FOUND', { details: path, cause: error });
      });
      const { files, unsupported } = stat.isDirectory() ? await listDocumentFiles(path) : { files: [path], unsupported: [] };
      const added: DocumentView[] = [];
      for (const file of files) added.push(toDocumentView(await ingestion.add(file)));
      // Ingestion may already have moved the first one on: announce each as it is now.
      for (const { id } of added) {
        const document = documents.get(id);
        if (document) emit('documents.changed', { id, document: toDocumentView(document) });
      }
      return { added, skipped: unsupported };
    },
    cancel: (id: string) => ({ cancelled: ingestion.cancel(id) }),
    async remove(id: string): Promise<{ removed: boolean }> {
      const removed = await ingestion.remove(id);
      if (removed) emit('documents.changed', { id, document: null });
      return { removed };
    },
    indexStatus: () => index.status(),
    passage(chunkId: number): Passage {
      const passage = documents.passage(chunkId);
      if (!passage) throw new HearthError('NOT_FOUND', { message: 'That passage is no longer in your documents.', action: 'Its document was removed or read again; ask again to get passages from the documents you have now.' });
      return { ...passage, location: passage.location as PassageLocation };
    },
    pinned(conversationId: string): string[] {
      requireConversation(conversationId);
      return documents.pinnedIds(conversationId);
    },
    pin(conversationId: string, documentId: string, pinned: boolean): string[] {
      requireConversation(conversationId);
      if (!documents.get(documentId)) throw new HearthError('NOT_FOUND', { message: 'That document is no longer in your documents.', action: 'Choose another document, or add it again on the Documents page.' });
      documents.setPinned(conversationId, documentId, pinned);
      return documents.pinnedIds(conversationId);
    },
    /** Passages for a question: the conversation's pinned documents first, then the best hybrid matches. */
    search(query: { text: string; vector: Float32Array | null; model: string | null; conversationId: string; limit: number; onlyPinned?: boolean }): PassageSearch {
      const pinned = documents
        .pinnedIds(query.conversationId)
        .flatMap((id) => documents.chunksInOrder(id, pinnedChunkLimit))
        .map((chunk) => ({ ...chunk, location: JSON.parse(chunk.location) as PassageLocation }));
      if (query.onlyPinned) return { passages: pinned, timings: { vectorSearchMs: 0, keywordSearchMs: 0, fuseMs: 0 } };
      const { hits, timings } = index.hybridSearch({ text: query.text, vector: query.vector, model: query.model ?? '', limit: query.limit });
      const seen = new Set(pinned.map((chunk) => chunk.chunkId));
      const found = hits
        .filter((hit) => !seen.has(hit.chunkId))
        .map(({ chunkId, documentId, documentName, text, location }) => ({ chunkId, documentId, documentName, text, location }));
      return { passages: [...pinned, ...found], timings };
    },
    /** After a (re)start, and after the embedding model changed: finish what is unfinished, re-embed what another model embedded. */
    resume(model: string | null): void {
      if (model !== null && documents.hasVectorsOtherThan(model)) {
        index.clearVectors();
        documents.markAllForEmbedding();
      }
      ingestion.resumeUnfinished();
    },
    close: async () => {
      await ingestion.close();
      index.close();
    },
  };
}

export type DocumentsService = ReturnType<typeof createDocumentsService>;
