/**
 * The latency Hearth adds before the first token: messages sent through the
 * app's chat service, its context sources wired as the core wires them
 * (documents search over the chunk index, memory facts, assembleContext),
 * on a real encrypted store and a real engine. Each question's embedding is
 * given, so what is timed is the app's own work; the embedding round trip
 * depends on the embedding model and is timed apart.
 */
import type { EventName, EventPayload, Message, ReplyContext } from '../../src/api/contract.ts';
import { createChatService, defaultGenerationSettings } from '../../src/chat/chat-service.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { assembleContext } from '../../src/memory/context/assemble-context.ts';
import { createFactsService } from '../../src/memory/facts/facts-service.ts';
import { createDocumentsService } from '../../src/memory/ingest/documents-service.ts';
import type { Store } from '../../src/store/store.ts';

export interface ContextQuestion {
  text: string;
  vector: Float32Array;
  sourceChunkId: number;
  /** Null starts a new conversation. */
  conversationId: string | null;
}

/** One message, in milliseconds, from chat.send being called to the moment engine.generate would be. */
export interface SendTimings {
  /** chat.send up to assembleContext: checks, and the transaction inserting both messages. */
  writesMs: number;
  /** assembleContext with the real sources and the given query vector. */
  assemblyMs: number;
  /** Of the assembly: documents.search (pinned chunks, then hybrid search). */
  passagesMs: number;
  /** Of the assembly: reading and ranking the memory facts. */
  factsMs: number;
  saveContextMs: number;
  totalMs: number;
  /** CPU time of this process over totalMs. */
  totalCpuMs: number;
  /** The chunk the question was made from reached the prompt. */
  sourceInPrompt: boolean;
  record: ReplyContext;
}

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

const timed = <T>(run: () => T, took: (ms: number) => void): T => {
  const started = performance.now();
  const value = run();
  took(performance.now() - started);
  return value;
};

/** Sends each question in turn and times the stages before generation, which is not started. */
export async function measureSends(store: Store, engine: Engine, model: string, questions: readonly ContextQuestion[]): Promise<SendTimings[]> {
  let replyDone: (message: Message) => void = () => {};
  const emit: Emit = (event, payload) => {
    if (event === 'chat.done') replyDone((payload as EventPayload<'chat.done'>).message);
  };
  const facts = createFactsService({
    facts: store.facts,
    messages: store.messages,
    emit,
    model: { embed: (texts) => engine.embed(texts), generateJson: async (request) => (await engine.generateJson(request).result).value },
  });
  const documents = createDocumentsService({ db: store.db, documents: store.documents, conversations: store.conversations, embed: (texts) => engine.embed(texts), emit });

  let question = questions[0]!;
  let cpuAtSend = process.cpuUsage();
  let sentAt = 0;
  let stages: Partial<SendTimings> = {};
  // The store as the chat service sees it, with the context write timed.
  const timedStore: Store = {
    ...store,
    messages: {
      ...store.messages,
      saveContext(id, context) {
        timed(() => store.messages.saveContext(id, context), (ms) => (stages.saveContextMs = ms));
        const cpu = process.cpuUsage(cpuAtSend);
        stages.totalMs = performance.now() - sentAt;
        stages.totalCpuMs = (cpu.user + cpu.system) / 1000;
      },
    },
  };
  const chat = createChatService({
    store: timedStore,
    engine,
    emit,
    generation: defaultGenerationSettings,
    assembleContext: async (request) => {
      const started = performance.now();
      stages.writesMs = started - sentAt;
      const context = await assembleContext(request, {
        embedQuery: async () => ({ vector: question.vector, model }),
        facts: (query) => timed(() => facts.relevant(query), (ms) => (stages.factsMs = ms)),
        passages: (query) => timed(() => documents.search(query), (ms) => (stages.passagesMs = ms)),
      });
      stages.assemblyMs = performance.now() - started;
      stages.record = context.record;
      return context;
    },
  });

  const timings: SendTimings[] = [];
  try {
    for (const next of questions) {
      question = next;
      stages = {};
      const done = new Promise<Message>((resolve) => (replyDone = resolve));
      cpuAtSend = process.cpuUsage();
      sentAt = performance.now();
      const { assistantMessage } = chat.send({ conversationId: next.conversationId, text: next.text });
      // A stop asked for before generation starts ends the reply just after its context is saved: the first
      // token's own time (prompt evaluation) belongs to the chat model, not to the app, and is not waited for.
      if (!chat.stop(assistantMessage.id)) throw new Error('The reply could not be stopped before generation.');
      const reply = await done;
      if (reply.status !== 'interrupted') throw new Error(`The reply ended as ${reply.status}: ${reply.error?.message} ${reply.error?.details ?? ''}`);
      const record = stages.record!;
      timings.push({ ...(stages as Omit<SendTimings, 'sourceInPrompt'>), sourceInPrompt: record.sources.some((source) => source.chunkId === next.sourceChunkId) });
    }
  } finally {
    await chat.close();
    await documents.close();
  }
  return timings;
}
