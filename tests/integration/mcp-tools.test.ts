/**
 * Tools from a real MCP server (tests/fixtures/mcp-test-server.ts, started
 * over stdio with this Node): listed and called; a tool that hangs stopped
 * after its time limit with a clear sentence and the server still usable; a
 * server killed mid-call reported and started again at the next call; a
 * tool's error, a malformed answer and a huge result each turned into what
 * a person can read; a missing command and a server that exits at start
 * explained; a server that ignores being asked to stop killed. Then the
 * person's approvals, on a real SQLite file: once is not remembered, always
 * is (across reopening the data), damaged grants lose nothing, a refusal
 * is text the model reads, and a stopped reply stops the wait.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HearthError } from '../../src/api/errors.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { McpConnection, type McpConnectionOptions } from '../../src/tools/mcp-connection.ts';
import { mcpServersSetting, type McpServerConfig } from '../../src/tools/mcp-servers.ts';
import { createMcpToolbox } from '../../src/tools/mcp-toolbox.ts';
import { alwaysAllowedKey, createToolApprovals, refusalText, type ApprovalEvent } from '../../src/tools/tool-approvals.ts';
import { runToolCall } from '../../src/tools/tool-calls.ts';

const testServerPath = path.resolve(import.meta.dirname, '..', 'fixtures', 'mcp-test-server.ts');

const testServer = (overrides: Partial<McpServerConfig> = {}): McpServerConfig => ({
  id: 'test-tools', name: 'Test tools', command: process.execPath, args: [testServerPath], enabled: true, ...overrides,
});

const open: McpConnection[] = [];
function connect(server = testServer(), options: McpConnectionOptions = {}): McpConnection {
  const connection = new McpConnection(server, options);
  open.push(connection);
  return connection;
}

async function failure(promise: Promise<unknown>): Promise<HearthError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HearthError) return error;
    throw error;
  }
  throw new Error('expected a HearthError');
}

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitUntil(condition: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (!condition() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
  return condition();
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((connection) => connection.close()));
});

describe('tools of a local MCP server', () => {
  it('lists the server\u2019s tools with their descriptions and arguments, and calls them', async () => {
    const connection = connect();
    const tools = await connection.listTools();
    expect(tools.find((tool) => tool.name === 'add_numbers')).toMatchObject({
      description: 'Adds two numbers and returns their sum.',
      inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
    });
    expect(tools.find((tool) => tool.name === 'lookup_word')?.description).toBe('Returns the dictionary definition of a word.');
    expect(await connection.callTool('add_numbers', { a: 2, b: 40 })).toEqual({ text: '42', truncated: false });
    expect(await connection.callTool('lookup_word', { word: 'Hearth' })).toEqual({ text: 'The floor of a fireplace; by extension, the home.', truncated: false });
  });

  it('stops waiting for a tool that hangs after its time limit, and the server still answers', async () => {
    const connection = connect(testServer(), { callTimeoutMs: 1_000 });
    await connection.callTool('add_numbers', { a: 1, b: 1 });
    const pid = connection.pid;
    const started = Date.now();
    const error = await failure(connection.callTool('wait_forever', {}));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.code).toBe('TOOL_TIMEOUT');
    expect(error.shortMessage).toBe('The tool wait_forever of Test tools did not answer within 1 second.');
    expect(await connection.callTool('add_numbers', { a: 3, b: 4 })).toEqual({ text: '7', truncated: false });
    expect(connection.pid).toBe(pid);
  });

  it('says so by default after 30 seconds', async () => {
    const connection = connect();
    const waited = connection.callTool('wait_forever', {});
    await expect(waited).rejects.toThrow('The tool wait_forever of Test tools did not answer within 30 seconds.');
  }, 40_000);

  it('reports a server killed mid-call, and starts it again at the next call', async () => {
    const connection = connect();
    const pid = Number((await connection.callTool('process_id', {})).text);
    const waiting = connection.callTool('wait_forever', {});
    process.kill(pid, 'SIGKILL');
    const error = await failure(waiting);
    expect(error.code).toBe('TOOL_SERVER_FAILED');
    expect(error.shortMessage).toBe('The tool server Test tools stopped while running wait_forever.');
    expect(error.action).toBe('Try again: Hearth starts the server again at the next tool call. If it keeps happening, check its command and arguments.');
    expect(await connection.callTool('add_numbers', { a: 5, b: 6 })).toEqual({ text: '11', truncated: false });
    const restarted = Number((await connection.callTool('process_id', {})).text);
    expect(restarted).not.toBe(pid);
  });

  it('reports a server that crashes by itself while running a tool', async () => {
    const connection = connect();
    const error = await failure(connection.callTool('crash', {}));
    expect(error.shortMessage).toBe('The tool server Test tools stopped while running crash.');
    expect(await connection.callTool('add_numbers', { a: 1, b: 2 })).toEqual({ text: '3', truncated: false });
  });

  it('passes on a tool\u2019s own error, and names a malformed answer', async () => {
    const connection = connect();
    const thrown = await failure(connection.callTool('throw_error', {}));
    expect(thrown.code).toBe('TOOL_FAILED');
    expect(thrown.shortMessage).toBe('The tool throw_error of Test tools reported an error: the disk is not mounted');
    const wrongArguments = await failure(connection.callTool('add_numbers', { a: 'two' }));
    expect(wrongArguments.code).toBe('TOOL_FAILED');
    expect(wrongArguments.shortMessage).toMatch(/^The tool add_numbers of Test tools reported an error: .*Invalid arguments/s);
    const malformed = await failure(connection.callTool('malformed_result', {}));
    expect(malformed.code).toBe('TOOL_MALFORMED');
    expect(malformed.shortMessage).toBe('The tool server Test tools answered with something that is not valid MCP while running malformed_result.');
    expect(await connection.callTool('add_numbers', { a: 1, b: 1 })).toEqual({ text: '2', truncated: false });
  });

  it('cuts a huge result to 64 KiB with a note, and stops a server that sends more at once than Hearth reads', async () => {
    const connection = connect(testServer(), { maxMessageBytes: 1024 * 1024 });
    const huge = await connection.callTool('huge_result', { kib: 512 });
    expect(huge.truncated).toBe(true);
    expect(Buffer.byteLength(huge.text)).toBeLessThan(64 * 1024 + 200);
    expect(huge.text.endsWith('[Hearth cut this result here: the tool returned 512 KiB of text, and only the first 64 KiB are kept.]')).toBe(true);
    const flood = await failure(connection.callTool('huge_result', { kib: 2048 }));
    expect(flood.code).toBe('TOOL_SERVER_FAILED');
    expect(flood.shortMessage).toBe('The tool server Test tools sent more at once than Hearth reads (1 MiB) while running huge_result, so Hearth stopped it.');
    expect(await connection.callTool('add_numbers', { a: 2, b: 2 })).toEqual({ text: '4', truncated: false });
  });

  it('explains a command that does not exist, and a server that exits as it starts', async () => {
    const missing = await failure(connect(testServer({ name: 'Notes', command: 'hearth-no-such-mcp-server' })).listTools());
    expect(missing.code).toBe('TOOL_SERVER_NOT_FOUND');
    expect(missing.shortMessage).toBe('The tool server Notes could not start: its command \u201chearth-no-such-mcp-server\u201d was not found on this computer.');
    const exits = await failure(connect(testServer({ env: { MCP_TEST_EXIT_AT_START: '1' } })).callTool('add_numbers', { a: 1, b: 1 }));
    expect(exits.code).toBe('TOOL_SERVER_FAILED');
    expect(exits.shortMessage).toBe('The tool server Test tools stopped as soon as it started.');
    expect(exits.details).toContain('mcp-test-server: the configuration file is missing');
  });

  it('stops its server when closed, killing one that ignores being asked to stop', async () => {
    for (const env of [undefined, { MCP_TEST_IGNORE_STOP: '1' }]) {
      const connection = connect(testServer(env ? { env } : {}));
      const pid = Number((await connection.callTool('process_id', {})).text);
      await connection.close();
      expect(await waitUntil(() => !isRunning(pid), 2_000)).toBe(true);
    }
  }, 20_000);
});

describe('approving tool calls', () => {
  let dir: string;
  let store: Store;
  const events: ApprovalEvent[] = [];

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-mcp-approvals-'));
    store = openStore(dir);
  });

  afterAll(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const approvalsOn = (current: Store) => createToolApprovals({ settings: current.settings, onEvent: (event) => events.push(event) });
  const nextAsked = () => {
    const asked = events.findLast((event) => event.type === 'asked');
    if (asked?.type !== 'asked') throw new Error('nothing was asked');
    return asked.approval;
  };
  const call = { server: 'test-tools', tool: 'add_numbers', args: { a: 1, b: 2 } };

  it('asks again after "once", and remembers "always" across reopening the data', async () => {
    let approvals = approvalsOn(store);
    const first = approvals.request(call);
    expect(approvals.pending()).toEqual([{ id: nextAsked().id, call }]);
    approvals.decide(nextAsked().id, 'once');
    expect(await first).toEqual({ approved: true, by: 'once' });
    expect(approvals.pending()).toEqual([]);

    const second = approvals.request(call);
    expect(approvals.pending()).toHaveLength(1);
    approvals.decide(nextAsked().id, 'always');
    expect(await second).toEqual({ approved: true, by: 'always' });

    store.close();
    store = openStore(dir);
    approvals = approvalsOn(store);
    expect(await approvals.request({ ...call, args: { a: 9, b: 9 } })).toEqual({ approved: true, by: 'standing' });
    expect(approvals.pending()).toEqual([]);
    // Another tool of the same server is still asked about.
    const other = approvals.request({ ...call, tool: 'lookup_word', args: { word: 'hearth' } });
    expect(approvals.pending()).toHaveLength(1);
    approvals.decide(nextAsked().id, 'refuse');
    expect(await other).toEqual({ approved: false, by: 'refused' });
    approvals.revoke('test-tools');
    expect(approvals.grants()).toEqual([]);
  });

  it('a stopped reply stops the wait, and a decision that comes later is refused in words', async () => {
    const approvals = approvalsOn(store);
    const stop = new AbortController();
    const waiting = approvals.request(call, { signal: stop.signal });
    const { id } = nextAsked();
    stop.abort();
    expect((await failure(waiting)).code).toBe('TOOL_CANCELLED');
    expect(events.at(-1)).toEqual({ type: 'settled', id, outcome: 'cancelled' });
    expect(approvals.pending()).toEqual([]);
    const late = (() => {
      try {
        approvals.decide(id, 'once');
      } catch (error) {
        return error as HearthError;
      }
    })();
    expect(late?.shortMessage).toBe('That tool call is no longer waiting for your decision.');

    const cancelled = approvals.request(call);
    approvals.cancel(nextAsked().id);
    expect((await failure(cancelled)).shortMessage).toBe('The tool call was stopped with the reply.');
    expect(approvals.pending()).toEqual([]);
  });

  it('"always" also lets through the calls of the same tool already waiting', async () => {
    const approvals = approvalsOn(store);
    const first = approvals.request(call);
    const firstId = nextAsked().id;
    const same = approvals.request({ ...call, args: { a: 5, b: 5 } });
    const other = approvals.request({ ...call, tool: 'lookup_word', args: { word: 'hearth' } });
    approvals.decide(firstId, 'always');
    expect(await first).toEqual({ approved: true, by: 'always' });
    expect(await same).toEqual({ approved: true, by: 'standing' });
    expect(approvals.pending().map((waiting) => waiting.call.tool)).toEqual(['lookup_word']);
    approvals.decide(nextAsked().id, 'refuse');
    expect(await other).toEqual({ approved: false, by: 'refused' });
    approvals.revoke('test-tools', 'add_numbers');
    expect(approvals.grants()).toEqual([]);
  });

  it('with damaged grants asks the person, and reports the damage on "always" without writing over it', async () => {
    const damaged = '[{"server": "test-tools"';
    store.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(alwaysAllowedKey, damaged);
    const approvals = approvalsOn(store);
    const asked = approvals.request(call);
    const { id } = nextAsked();
    expect((await failure(Promise.resolve().then(() => approvals.decide(id, 'always')))).code).toBe('TOOL_SETTINGS_DAMAGED');
    approvals.decide(id, 'once');
    expect(await asked).toEqual({ approved: true, by: 'once' });
    expect(store.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(alwaysAllowedKey)).toBe(damaged);
    store.db.prepare('DELETE FROM settings WHERE key = ?').run(alwaysAllowedKey);
  });

  it('runs an approved call through the toolbox, and gives the model the refusal or the failure as text', async () => {
    const servers = mcpServersSetting(store.settings);
    const added = servers.add({ name: 'Test tools', command: process.execPath, args: [testServerPath] });
    servers.add({ name: 'Broken', command: 'hearth-no-such-mcp-server' });
    const toolbox = createMcpToolbox({ servers: servers.list });
    const approvals = approvalsOn(store);
    try {
      const listing = await toolbox.list();
      expect(listing.tools.map((tool) => tool.functionName)).toContain('Test_tools__add_numbers');
      expect(listing.failures.map((failed) => [failed.serverName, failed.error.code])).toEqual([['Broken', 'TOOL_SERVER_NOT_FOUND']]);
      const named = listing.names.resolve('Test_tools__add_numbers');
      expect(named).toEqual({ server: added.id, serverName: 'Test tools', tool: 'add_numbers' });

      const approved = runToolCall({ approvals, toolbox }, { server: added.id, tool: 'add_numbers', args: { a: 20, b: 22 } });
      approvals.decide(nextAsked().id, 'once');
      expect(await approved).toMatchObject({ status: 'done', result: '42', approval: { approved: true, by: 'once' } });

      const refused = runToolCall({ approvals, toolbox }, { server: added.id, tool: 'add_numbers', args: { a: 1, b: 1 } });
      approvals.decide(nextAsked().id, 'refuse');
      expect(await refused).toMatchObject({ status: 'refused', result: refusalText });
      expect(refusalText).toBe('The person refused this tool call.');

      const failed = runToolCall({ approvals, toolbox }, { server: added.id, tool: 'throw_error', args: {} });
      approvals.decide(nextAsked().id, 'once');
      expect(await failed).toMatchObject({
        status: 'failed',
        result: 'The tool throw_error of Test tools reported an error: the disk is not mounted',
        error: { code: 'TOOL_FAILED' },
      });

      // A disabled server's tools are neither listed nor run.
      servers.setEnabled(added.id, false);
      expect((await toolbox.list()).tools).toEqual([]);
      const disabled = runToolCall({ approvals, toolbox }, { server: added.id, tool: 'add_numbers', args: { a: 1, b: 1 } });
      approvals.decide(nextAsked().id, 'once');
      expect(await disabled).toMatchObject({ status: 'failed', error: { code: 'TOOL_SERVER_UNKNOWN' } });
    } finally {
      await toolbox.close();
    }
  });
});
