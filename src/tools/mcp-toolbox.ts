/**
 * All the tools of the enabled MCP servers, under the names the model calls
 * them by. One connection per server, kept while its settings stay the
 * same (a changed or removed server's process is stopped). A server that
 * fails to start hides only its own tools; its error is listed beside them.
 */
import { HearthError } from '../api/errors.ts';
import { McpConnection, type CallOptions, type McpConnectionOptions, type McpTool } from './mcp-connection.ts';
import type { McpServerConfig } from './mcp-servers.ts';
import type { ToolCall } from './tool-approvals.ts';
import { createToolNameMap, type ToolNameMap } from './tool-names.ts';
import type { ToolResult } from './tool-result.ts';

export interface ToolboxTool extends McpTool {
  /** The name the model calls it by (see tool-names.ts). */
  functionName: string;
  server: string;
  serverName: string;
}

export interface ToolboxListing {
  tools: ToolboxTool[];
  /** Servers whose tools could not be listed, each with the reason. */
  failures: { server: string; serverName: string; error: HearthError }[];
  names: ToolNameMap;
}

export interface McpToolboxOptions {
  /** The configured servers, read at each use so changes in the settings apply at once. */
  servers: () => McpServerConfig[];
  connection?: McpConnectionOptions;
}

const asHearthError = (error: unknown) => (error instanceof HearthError ? error : new HearthError('TOOL_SERVER_FAILED', { details: String(error), cause: error }));

export function createMcpToolbox({ servers, connection: connectionOptions = {} }: McpToolboxOptions) {
  const connections = new Map<string, McpConnection>();

  /** Stops the connections whose server was removed or changed. */
  const prune = async (current: McpServerConfig[]) => {
    const stale = [...connections].filter(([id, open]) => JSON.stringify(current.find((server) => server.id === id)) !== JSON.stringify(open.server));
    for (const [id] of stale) connections.delete(id);
    await Promise.all(stale.map(([, open]) => open.close()));
  };

  const enabled = async () => {
    const current = servers();
    await prune(current);
    return current.filter((server) => server.enabled);
  };

  const connectionFor = (server: McpServerConfig) => {
    let open = connections.get(server.id);
    if (!open) {
      open = new McpConnection(server, connectionOptions);
      connections.set(server.id, open);
    }
    return open;
  };

  return {
    async list(options: CallOptions = {}): Promise<ToolboxListing> {
      const listed = await Promise.all((await enabled()).map(async (server) => {
        try {
          return { server, tools: await connectionFor(server).listTools(options) };
        } catch (error) {
          return { server, error: asHearthError(error) };
        }
      }));
      const names = createToolNameMap(listed.flatMap(({ server, tools }) => (tools ?? []).map((tool) => ({ server: server.id, serverName: server.name, tool: tool.name }))));
      const tools: ToolboxTool[] = [];
      const failures: ToolboxListing['failures'] = [];
      for (const { server, tools: serverTools, error } of listed) {
        if (error) failures.push({ server: server.id, serverName: server.name, error });
        for (const tool of serverTools ?? []) {
          tools.push({ ...tool, functionName: names.nameOf(server.id, tool.name) ?? tool.name, server: server.id, serverName: server.name });
        }
      }
      return { tools, failures, names };
    },
    async call(call: ToolCall, options: CallOptions = {}): Promise<ToolResult> {
      const server = (await enabled()).find((candidate) => candidate.id === call.server);
      if (!server) throw new HearthError('TOOL_SERVER_UNKNOWN', { details: `server id ${call.server} is not set up or not enabled` });
      return connectionFor(server).callTool(call.tool, call.args, options);
    },
    /** Stops every server (when Hearth quits or locks). */
    async close(): Promise<void> {
      const open = [...connections.values()];
      connections.clear();
      await Promise.all(open.map((connection) => connection.close()));
    },
  };
}

export type McpToolbox = ReturnType<typeof createMcpToolbox>;
