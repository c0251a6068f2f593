/**
 * One local MCP server, started as a child process over stdio with the
 * official SDK when it is first needed, and again at the next use after it
 * stops. Every failure becomes a HearthError whose sentence names the
 * server and the tool; a call that takes too long is cancelled through the
 * SDK (the server is told, and stays usable); a result is cut to a limit.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ErrorCode, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { HearthError } from '../api/errors.ts';
import type { McpServerConfig } from './mcp-servers.ts';
import { defaultMaxResultBytes, resultText, truncateText, type ToolResult } from './tool-result.ts';

export interface McpTool {
  name: string;
  description: string;
  /** The JSON Schema of the tool's arguments, as the server declares it. */
  inputSchema: Record<string, unknown>;
}

export interface McpConnectionOptions {
  /** How long a tool call may take before it is cancelled (default 30 s). */
  callTimeoutMs?: number;
  /** How long the server may take to start and answer MCP's greeting (default 30 s: npx may download first). */
  startTimeoutMs?: number;
  /** The most text of a result that is kept (default 64 KiB). */
  maxResultBytes?: number;
  /** The most the server may send in one message before Hearth stops it (default 8 MiB). */
  maxMessageBytes?: number;
  /** Hearth's version, told to the server when it starts. */
  hearthVersion?: string;
}

export interface CallOptions {
  /** Aborted when the reply that asked for the call is stopped. */
  signal?: AbortSignal;
}

const defaultTimeoutMs = 30_000;
const defaultMaxMessageBytes = 8 * 1024 * 1024;
/** What the server last wrote to stderr, kept to explain why it stopped. */
const stderrTailChars = 2_000;
/** How much of a tool's own error text a sentence quotes; the whole of it goes to the details. */
const quotedErrorChars = 500;

const seconds = (ms: number) => {
  const value = Math.round(ms / 100) / 10;
  return `${value} ${value === 1 ? 'second' : 'seconds'}`;
};

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** An MCP error's own words, without the "MCP error -32602: " the SDK puts before them (once per wrapping). */
const mcpErrorText = (error: McpError) => error.message.replace(/^(MCP error -?\d+: )+/, '').slice(0, quotedErrorChars);

const isConnectionClosed = (error: unknown) => error instanceof McpError && error.code === ErrorCode.ConnectionClosed;

export class McpConnection {
  readonly server: McpServerConfig;
  readonly #callTimeoutMs: number;
  readonly #startTimeoutMs: number;
  readonly #maxResultBytes: number;
  readonly #maxMessageBytes: number;
  readonly #hearthVersion: string;
  #client: Client | undefined;
  #transport: StdioClientTransport | undefined;
  #starting: Promise<Client> | undefined;
  #stderrTail = '';
  /** Whether the server sent a message over the size limit, which is why the SDK stopped it. */
  #sentTooMuch = false;

  constructor(server: McpServerConfig, options: McpConnectionOptions = {}) {
    this.server = server;
    this.#callTimeoutMs = options.callTimeoutMs ?? defaultTimeoutMs;
    this.#startTimeoutMs = options.startTimeoutMs ?? defaultTimeoutMs;
    this.#maxResultBytes = options.maxResultBytes ?? defaultMaxResultBytes;
    this.#maxMessageBytes = options.maxMessageBytes ?? defaultMaxMessageBytes;
    this.#hearthVersion = options.hearthVersion ?? '0.0.0';
  }

  /** The server's process id while it runs, else null. */
  get pid(): number | null {
    return this.#client ? (this.#transport?.pid ?? null) : null;
  }

