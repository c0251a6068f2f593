/**
 * The local MCP servers the person set up, kept in the encrypted settings:
 * each is a command Hearth starts as a child process when one of its tools
 * is first needed. Names are shown to the person and name the tools to the
 * model, so no two servers share one (letter case aside).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { HearthError } from '../api/errors.ts';
import type { SettingsRepository } from '../store/settings.ts';
import { readToolSetting } from './tool-setting.ts';

export const mcpServersKey = 'tools.mcpServers';

export const mcpServerSchema = z.object({
  id: z.string().min(1),
  name: z.string().trim().min(1).max(64),
  command: z.string().trim().min(1),
  args: z.array(z.string()),
  /** Added to the few variables every server gets (PATH, HOME...), so Hearth's own environment never reaches it. */
  env: z.record(z.string(), z.string()).optional(),
  enabled: z.boolean(),
});

export type McpServerConfig = z.infer<typeof mcpServerSchema>;

/** What the person fills in; arguments default to none and a new server to enabled. */
export const newMcpServerSchema = mcpServerSchema.omit({ id: true }).extend({
  args: z.array(z.string()).default([]),
  enabled: z.boolean().default(true),
});

export type NewMcpServer = z.input<typeof newMcpServerSchema>;

const savedServersSchema = z.array(mcpServerSchema);

export function mcpServersSetting(settings: SettingsRepository, newId: () => string = randomUUID) {
  const list = (): McpServerConfig[] => readToolSetting(settings, mcpServersKey, savedServersSchema, []);

  const get = (id: string): McpServerConfig => {
    const server = list().find((candidate) => candidate.id === id);
    if (!server) throw new HearthError('TOOL_SERVER_UNKNOWN', { details: `server id ${id}` });
    return server;
  };

  return {
    list,
    get,
    add(input: NewMcpServer): McpServerConfig {
      const checked = newMcpServerSchema.safeParse(input);
      if (!checked.success) {
        const field = checked.error.issues[0]?.path[0];
        throw new HearthError('INVALID_REQUEST', {
          message: field === 'command'
            ? 'This tool server cannot be added: the command that starts it is missing.'
            : field === 'name'
              ? 'This tool server cannot be added: it needs a name of 1 to 64 characters.'
              : 'This tool server cannot be added: its settings are incomplete.',
          action: 'Give the server a name and the command that starts it (such as npx and its package), then add it again.',
          details: checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
        });
      }
      const servers = list();
      const sameName = servers.find((server) => server.name.toLowerCase() === checked.data.name.toLowerCase());
      if (sameName) throw new HearthError('TOOL_SERVER_NAME_TAKEN', { details: `name ${checked.data.name}` });
      const server: McpServerConfig = { id: newId(), ...checked.data };
      settings.set(mcpServersKey, [...servers, server]);
      return server;
    },
    remove(id: string): void {
      get(id);
      settings.set(mcpServersKey, list().filter((server) => server.id !== id));
    },
    setEnabled(id: string, enabled: boolean): McpServerConfig {
      const server = { ...get(id), enabled };
      settings.set(mcpServersKey, list().map((candidate) => (candidate.id === id ? server : candidate)));
      return server;
    },
  };
}

export type McpServersSetting = ReturnType<typeof mcpServersSetting>;
