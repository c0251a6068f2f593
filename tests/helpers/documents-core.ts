/**
 * Helpers for tests of documents through the core's API: a core that
 * records its documents.changed events, tiny embedding models, notes and
 * PDFs with planted words, and the data folder's database opened with its key.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterEach, expect } from 'vitest';
import type { DocumentView, MethodResult, ReplyContext } from '../../src/api/contract.ts';
import { createCore, type Core, type CoreConfig } from '../../src/core/core.ts';
import { writeLlamaGguf } from '../../src/models/gguf/write-llama-gguf.ts';
import { openDatabase } from '../../src/store/open.ts';
import { databaseFileName } from '../../src/store/store.ts';
import { deriveKey } from '../../src/vault/kdf.ts';
import { readVaultFile, vaultPaths } from '../../src/vault/vault-file.ts';
import { replyDone } from './core-events.ts';
import { demoModelPath } from './models.ts';
import { testPassphrase, unlockedForTests } from './vault.ts';

/** Every core a test started; closed after each test. */
const cores: Core[] = [];

/** Call at the top of a test file that starts cores with startCore. */
export function closeCoresAfterEach(): void {
  afterEach(async () => {
    await Promise.all(cores.splice(0).map((core) => core.close()));
  });
}

/** A small random-weight llama as embedding model: it embeds a chunk in a few ms, where stories260K takes ~300 ms. */
export async function writeTinyEmbedder(dir: string, width: 64 | 128): Promise<string> {
  const file = path.join(dir, `embed-${width}.gguf`);
  await writeLlamaGguf(file, { width, layers: 1, ffn: width * 2, heads: 4, vocabSize: 300, contextLength: 512, type: 'q8_0' });
  return file;
}

/** The core with every documents.changed event it sent since it was created, by document. */
export interface WatchedCore {
  core: Core;
  events: Map<string, (DocumentView | null)[]>;
  /** Resolves with the document once an event shows it ready, failed or cancelled. */
  settled(id: string): Promise<DocumentView>;
  /** Resolves once an event says the document was removed. */
  removed(id: string): Promise<void>;
}

/** `waitForModel: false` returns before the models have loaded, so before ingestion resumes. */
export async function startCore(dataDir: string, config: Partial<CoreConfig> = {}, waitForModel = true): Promise<WatchedCore> {
  const core = await createCore({
    mode: 'browser', dataDir, modelPath: demoModelPath, threads: 1, generation: { maxTokens: 8 }, ...unlockedForTests, ...config,
  });
  cores.push(core);
  // Subscribed before the models load, so that nothing resumed at start is missed.
  const events = new Map<string, (DocumentView | null)[]>();
  const waiters = new Set<() => void>();
  core.on((message) => {
    if (message.event !== 'documents.changed') return;
    const { id, document } = message.payload as { id: string; document: DocumentView | null };
    events.set(id, [...(events.get(id) ?? []), document]);
    for (const wake of waiters) wake();
  });
  const waitFor = <T>(id: string, find: (history: (DocumentView | null)[]) => T | undefined) =>
    new Promise<T>((resolve) => {
      const check = () => {
        const found = find(events.get(id) ?? []);
        if (found === undefined) return;
        waiters.delete(check);
        resolve(found);
      };
      waiters.add(check);
      check();
    });
  const settled = (id: string) =>
    waitFor(id, (history) => history.find((document): document is DocumentView => ['ready', 'failed', 'cancelled'].includes(document?.status ?? '')));
  const removed = (id: string) => waitFor(id, (history) => (history.includes(null) ? true : undefined)).then(() => undefined);
  if (waitForModel) expect((await core.modelLoad).state).toBe('ready');
  return { core, events, settled, removed };
}

/** The data folder's database, opened as the core opens it, with the key the test passphrase gives. */
export async function openDataDatabase(dataDir: string) {
  const vault = readVaultFile(vaultPaths(dataDir).current);
  if (vault?.protection !== 'passphrase') throw new Error(`expected a passphrase vault in ${dataDir}`);
  return openDatabase(path.join(dataDir, databaseFileName), { key: await deriveKey(testPassphrase, vault.kdf) });
}

export async function closeCore({ core }: WatchedCore): Promise<void> {
  cores.splice(cores.indexOf(core), 1);
  await core.close();
}

export const addDocuments = (core: Core, file: string) => core.call('documents.add', { path: file }) as Promise<MethodResult<'documents.add'>>;
export const listDocuments = (core: Core) => core.call('documents.list', {}) as Promise<MethodResult<'documents.list'>>;

/** Sends a message and waits for the reply: what the reply was given from the documents. */
export async function ask(core: Core, text: string, conversationId: string | null = null): Promise<{ conversationId: string; context: ReplyContext }> {
  const sent = (await core.call('chat.send', { conversationId, text })) as MethodResult<'chat.send'>;
  const reply = await replyDone(core, sent.assistantMessage.id);
  expect(reply.context).not.toBeNull();
  return { conversationId: sent.conversation.id, context: reply.context! };
}

/** A note of `paragraphs` paragraphs of ~600 characters; each names a word found nowhere else (`<word><n>`). */
export function writeNote(file: string, word: string, paragraphs: number): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const text = Array.from({ length: paragraphs }, (_, i) => `Paragraph ${i} mentions ${word}${i}. ${'The fox ran over the hill. '.repeat(20)}`).join('\n\n');
  fs.writeFileSync(file, text);
  return file;
}

export const pageWord = (page: number) => `lantern${page}`;

/** A PDF whose page n carries the word lantern<n>, found on no other page, among filler lines. */
export async function writeBookPdf(file: string, pages: number): Promise<void> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const filler = 'The river runs past the old mill while the miller counts sacks of flour.';
  for (let page = 1; page <= pages; page++) {
    const sheet = doc.addPage();
    for (let line = 0; line < 30; line++) {
      const text = line === 15 ? `Page ${page} is where the otter keeps ${pageWord(page)}.` : filler;
      sheet.drawText(text, { x: 40, y: 760 - line * 20, font, size: 10 });
    }
  }
  fs.writeFileSync(file, await doc.save());
}
