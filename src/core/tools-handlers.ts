/**
 * The calls for tools of local MCP servers: the servers the person set up,
 * each with its tools or why it could not start; the tools allowed
 * "always"; and the decision on a call waiting for approval. A removed
 * server takes its grants with it, since the two are kept apart.
 */
import type { EventName, EventPayload, ToolGrantView, ToolServerView } from '../api/contract.ts';
import type { McpServerConfig, McpServersSetting } from '../tools/mcp-servers.ts';
import type { McpToolbox, ToolboxListing } from '../tools/mcp-toolbox.ts';
import type { ToolApprovals } from '../tools/tool-approvals.ts';
import type { Handlers } from './dispatch.ts';

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface ToolsHandlersOptions {
  servers: McpServersSetting;
  toolbox: McpToolbox;
  approvals: ToolApprovals;
  emit: Emit;
}

type ToolsHandlers = Pick<Handlers, Extract<keyof Handlers, `tools.${string}`>>;

function serverView(server: McpServerConfig, listing: ToolboxListing): ToolServerView {
  const failure = listing.failures.find((candidate) => candidate.server === server.id);
  const tools = listing.tools.filter((tool) => tool.server === server.id).map(({ name, description }) => ({ name, description }));
  return {
    ...server,
    state: !server.enabled ? 'disabled' : failure ? 'failed' : 'ready',
    tools,
    error: failure ? failure.error.toPayload() : null,
  };
}

export function toolsHandlers({ servers, toolbox, approvals, emit }: ToolsHandlersOptions): ToolsHandlers {
  /** Lists the enabled servers' tools (starting them), and stops the processes of servers removed or turned off. */
  const views = async (): Promise<ToolServerView[]> => {
    const listing = await toolbox.list();
    return servers.list().map((server) => serverView(server, listing));
  };
  const viewOf = async (id: string): Promise<ToolServerView> => (await views()).find((view) => view.id === id)!;

  const grants = (): ToolGrantView[] => {
    const names = new Map(servers.list().map((server) => [server.id, server.name]));
    return approvals.grants().map((grant) => ({ ...grant, serverName: names.get(grant.server) ?? grant.server }));
  };

  const changed = () => emit('tools.changed', {});

  return {
    'tools.servers.list': () => views(),
    'tools.servers.add': async (input) => {
      const added = servers.add(input);
      changed();
      return viewOf(added.id);
    },
    'tools.servers.remove': async ({ id }) => {
      servers.remove(id);
      approvals.revoke(id);
      changed();
      // Listing again stops its process.
      await toolbox.list();
      return { removed: true };
    },
    'tools.servers.setEnabled': async ({ id, enabled }) => {
      servers.setEnabled(id, enabled);
      changed();
      return viewOf(id);
    },
    'tools.grants.list': () => grants(),
    'tools.grants.revoke': ({ server, tool }) => {
      approvals.revoke(server, tool);
      changed();
      return grants();
    },
    'tools.decide': ({ approvalId, decision }) => {
      approvals.decide(approvalId, decision);
      if (decision === 'always') changed();
      return { decided: true };
    },
  };
}
