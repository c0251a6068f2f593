/**
 * Where a reply comes from, as the chat service sees it: the local engine
 * or a provider session. The service stores, streams, stops and records;
 * a source only writes text. A later router picks the source per reply.
 */
import type { RemoteReply, ReplyStats } from '../api/contract.ts';
import type { ChatTurn, GenerationSettings } from '../engine/protocol.ts';

export interface ReplyRequest {
  history: ChatTurn[];
  prompt: string;
  settings: GenerationSettings;
  /** For a reply written off this device: texts (private memories) that leave only as placeholders. */
  privateTexts?: readonly string[];
  /** The reply being written, for a source that keeps records on it (the tool calls of a local reply). */
  replyTo?: { messageId: string; conversationId: string };
}

/** What the next candidate is asked when a reply was cut: the same question, with the text so far as its own answer to continue. */
export const continuePrompt = 'Continue your last reply from exactly where it stopped, without repeating any of it.';

export function continuation(request: ReplyRequest, partial: string): ReplyRequest {
  if (partial === '') return request;
  const history: ChatTurn[] = [...request.history, { role: 'user', text: request.prompt }, { role: 'assistant', text: partial }];
  return { ...request, history, prompt: continuePrompt };
}

export interface ReplyOutcome {
  /** Ended by a stop: the text so far is kept as interrupted. */
  stopped: boolean;
  stats: ReplyStats | null;
  /** Where a provider wrote it; null for a local reply. */
  remote: RemoteReply | null;
  /** A failure after the source had begun: the text so far, and where it ran, are kept with it. */
  error?: unknown;
}

export interface ReplySource {
  /** The model name the message shows. */
  readonly model: string | null;
  /**
   * Whether the reply is written on this device: its prompt may then hold
   * every memory and passage relevant to it; one written elsewhere gets
   * only what the user's disclosure level allows.
   */
  readonly runsOnDevice: boolean;
  /** Throws, before anything is stored, why no reply can be written; a source on its way (a model loading) passes. */
  assertAvailable(): void;
  /**
   * Resolves once a reply can start, with the context window the prompt is
   * fitted to (null: no limit known); rejects with the signal's reason when
   * stopped first, or with why it never will be ready.
   */
  prepare(signal: AbortSignal): Promise<{ contextTokens: number | null }>;
  /** Streams the reply's text; `signal` stops it early, and the outcome then says so. */
  write(request: ReplyRequest, onText: (text: string) => void, signal: AbortSignal): Promise<ReplyOutcome>;
}