  async listTools(options: CallOptions = {}): Promise<McpTool[]> {
    const client = await this.#connect();
    const tools: McpTool[] = [];
    let cursor: string | undefined;
    try {
      do {
        const page = await client.listTools(cursor ? { cursor } : undefined, this.#requestOptions(options));
        for (const tool of page.tools) tools.push({ name: tool.name, description: tool.description ?? '', inputSchema: tool.inputSchema });
        cursor = page.nextCursor;
      } while (cursor);
    } catch (error) {
      throw this.#failure(error, options.signal, 'list its tools', 'listing its tools');
    }
    return tools;
  }

  async callTool(tool: string, args: Record<string, unknown>, options: CallOptions = {}): Promise<ToolResult> {
    const client = await this.#connect();
    let result: CallToolResult;
    try {
      // The SDK's type also admits the first protocol version's form, but its default schema always fills `content` (empty when missing).
      result = (await client.callTool({ name: tool, arguments: args }, undefined, this.#requestOptions(options))) as CallToolResult;
    } catch (error) {
      throw this.#failure(error, options.signal, `run ${tool}`, `running ${tool}`, tool);
    }
    const text = resultText(result);
    if (result.isError) {
      const quoted = text.length > quotedErrorChars ? `${text.slice(0, quotedErrorChars)}\u2026` : text;
      throw new HearthError('TOOL_FAILED', {
        message: `The tool ${tool} of ${this.server.name} reported an error: ${quoted.trim() || '(no explanation given)'}`,
        action: 'Read the tool\u2019s message; the model may try again with other arguments.',
        details: truncateText(text, this.#maxResultBytes).text,
      });
    }
    return truncateText(text, this.#maxResultBytes);
  }

  /** Stops the server: its input is closed, then it is asked to end (SIGTERM), then killed if it has not; a later use starts it again. */
  async close(): Promise<void> {
    const starting = this.#starting;
    if (starting) await starting.catch(() => undefined);
    const client = this.#client;
    this.#client = undefined;
    await client?.close();
  }

  #requestOptions(options: CallOptions) {
    return { signal: options.signal, timeout: this.#callTimeoutMs, maxTotalTimeout: this.#callTimeoutMs };
  }

  #connect(): Promise<Client> {
    if (this.#client) return Promise.resolve(this.#client);
    this.#starting ??= this.#start().finally(() => {
      this.#starting = undefined;
    });
    return this.#starting;
  }

  async #start(): Promise<Client> {
    const { command, args, env } = this.server;
    const transport = new StdioClientTransport({ command, args, ...(env ? { env } : {}), stderr: 'pipe', maxBufferSize: this.#maxMessageBytes });
    this.#stderrTail = '';
    this.#sentTooMuch = false;
    transport.stderr?.on('data', (chunk: Buffer) => {
      this.#stderrTail = (this.#stderrTail + chunk.toString('utf8')).slice(-stderrTailChars);
    });
    const client = new Client({ name: 'Hearth', version: this.#hearthVersion });
    // The SDK's stdio transport tells an oversized message only by this text, then closes.
    client.onerror = (error) => {
      if (error.message.includes('ReadBuffer exceeded')) this.#sentTooMuch = true;
    };
    client.onclose = () => {
      if (this.#client === client) this.#client = undefined;
    };
    this.#transport = transport;
    try {
      await client.connect(transport, { timeout: this.#startTimeoutMs });
    } catch (error) {
      await client.close().catch(() => undefined);
      throw this.#startFailure(error);
    }
    this.#client = client;
    return client;
  }

  #startFailure(error: unknown): HearthError {
    const { name, command } = this.server;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return new HearthError('TOOL_SERVER_NOT_FOUND', {
        message: `The tool server ${name} could not start: its command \u201c${command}\u201d was not found on this computer.`,
        action: 'Check the command in the tool server\u2019s settings: it must name a program installed here, such as node or npx.',
        details: errorText(error),
        cause: error,
      });
    }
    if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) {
      return new HearthError('TOOL_SERVER_FAILED', {
        message: `The tool server ${name} did not answer within ${seconds(this.#startTimeoutMs)} of starting, so Hearth stopped it.`,
        action: 'Check that its command starts an MCP server that talks over standard input and output, then try again.',
        details: this.#explain(error),
        cause: error,
      });
    }
    if (isConnectionClosed(error)) {
      return new HearthError('TOOL_SERVER_FAILED', {
        message: `The tool server ${name} stopped as soon as it started.`,
        action: 'Check its command and arguments; the details show what it wrote before it stopped.',
        details: this.#explain(error),
        cause: error,
      });
    }
    return new HearthError('TOOL_SERVER_FAILED', {
      message: `The tool server ${name} could not start.`,
      action: 'Check its command and arguments; the details show why.',
      details: this.#explain(error),
      cause: error,
    });
  }

  /** A failed request as a sentence: `what` says what the server did not do, `during` what it was doing. */
  #failure(error: unknown, signal: AbortSignal | undefined, what: string, during: string, tool?: string): HearthError {
    const { name } = this.server;
    // The SDK reports a cancellation as a timeout, so the signal decides.
    if (signal?.aborted) return new HearthError('TOOL_CANCELLED', { details: `${name}: ${during}`, cause: error });
    if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) {
      return new HearthError('TOOL_TIMEOUT', {
        message: tool
          ? `The tool ${tool} of ${name} did not answer within ${seconds(this.#callTimeoutMs)}.`
          : `The tool server ${name} did not ${what} within ${seconds(this.#callTimeoutMs)}.`,
        action: 'Try again; if it keeps happening, check the tool server, or allow its tools more time.',
        cause: error,
      });
    }
    if (isConnectionClosed(error) || (error instanceof Error && error.message === 'Not connected')) {
      if (this.#sentTooMuch) {
        return new HearthError('TOOL_SERVER_FAILED', {
          message: `The tool server ${name} sent more at once than Hearth reads (${Math.round(this.#maxMessageBytes / 1024 / 1024)} MiB) while ${during}, so Hearth stopped it.`,
          action: 'Ask the tool for less (a smaller file or fewer results); Hearth starts the server again at the next tool call.',
          details: this.#explain(error),
          cause: error,
        });
      }
      return new HearthError('TOOL_SERVER_FAILED', {
        message: `The tool server ${name} stopped while ${during}.`,
        action: 'Try again: Hearth starts the server again at the next tool call. If it keeps happening, check its command and arguments.',
        details: this.#explain(error),
        cause: error,
      });
    }
    if (error instanceof McpError) {
      const said = mcpErrorText(error);
      return new HearthError('TOOL_FAILED', {
        message: tool ? `The tool ${tool} of ${name} reported an error: ${said}` : `The tool server ${name} could not ${what}: ${said}`,
        action: 'Read the server\u2019s message; the model may try again with other arguments.',
        cause: error,
      });
    }
    // The SDK checks each answer against MCP's schema and throws a ZodError (with its issues) when it does not fit.
    if (error instanceof Error && 'issues' in error) {
      return new HearthError('TOOL_MALFORMED', {
        message: `The tool server ${name} answered with something that is not valid MCP while ${during}.`,
        action: 'Update the tool server, or report the problem to its author.',
        details: errorText(error).slice(0, quotedErrorChars),
        cause: error,
      });
    }
    return new HearthError('TOOL_SERVER_FAILED', {
      message: `The tool server ${name} failed while ${during}.`,
      action: 'Try again: Hearth starts the server again at the next tool call. If it keeps happening, check its command and arguments.',
      details: this.#explain(error),
      cause: error,
    });
  }

  #explain(error: unknown): string {
    const stderr = this.#stderrTail.trim();
    return stderr ? `${errorText(error)}\nThe server wrote: ${stderr}` : errorText(error);
  }
}
