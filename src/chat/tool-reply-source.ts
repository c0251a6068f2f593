/**
 * Local replies that may call tools of the person's MCP servers. While an
 * enabled server offers tools, the local model is given them as functions;
 * when it stops at calls, each waits for the person's decision (an earlier
 * "always" lets it through), runs, and is kept as a record on the reply;
 * then the model goes on with their results, for a few rounds at most.
 * Text streams into the same message throughout. A provider's reply never
 * gets tools: only the local source is wrapped.
 */
import { randomUUID } from 'node:crypto';
import type { ReplyStats, ToolCallView } from '../api/contract.ts';
import { HearthError } from '../api/errors.ts';
import type { Engine } from '../engine/engine.ts';
import { toFunctionParamsSchema, toToolArguments } from '../engine/function-schema.ts';
import type { ChatTurn, FunctionCallWithResult, FunctionDefinition, GenerateRequest, WrittenFunctionCall } from '../engine/protocol.ts';
import type { GenerationResult } from '../engine/supervisor.ts';
import type { MessageRepository } from '../store/messages.ts';
import type { McpToolbox, ToolboxListing } from '../tools/mcp-toolbox.ts';
import type { ApprovalEvent, ToolApprovals, ToolCall } from '../tools/tool-approvals.ts';
import { runToolCall } from '../tools/tool-calls.ts';
import type { Emit } from './chat-service.ts';
import { LocalReplySource } from './local-reply-source.ts';
import type { ReplyOutcome, ReplyRequest, ReplySource } from './reply-source.ts';

/** Rounds of tool calls one reply may make: enough for a lookup and a follow-up, few enough that a looping model ends. */
export const maxToolRounds = 4;

export const toolRoundsSentence = `Hearth did not run this call: a reply may call tools in at most ${maxToolRounds} rounds.`;

/**
 * Of the context window, what a reply with tools keeps free for them beyond
 * the reply itself: their documentation, the calls and results (at most a
 * quarter of the window). The conversation is trimmed to leave it.
 */
export const toolRoomTokens = 512;

export interface ToolReplySourceOptions {
  engine: Engine;
  /** Whether any tool server is on now: a reply then keeps room for tools in its context. */
  toolsOn: () => boolean;
  toolbox: McpToolbox;
  approvals: ToolApprovals;
  messages: Pick<MessageRepository, 'get' | 'saveToolCalls'>;
  emit: Emit;
  /** For tests and demos (HEARTH_FORCE_TOOL_CALL): each reply's first round must call a tool, which a model that never calls one by itself then does. */
  forceFirstCall?: boolean;
}

/** A reply's place in the chat, for its calls' records and events. */
interface ReplyPlace {
  messageId: string;
  conversationId: string;
}

function combinedStats(rounds: ReplyStats[]): ReplyStats | null {
  if (rounds.length === 0) return null;
  const tokens = rounds.reduce((sum, stats) => sum + stats.tokens, 0);
  const seconds = rounds.reduce((sum, stats) => sum + (stats.tokensPerSecond > 0 ? stats.tokens / stats.tokensPerSecond : 0), 0);
  return { tokens, tokensPerSecond: seconds > 0 ? tokens / seconds : 0, ttftMs: rounds[0]!.ttftMs };
}

const asArguments = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

const isCancelled = (error: unknown) => error instanceof HearthError && error.code === 'TOOL_CANCELLED';

export class ToolReplySource implements ReplySource {
  readonly runsOnDevice = true;
  readonly #local: LocalReplySource;
  readonly #options: ToolReplySourceOptions;
  /** Calls waiting for approval, by the call object handed to the approvals, told their approval's id when it is asked. */
  readonly #asked = new Map<ToolCall, (approvalId: string) => void>();

  constructor(options: ToolReplySourceOptions) {
    this.#options = options;
    this.#local = new LocalReplySource(options.engine);
  }

  get model(): string | null {
    return this.#local.model;
  }

  assertAvailable(): void {
    this.#local.assertAvailable();
  }

