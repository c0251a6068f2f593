/**
 * The searched library of the retrieval and context benchmarks: documents
 * of synthetic chunks written straight into the chunk tables (text, FTS5
 * and vectors), one transaction per document, and questions about some of
 * the chunks, as a user might ask them.
 */
import type { ChunkIndex } from '../../src/memory/retrieval/chunk-index.ts';
import type { HearthDatabase } from '../../src/store/open.ts';
import type { Corpus } from './synthetic-corpus.ts';

export interface ChunkShape {
  dimensions: number;
  sentencesPerChunk: number;
}

export interface LibraryShape extends ChunkShape {
  documents: number;
  chunksPerDocument: number;
  /** The embedding model the vectors are recorded under. */
  model: string;
  questions: number;
  /** How far a question's vector lies from its chunk's (see Corpus.nearbyUnitVector). */
  questionNoise: number;
}

export interface ChunkData {
  text: string;
  vector: Float32Array;
}

export interface LibraryQuestion {
  sourceChunkId: number;
  text: string;
  vector: Float32Array;
}

export function makeChunks(corpus: Corpus, count: number, shape: ChunkShape): ChunkData[] {
  return Array.from({ length: count }, () => ({ text: corpus.paragraph(shape.sentencesPerChunk), vector: corpus.randomUnitVector(shape.dimensions) }));
}

export function libraryWriter(db: HearthDatabase, index: ChunkIndex, model: string) {
  const insertDocument = db.prepare(`INSERT INTO documents (id, name, source_path, kind, size_bytes, sha256, status, chunk_count, created_at, updated_at)
    VALUES (?, ?, ?, 'txt', 0, '', 'ready', ?, 0, 0)`);
  const insertChunk = db.prepare('INSERT INTO chunks (document_id, ordinal, text, location) VALUES (?, ?, ?, ?)');
  return {
    document: (id: string, chunkCount: number) => insertDocument.run(id, `${id}.txt`, `/bench/${id}.txt`, chunkCount),
    /** Text, FTS5 and vectors of these chunks, in one transaction; returns their ids. */
    chunks: db.transaction((documentId: string, firstOrdinal: number, chunks: readonly ChunkData[]): number[] => {
      const ids = chunks.map((chunk, i) => {
        const ordinal = firstOrdinal + i;
        return Number(insertChunk.run(documentId, ordinal, chunk.text, JSON.stringify({ lineStart: ordinal * 12 + 1, lineEnd: ordinal * 12 + 12 })).lastInsertRowid);
      });
      index.setVectors(ids.map((chunkId, i) => ({ chunkId, vector: chunks[i]!.vector })), model);
      return ids;
    }),
  };
}

/** Builds the library (documents doc-0, doc-1, …) and keeps one question per `chunks / questions` chunks. */
export function buildLibrary(db: HearthDatabase, index: ChunkIndex, corpus: Corpus, shape: LibraryShape) {
  const write = libraryWriter(db, index, shape.model);
  const questionEvery = (shape.documents * shape.chunksPerDocument) / shape.questions;
  const questions: LibraryQuestion[] = [];
  let seconds = 0;
  for (let d = 0; d < shape.documents; d++) {
    const chunks = makeChunks(corpus, shape.chunksPerDocument, shape);
    const started = performance.now();
    write.document(`doc-${d}`, chunks.length);
    const ids = write.chunks(`doc-${d}`, 0, chunks);
    seconds += (performance.now() - started) / 1000;
    chunks.forEach((chunk, i) => {
      if ((d * shape.chunksPerDocument + i) % questionEvery !== questionEvery / 2) return;
      // A question about the chunk: a few of its words, as a user might remember them.
      const words = [...new Set(chunk.text.toLowerCase().match(/\p{L}+/gu))];
      const picked = Array.from({ length: 4 }, () => words[Math.floor(corpus.random() * words.length)]!);
      questions.push({ sourceChunkId: ids[i]!, text: `what about ${picked.join(' ')}?`, vector: corpus.nearbyUnitVector(chunk.vector, shape.questionNoise) });
    });
    const built = (d + 1) * shape.chunksPerDocument;
    if ((d + 1) % 100 === 0) console.log(`built ${built} chunks (${(built / seconds).toFixed(0)} chunks/s)`);
  }
  return { questions, seconds };
}
