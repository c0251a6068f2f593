import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { HearthError, toErrorPayload, type ErrorPayload } from '../../api/errors.ts';
import type { LaunchWorker } from '../../common/worker-process.ts';
import type { DocumentRepository, StoredDocument } from '../../store/documents.ts';
import { chunkSections, detectDocumentKind, extractDocument } from '../documents/index.ts';
import type { ChunkIndex } from '../retrieval/chunk-index.ts';

export interface IngestionOptions {
  documents: DocumentRepository;
  index: ChunkIndex;
  /** Called with 'background': a question's embedding goes ahead of ingestion's. */
  embed(texts: string[], options: { priority: 'background' }): Promise<{ vectors: Float32Array[]; model: string }>;
  /** After every step that changes what the Documents page shows. */
  onChange(document: StoredDocument): void;
  /** What a failed document records and shows; the core logs the failure on the way. */
  reportFailure?: (error: unknown) => ErrorPayload;
  /** How the document reader process starts (the desktop app's utility processes); a forked Node child otherwise. */
  launchReader?: LaunchWorker;
  /**
   * Chunks embedded per request; their vectors are saved together. A
   * question is embedded beside a batch, not after it, but shares the CPU
   * with it: small batches keep that short.
   */
  batchSize?: number;
}

/** Why a run stopped early: the user cancelled (recorded), or the app is closing (resumed at the next start). */
type StopReason = 'cancel' | 'close';

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Documents from file to searchable chunks, one at a time: extract, chunk
 * (all chunks saved in one transaction), then embed in batches. Every
 * step is saved, so after a crash or a restart a document resumes from
 * its first chunk without a vector, and no chunk is stored twice.
 */
export function createIngestion({ documents, index, embed, onChange, reportFailure = toErrorPayload, launchReader, batchSize = 4 }: IngestionOptions) {
  const queue: string[] = [];
  let current: { id: string; controller: AbortController; run: Promise<void> } | null = null;
  let running: Promise<void> | null = null;

  const changed = (id: string) => {
    const document = documents.get(id);
    if (document) onChange(document);
  };

  function stopped(signal: AbortSignal): StopReason | null {
    return signal.aborted ? (signal.reason as StopReason) : null;
  }

  async function ingest(document: StoredDocument, signal: AbortSignal): Promise<void> {
    if (document.status !== 'embedding') {
      documents.setStatus(document.id, 'extracting');
      changed(document.id);
      const { sections } = await extractDocument(document.sourcePath, { signal, launch: launchReader });
      documents.saveChunks(document.id, chunkSections(sections));
      changed(document.id);
    }
    for (;;) {
      if (stopped(signal)) throw new HearthError('DOCUMENT_CANCELLED');
      const batch = documents.unembeddedChunks(document.id, batchSize);
      if (batch.length === 0) break;
      const { vectors, model } = await embed(batch.map((chunk) => chunk.text), { priority: 'background' });
      index.setVectors(batch.map((chunk, i) => ({ chunkId: chunk.id, vector: vectors[i]! })), model);
      changed(document.id);
    }
    documents.setStatus(document.id, 'ready');
  }

  async function drain(): Promise<void> {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const document = documents.get(id);
      if (!document) continue;
      const controller = new AbortController();
      const run = ingest(document, controller.signal);
      current = { id, controller, run };
      try {
        await run;
      } catch (error) {
        const reason = stopped(controller.signal);
        if (reason === 'close') return;
        if (reason === 'cancel') documents.setStatus(id, 'cancelled');
        else documents.setStatus(id, 'failed', JSON.stringify(reportFailure(error)));
      } finally {
        current = null;
      }
      changed(id);
    }
  }

  function schedule(id: string): void {
    if (!queue.includes(id) && current?.id !== id) queue.push(id);
    running ??= drain().finally(() => (running = null));
  }

  return {
    /** Records the file and queues it; extraction errors arrive later, on the document. */
    async add(file: string): Promise<StoredDocument> {
      const kind = detectDocumentKind(file);
      const stat = await fs.promises.stat(file).catch((error: unknown) => {
        throw new HearthError('DOCUMENT_NOT_FOUND', { details: file, cause: error });
      });
      const document = documents.add({ name: path.basename(file), sourcePath: path.resolve(file), kind, sizeBytes: stat.size, sha256: await sha256Of(file) });
      schedule(document.id);
      return document;
    },
    /** At start: what a crash or a quit left half done continues. */
    resumeUnfinished(): void {
      for (const document of documents.unfinished()) schedule(document.id);
    },
    cancel(id: string): boolean {
      const index = queue.indexOf(id);
      if (index >= 0) {
        queue.splice(index, 1);
        documents.setStatus(id, 'cancelled');
        changed(id);
        return true;
      }
      if (current?.id !== id) return false;
      current.controller.abort('cancel' satisfies StopReason);
      return true;
    },
    async remove(id: string): Promise<boolean> {
      const inProgress = current?.id === id ? current.run.catch(() => undefined) : undefined;
      this.cancel(id);
      await inProgress;
      return documents.delete(id);
    },
    /** Whatever is in progress stays as it is in the database, to resume at the next start. */
    async close(): Promise<void> {
      queue.length = 0;
      current?.controller.abort('close' satisfies StopReason);
      await running;
    },
    idle(): Promise<void> {
      return running ?? Promise.resolve();
    },
  };
}