  async prepare(signal: AbortSignal): Promise<{ contextTokens: number | null }> {
    const { contextTokens } = await this.#local.prepare(signal);
    if (contextTokens === null || !this.#options.toolsOn()) return { contextTokens };
    return { contextTokens: contextTokens - Math.min(toolRoomTokens, Math.floor(contextTokens / 4)) };
  }

  /** The approvals' events, wired by the composition root: an asked call gets its approval id on its record. */
  approvalEvent(event: ApprovalEvent): void {
    if (event.type === 'asked') this.#asked.get(event.approval.call)?.(event.approval.id);
  }

  async write(request: ReplyRequest, onText: (text: string) => void, signal: AbortSignal): Promise<ReplyOutcome> {
    const place = request.replyTo;
    const listing = place ? await this.#options.toolbox.list({ signal }) : null;
    if (signal.aborted) return { stopped: true, stats: null, remote: null };
    if (!place || !listing || listing.tools.length === 0) return this.#local.write(request, onText, signal);

    const functions: FunctionDefinition[] = listing.tools.map((tool) => ({
      name: tool.functionName, description: tool.description, parameters: toFunctionParamsSchema(tool.inputSchema),
    }));
    const records = new ToolCallRecords(place, this.#options);
    const stats: ReplyStats[] = [];
    let history = request.history;
    let prompt = request.prompt;
    for (let round = 1; ; round++) {
      let text = '';
      const forced = round === 1 && this.#options.forceFirstCall === true;
      const result = await this.#generate(
        { history, prompt, settings: request.settings, functions, ...(forced ? { forceFunctionCall: true } : {}) },
        (chunk) => {
          text += chunk;
          onText(chunk);
        },
        signal,
      );
      stats.push(result.stats);
      const calls = result.functionCalls ?? [];
      if (result.stopped || calls.length === 0) return { stopped: result.stopped, stats: combinedStats(stats), remote: null };
      if (round > maxToolRounds) {
        for (const call of calls) records.recordNotRun(call, listing, toolRoundsSentence);
        return { stopped: false, stats: combinedStats(stats), remote: null };
      }
      const answered: FunctionCallWithResult[] = [];
      try {
        for (const call of calls) answered.push({ name: call.name, params: call.params, result: await this.#run(call, listing, records, signal) });
      } catch (error) {
        if (isCancelled(error) && signal.aborted) return { stopped: true, stats: combinedStats(stats), remote: null };
        throw error;
      }
      // The model goes on with its own turn: its text so far and the calls with their results, and no new message.
      const turn: ChatTurn = { role: 'assistant', text, functionCalls: answered };
      history = prompt === '' ? [...history, turn] : [...history, { role: 'user', text: prompt }, turn];
      prompt = '';
    }
  }

  async #generate(request: Omit<GenerateRequest, 'requestId'>, onText: (text: string) => void, signal: AbortSignal): Promise<GenerationResult> {
    const { engine } = this.#options;
    const { requestId, result } = engine.generate(request, onText);
    const stop = () => engine.stop(requestId);
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
    try {
      return await result;
    } finally {
      signal.removeEventListener('abort', stop);
    }
  }

  /** One call: asked, run and recorded; resolves with what the model reads back, throws TOOL_CANCELLED when the reply is stopped. */
  async #run(written: WrittenFunctionCall, listing: ToolboxListing, records: ToolCallRecords, signal: AbortSignal): Promise<string> {
    const named = listing.names.resolve(written.name);
    const tool = named && listing.tools.find((candidate) => candidate.server === named.server && candidate.name === named.tool);
    if (!named || !tool) return records.recordNotRun(written, listing, `There is no tool called ${written.name}.`);
    if (written.problem) return records.recordNotRun(written, listing, written.problem);

    const call: ToolCall = { server: named.server, tool: named.tool, args: asArguments(toToolArguments(tool.inputSchema, written.params)) };
    const record = records.add({ id: randomUUID(), serverId: named.server, server: named.serverName, tool: named.tool, arguments: call.args, status: 'waiting' });
    this.#asked.set(call, (approvalId) => {
      records.update(record, { approvalId });
      this.#options.emit('tools.approval', {
        approvalId, messageId: records.place.messageId, conversationId: records.place.conversationId, server: named.serverName, tool: named.tool, arguments: call.args,
      });
    });
    const { toolbox, approvals } = this.#options;
    let startedAt: number | null = null;
    const since = () => (startedAt === null ? {} : { durationMs: Date.now() - startedAt });
    try {
      const ran = await runToolCall({
        approvals,
        toolbox: {
          ...toolbox,
          call: (approved, options) => {
            startedAt = Date.now();
            records.update(record, { status: 'running' });
            return toolbox.call(approved, options);
          },
        },
      }, call, signal);
      records.update(record, {
        status: ran.status, approval: ran.approval.by, result: ran.result, ...since(),
        ...(ran.truncated ? { truncated: true } : {}), ...(ran.error ? { error: ran.error } : {}),
      });
      return ran.result;
    } catch (error) {
      const failure = error instanceof HearthError ? error : new HearthError('INTERNAL', { cause: error });
      records.update(record, { status: 'failed', result: failure.shortMessage, error: failure.toPayload(), ...since() });
      throw error;
    } finally {
      this.#asked.delete(call);
    }
  }
}

/** A reply's tool call records: each change is saved on its message and sent to the UI. */
class ToolCallRecords {
  readonly place: ReplyPlace;
  readonly #options: ToolReplySourceOptions;
  /** A reply continued after a cut keeps the calls it made before. */
  readonly #records: ToolCallView[];

  constructor(place: ReplyPlace, options: ToolReplySourceOptions) {
    this.place = place;
    this.#options = options;
    this.#records = [...(options.messages.get(place.messageId)?.toolCalls ?? [])];
  }

  add(record: ToolCallView): ToolCallView {
    this.#records.push(record);
    this.#changed(record);
    return record;
  }

  /** Replaces a record's fields; an approval id is kept only while the call waits. */
  update(record: ToolCallView, change: Partial<ToolCallView>): void {
    const index = this.#records.findIndex((candidate) => candidate.id === record.id);
    const { approvalId, ...rest } = { ...this.#records[index]!, ...change };
    const next: ToolCallView = rest.status === 'waiting' && approvalId !== undefined ? { ...rest, approvalId } : rest;
    this.#records[index] = next;
    this.#changed(next);
  }

  /** A call that is not run (an unknown tool, unusable arguments, too many rounds): recorded as failed, `sentence` is what the model reads. */
  recordNotRun(written: WrittenFunctionCall, listing: ToolboxListing, sentence: string): string {
    const named = listing.names.resolve(written.name);
    this.add({
      id: randomUUID(), serverId: named?.server ?? '', server: named?.serverName ?? '', tool: named?.tool ?? written.name,
      arguments: asArguments(written.params), status: 'failed', result: sentence,
    });
    return sentence;
  }

  #changed(record: ToolCallView): void {
    this.#options.messages.saveToolCalls(this.place.messageId, this.#records);
    this.#options.emit('chat.toolCall', { messageId: this.place.messageId, conversationId: this.place.conversationId, call: record });
  }
}
