/**
 * Context latency while a document is being embedded: a large Markdown
 * document is added through the documents service, and while ingestion
 * embeds it in the background, questions are asked one after another. Each
 * question's context is assembled as the core assembles it, the query's
 * embedding round trip through the worker included, so what is timed is
 * what the person waits for before generation. Two waits of about 1.6 s
 * each were found this way: the question's embedding queued behind the
 * document's batch in the worker, and the similarity floor scanning every
 * chunk after each batch written.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { defaultGenerationSettings } from '../../src/chat/chat-service.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { assembleContext } from '../../src/memory/context/assemble-context.ts';
import { createFactsService } from '../../src/memory/facts/facts-service.ts';
import { createDocumentsService } from '../../src/memory/ingest/documents-service.ts';
import type { Store } from '../../src/store/store.ts';
import { latencySummary, type LatencySummary } from './stats.ts';
import type { Corpus } from './synthetic-corpus.ts';
import { writeMarkdownNotes } from './synthetic-documents.ts';

export interface DuringIngestionShape {
  /** Characters of the document: enough chunks that its embedding outlasts the questions. */
  documentChars: number;
  questions: number;
  warmupQuestions: number;
  /** Between questions, so that they fall at different points of the chunk being embedded. */
  pauseMs: number;
}

export interface DuringIngestionResult {
  embeddingModel: string;
  documentChunks: number;
  /** Chunks of the document embedded while the questions were asked: ingestion really ran meanwhile. */
  chunksEmbeddedMeanwhile: number;
  questions: number;
  /** assembleContext from the call to its result: query embedding, documents search, facts, budget. */
  assembly: LatencySummary;
  /** Of the assembly: the query embedding round trip through the worker. */
  embedQuery: LatencySummary;
}

const waitFor = async (ready: () => boolean, what: string) => {
  for (let tries = 0; !ready(); tries++) {
    if (tries > 6000) throw new Error(`Gave up waiting for ${what}.`);
    await sleep(10);
  }
};

/** Asks `texts` one by one in `conversationId` while the document is embedded; the engine's embedding model embeds both. */
export async function measureContextDuringIngestion(
  dir: string, store: Store, engine: Engine, corpus: Corpus, texts: readonly string[], conversationId: string, shape: DuringIngestionShape,
): Promise<DuringIngestionResult> {
  const embeddingModel = engine.embedderStatus.model;
  if (embeddingModel === null) throw new Error('No embedding model is loaded.');
  const facts = createFactsService({
    facts: store.facts,
    messages: store.messages,
    emit: () => {},
    model: { embed: (batch) => engine.embed(batch), generateJson: async (request) => (await engine.generateJson(request).result).value },
  });
  const documents = createDocumentsService({
    db: store.db, documents: store.documents, conversations: store.conversations, embed: (batch, options) => engine.embed(batch, options), emit: () => {},
  });
  const [file] = await writeMarkdownNotes(dir, corpus, 1, shape.documentChars);
  const { added } = await documents.add(file!);
  const documentId = added[0]!.id;
  const progress = () => store.documents.get(documentId)!;
  try {
    await waitFor(() => progress().status === 'embedding' && progress().embeddedCount > 0, 'the document to be chunked and its embedding to begin');
    const embeddedAtStart = progress().embeddedCount;
    const assembly: number[] = [];
    const embedQuery: number[] = [];
    for (const [index, text] of texts.slice(0, shape.warmupQuestions + shape.questions).entries()) {
      const started = performance.now();
      const { record } = await assembleContext(
        {
          conversationId, prompt: text, history: [], systemPrompt: defaultGenerationSettings.systemPrompt,
          contextTokens: engine.status.contextSize, replyTokens: defaultGenerationSettings.maxTokens,
        },
        {
          embedQuery: async (query) => {
            const { vectors, model } = await engine.embed([query]);
            return { vector: vectors[0]!, model };
          },
          facts: (query) => facts.relevant(query),
          passages: (query) => documents.search(query),
        },
      );
      if (index >= shape.warmupQuestions) {
        assembly.push(performance.now() - started);
        embedQuery.push(record.timings.embedQueryMs);
      }
      await sleep(shape.pauseMs);
    }
    const { status, embeddedCount, chunkCount } = progress();
    if (status !== 'embedding') throw new Error(`The document was ${status} before the last question: make it larger.`);
    return {
      embeddingModel,
      documentChunks: chunkCount,
      chunksEmbeddedMeanwhile: embeddedCount - embeddedAtStart,
      questions: assembly.length,
      assembly: latencySummary(assembly),
      embedQuery: latencySummary(embedQuery),
    };
  } finally {
    await documents.remove(documentId);
    await documents.close();
  }
}
