import type { ReplyContext } from '../../api/contract.ts';
import type { ChatTurn } from '../../engine/protocol.ts';
import type { FactQuery, RankedFact } from '../facts/rank-facts.ts';

/** A passage from the user's documents, found for the question. */
export interface Passage {
  chunkId: number;
  documentId: string;
  documentName: string;
  location: ReplyContext['sources'][number]['location'];
  text: string;
}

export interface PassageSearch {
  passages: Passage[];
  timings: { vectorSearchMs: number; keywordSearchMs: number; fuseMs: number };
}

/** Where context comes from; each source is optional, so chat works before any exists. */
export interface ContextSources {
  embedQuery(text: string): Promise<{ vector: Float32Array; model: string } | null>;
  facts(query: FactQuery): RankedFact[];
  /** `onlyPinned`: the passages of the documents pinned to the conversation, and no search. */
  passages?(query: { text: string; vector: Float32Array | null; model: string | null; conversationId: string; limit: number; onlyPinned: boolean }): PassageSearch;
}

/** Which kinds of private context the prompt may hold; the conversation's turns are always there. */
export interface ContextInclude {
  /** The memories relevant to the question (never all of them); 'pinned': only pinned memories. */
  facts: boolean | 'pinned';
  /** The document passages found for the question, numbered for citing; 'pinned': only those of the documents pinned to the conversation. */
  passages: boolean | 'pinned';
}

export interface ContextRequest {
  conversationId: string;
  prompt: string;
  history: ChatTurn[];
  systemPrompt: string;
  /** The model's context window in tokens; null when unknown (then nothing is trimmed). */
  contextTokens: number | null;
  /** Tokens kept free for the reply. */
  replyTokens: number;
  /** What may go in besides the conversation; everything when left out. Kinds left out are not even searched. */
  include?: ContextInclude;
}

export interface AssembledContext {
  systemPrompt: string;
  history: ChatTurn[];
  record: ReplyContext;
}

const everything: ContextInclude = { facts: true, passages: true };

const factLimit = 8;
const passageLimit = 6;
/** Share of the prompt budget that memories and passages may take; the rest is for the conversation. */
const contextShare = 0.5;

/**
 * A cautious token estimate (about 3 characters a token; English averages
 * nearer 4), so the budget errs on the side of fitting. Exact counts would
 * cost a round trip to the worker per piece.
 */
export const estimateTokens = (text: string) => Math.ceil(text.length / 3);

const elapsed = (since: number) => Math.round((performance.now() - since) * 100) / 100;

/**
 * The prompt for one reply, within the model's context window: system
 * prompt, relevant memories, passages from the user's documents, then as
 * many recent turns as fit; memories or passages only where `include`
 * allows. What was used (so exactly what the prompt holds), and how long
 * each stage took, is recorded with the reply.
 */
export async function assembleContext(request: ContextRequest, sources: ContextSources): Promise<AssembledContext> {
  const include = request.include ?? everything;
  let started = performance.now();
  const embedded = include.facts || include.passages ? await sources.embedQuery(request.prompt).catch(() => null) : null;
  const embedQueryMs = elapsed(started);

  const query = { text: request.prompt, vector: embedded?.vector ?? null, model: embedded?.model ?? null };
  const search = include.passages
    ? sources.passages?.({ ...query, conversationId: request.conversationId, limit: passageLimit, onlyPinned: include.passages === 'pinned' })
    : undefined;

  started = performance.now();
  const budget = request.contextTokens === null ? Number.POSITIVE_INFINITY : request.contextTokens - request.replyTokens;
  let contextBudget = budget * contextShare;
  const facts = (include.facts ? sources.facts({ ...query, limit: factLimit }) : []).filter((ranked) => {
    if (include.facts === 'pinned' && !ranked.fact.pinned) return false;
    const cost = estimateTokens(ranked.fact.text) + 2;
    if (cost > contextBudget) return false;
    contextBudget -= cost;
    return true;
  });
  const passages = (search?.passages ?? []).filter((passage) => {
    const cost = estimateTokens(passage.text) + 12;
    if (cost > contextBudget) return false;
    contextBudget -= cost;
    return true;
  });

  let systemPrompt = request.systemPrompt;
  if (facts.length > 0) systemPrompt += `\n\nWhat you know about the user:\n${facts.map(({ fact }) => `- ${fact.text}`).join('\n')}`;
  if (passages.length > 0) {
    systemPrompt +=
      '\n\nPassages from the user\u2019s documents that may answer the question (cite them by their number):\n' +
      passages.map((passage, index) => `[${index + 1}] ${passage.documentName}: ${passage.text}`).join('\n\n');
  }

  // The newest turns matter most: drop from the oldest until the prompt fits.
  let remaining = budget - estimateTokens(systemPrompt) - estimateTokens(request.prompt);
  const history: ChatTurn[] = [];
  for (let index = request.history.length - 1; index >= 0; index--) {
    const turn = request.history[index]!;
    remaining -= estimateTokens(turn.text) + 4;
    if (remaining < 0) break;
    history.unshift(turn);
  }

  return {
    systemPrompt,
    history,
    record: {
      facts: facts.map(({ fact, reason }) => ({ id: fact.id, text: fact.text, reason })),
      sources: passages,
      timings: {
        embedQueryMs,
        vectorSearchMs: search?.timings.vectorSearchMs ?? 0,
        keywordSearchMs: search?.timings.keywordSearchMs ?? 0,
        fuseMs: search?.timings.fuseMs ?? 0,
        assembleMs: elapsed(started),
      },
      droppedTurns: request.history.length - history.length,
    },
  };
}
