/**
 * The names the model calls tools by. Function calling in node-llama-cpp
 * (and the chat formats behind it) wants plain identifiers, while MCP tool
 * names may hold dots, dashes or spaces and repeat across servers. Each
 * tool gets `server__tool` in letters, digits and underscores, at most 64
 * characters, unique in the set; a clash gets a number added. The map also
 * reads a name the model wrote back into its server and tool.
 */

export interface NamedTool {
  /** The configured server's id. */
  server: string;
  serverName: string;
  tool: string;
}

const maxNameLength = 64;

/** Letters, digits and single underscores; never empty, never starting with a digit. */
function identifier(text: string): string {
  // Accents come apart under NFKD and their marks are dropped, so é reads as e.
  const plain = text.normalize('NFKD').replace(/\p{M}+/gu, '').replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (plain === '') return 'tool';
  return /^[0-9]/.test(plain) ? `t_${plain}` : plain;
}

export function toolFunctionName(serverName: string, tool: string): string {
  return `${identifier(serverName)}__${identifier(tool)}`.slice(0, maxNameLength);
}

export interface ToolNameMap {
  /** The function name for a server's tool, or undefined if the tool is not in the map. */
  nameOf(server: string, tool: string): string | undefined;
  /** The server and tool a function name stands for, or undefined for a name the map never gave. */
  resolve(functionName: string): NamedTool | undefined;
  entries(): [string, NamedTool][];
}

export function createToolNameMap(tools: NamedTool[]): ToolNameMap {
  const byName = new Map<string, NamedTool>();
  const byTool = new Map<string, string>();
  const key = (server: string, tool: string) => JSON.stringify([server, tool]);
  for (const entry of tools) {
    if (byTool.has(key(entry.server, entry.tool))) continue;
    const base = toolFunctionName(entry.serverName, entry.tool);
    let name = base;
    for (let n = 2; byName.has(name); n++) name = `${base.slice(0, maxNameLength - `_${n}`.length)}_${n}`;
    byName.set(name, entry);
    byTool.set(key(entry.server, entry.tool), name);
  }
  return {
    nameOf: (server, tool) => byTool.get(key(server, tool)),
    resolve: (functionName) => byName.get(functionName),
    entries: () => [...byName],
  };
}
