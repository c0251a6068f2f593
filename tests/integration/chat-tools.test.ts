/**
 * The local model calling tools in chat, with the person's approval: the
 * real core on the bundled demo model (made to call a tool in each reply's
 * first round, as HEARTH_FORCE_TOOL_CALL does), and the real test MCP
 * server, started by the core from its settings.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventPayload, Message, MethodResult, ToolCallView } from '../../src/api/contract.ts';
import type { Core, CoreConfig } from '../../src/core/core.ts';
import { refusalText } from '../../src/tools/tool-approvals.ts';
import { nextEvent, replyDone } from '../helpers/core-events.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { useTestCores } from '../helpers/test-cores.ts';
import { unlockedForTests } from '../helpers/vault.ts';

const testServerPath = path.resolve(import.meta.dirname, '..', 'fixtures', 'mcp-test-server.ts');

const tempDir = useTempDirs();
const cores = useTestCores(unlockedForTests);

/** Greedy, so that each reply is the same every run; long enough for the forced call (about 50 tokens) and text after it. */
const forcedCalls: Partial<CoreConfig> = {
  ...unlockedForTests, tools: { forceFirstCall: true }, generation: { temperature: 0, maxTokens: 120 },
};

async function started(dataDir = tempDir(), config: Partial<CoreConfig> = forcedCalls): Promise<Core> {
  const core = await cores.start(dataDir, config);
  expect((await core.modelLoad).state).toBe('ready');
  return core;
}

/** The test server offering only the named tools, so that the model's forced call is one of them. */
function addTestServer(core: Core, tools: string) {
  return core.call('tools.servers.add', {
    name: 'Test tools', command: process.execPath, args: [testServerPath], env: { MCP_TEST_TOOLS: tools },
  }) as Promise<MethodResult<'tools.servers.add'>>;
}

/** Sends a message and resolves once its reply's first tool call asks for approval. */
async function sendAndAwaitApproval(core: Core, text: string, conversationId: string | null = null) {
  const asked = nextEvent(core, 'tools.approval');
  const sent = (await core.call('chat.send', { conversationId, text })) as MethodResult<'chat.send'>;
  const approval = await asked;
  expect(approval.messageId).toBe(sent.assistantMessage.id);
  return { sent, approval, done: replyDone(core, sent.assistantMessage.id) };
}

async function shown(core: Core, conversationId: string): Promise<Message[]> {
  return ((await core.call('conversations.get', { id: conversationId })) as MethodResult<'conversations.get'>).messages;
}

function onlyCall(message: Message): ToolCallView {
  expect(message.toolCalls).toHaveLength(1);
  return message.toolCalls![0]!;
}

describe('tools in chat, with the person\u2019s approval', () => {
  it('lists the server\u2019s tools and explains one that cannot start', async () => {
    const core = await started();
    const added = await addTestServer(core, 'add_numbers,lookup_word');
    expect(added).toMatchObject({ name: 'Test tools', state: 'ready', error: null });
    expect(added.tools.map((tool) => tool.name)).toEqual(['add_numbers', 'lookup_word']);
    await core.call('tools.servers.add', { name: 'Notes', command: 'hearth-no-such-mcp-server', args: [] });
    const listed = (await core.call('tools.servers.list', {})) as MethodResult<'tools.servers.list'>;
    expect(listed.find((server) => server.name === 'Notes')).toMatchObject({
      state: 'failed', tools: [],
      error: { code: 'TOOL_SERVER_NOT_FOUND', message: 'The tool server Notes could not start: its command \u201chearth-no-such-mcp-server\u201d was not found on this computer.' },
    });
    const off = (await core.call('tools.servers.setEnabled', { id: added.id, enabled: false })) as MethodResult<'tools.servers.setEnabled'>;
    expect(off).toMatchObject({ state: 'disabled', tools: [] });
  });

  it('allowed once, the tool runs, the reply goes on after its result, and the record survives a restart and is exported', async () => {
    const dataDir = tempDir();
    let core = await started(dataDir);
    await addTestServer(core, 'add_numbers');
    const { sent, approval, done } = await sendAndAwaitApproval(core, 'What is 2 plus 3?');
    expect(approval).toMatchObject({ server: 'Test tools', tool: 'add_numbers', conversationId: sent.conversation.id });
    const waiting = onlyCall((await shown(core, sent.conversation.id)).at(-1)!);
    expect(waiting).toMatchObject({ status: 'waiting', approvalId: approval.approvalId, tool: 'add_numbers', arguments: approval.arguments });

    const changes: EventPayload<'chat.toolCall'>[] = [];
    const off = core.on(({ event, payload }) => {
      if (event === 'chat.toolCall') changes.push(payload as EventPayload<'chat.toolCall'>);
    });
    await core.call('tools.decide', { approvalId: approval.approvalId, decision: 'once' });
    const reply = await done;
    off();
    const { a, b } = approval.arguments as { a: number; b: number };
    const call = onlyCall(reply);
    expect(call).toMatchObject({ status: 'done', approval: 'once', server: 'Test tools', tool: 'add_numbers', result: String(a + b) });
    expect(call.approvalId).toBeUndefined();
    expect(call.durationMs).toBeGreaterThanOrEqual(0);
    expect(changes.map((change) => change.call.status)).toEqual(['running', 'done']);
    expect(reply.status).toBe('complete');
    // The model read the result and wrote on: its text follows the call.
    expect(reply.content.trim()).not.toBe('');

    await cores.stop(core);
    core = await started(dataDir);
    const [, reloaded] = await shown(core, sent.conversation.id);
    expect(reloaded!.toolCalls).toEqual(reply.toolCalls);
    const exported = (await core.call('data.export', {})) as MethodResult<'data.export'>;
    const [markdown] = fs.readdirSync(path.join(exported.directory, 'conversations'));
    expect(fs.readFileSync(path.join(exported.directory, 'conversations', markdown!), 'utf8'))
      .toContain(`Tool add_numbers of Test tools, ${JSON.stringify(approval.arguments)}: ${a + b} (approved once)`);
  });

  it('refused, the tool does not run, the model reads the refusal and the reply goes on', async () => {
    const core = await started();
    await addTestServer(core, 'lookup_word');
    const { approval, done } = await sendAndAwaitApproval(core, 'What does hearth mean?');
    await core.call('tools.decide', { approvalId: approval.approvalId, decision: 'refuse' });
    const reply = await done;
    expect(onlyCall(reply)).toMatchObject({ status: 'refused', approval: 'refused', tool: 'lookup_word', result: refusalText });
    expect(reply.status).toBe('complete');
    expect(reply.content.trim()).not.toBe('');
  });

  it('allowed always, the next reply\u2019s call runs without asking, until the grant is revoked or its server removed', async () => {
    const core = await started();
    const server = await addTestServer(core, 'lookup_word');
    const first = await sendAndAwaitApproval(core, 'What does hearth mean?');
    await core.call('tools.decide', { approvalId: first.approval.approvalId, decision: 'always' });
    expect(onlyCall(await first.done)).toMatchObject({ status: 'done', approval: 'always' });
    expect(await core.call('tools.grants.list', {})).toEqual([{ server: server.id, serverName: 'Test tools', tool: 'lookup_word' }]);

    let asked = false;
    const off = core.on(({ event }) => {
      if (event === 'tools.approval') asked = true;
    });
    const second = (await core.call('chat.send', { conversationId: first.sent.conversation.id, text: 'And fire?' })) as MethodResult<'chat.send'>;
    const reply = await replyDone(core, second.assistantMessage.id);
    off();
    expect(asked).toBe(false);
    expect(onlyCall(reply)).toMatchObject({ status: 'done', approval: 'standing', tool: 'lookup_word' });

    expect(await core.call('tools.grants.revoke', { server: server.id, tool: 'lookup_word' })).toEqual([]);
    const third = await sendAndAwaitApproval(core, 'And water?', first.sent.conversation.id);
    await core.call('tools.decide', { approvalId: third.approval.approvalId, decision: 'always' });
    await third.done;
    await core.call('tools.servers.remove', { id: server.id });
    expect(await core.call('tools.grants.list', {})).toEqual([]);
    expect(await core.call('tools.servers.list', {})).toEqual([]);
  });

  it('a later reply of a long conversation still has room in the context for its tools’ calls and results', async () => {
    // Replies as long as Hearth allows (1024 tokens), so that the conversation fills the demo model's 2048-token window.
    const core = await started(tempDir(), { ...unlockedForTests, tools: { forceFirstCall: true }, generation: { temperature: 0 } });
    await addTestServer(core, 'add_numbers');
    let conversationId: string | null = null;
    for (const text of ['What is 2 plus 3?', 'And 4 plus 5?']) {
      const { sent, approval, done } = await sendAndAwaitApproval(core, text, conversationId);
      conversationId = sent.conversation.id;
      await core.call('tools.decide', { approvalId: approval.approvalId, decision: 'once' });
      const reply = await done;
      expect(reply.error).toBeNull();
      expect(reply.status).toBe('complete');
      expect(onlyCall(reply).status).toBe('done');
    }
  });

  it('a stop while the call waits ends the reply as interrupted, with the call\u2019s record kept', async () => {
    const core = await started();
    await addTestServer(core, 'add_numbers');
    const { sent, approval, done } = await sendAndAwaitApproval(core, 'What is 2 plus 3?');
    await core.call('chat.stop', { messageId: sent.assistantMessage.id });
    const reply = await done;
    expect(reply.status).toBe('interrupted');
    expect(onlyCall(reply)).toMatchObject({ status: 'failed', tool: 'add_numbers', error: { code: 'TOOL_CANCELLED' }, result: 'The tool call was stopped with the reply.' });
    await expect(core.call('tools.decide', { approvalId: approval.approvalId, decision: 'once' })).rejects.toMatchObject({ code: 'TOOL_APPROVAL_UNKNOWN' });
    expect(onlyCall((await shown(core, sent.conversation.id)).at(-1)!)).toEqual(onlyCall(reply));
  });

  it('a tool that hangs past the time limit fails with a clear sentence, and the reply goes on', async () => {
    const core = await started(tempDir(), { ...forcedCalls, tools: { forceFirstCall: true, callTimeoutMs: 1_000 } });
    await addTestServer(core, 'wait_forever');
    const { approval, done } = await sendAndAwaitApproval(core, 'Wait for me');
    await core.call('tools.decide', { approvalId: approval.approvalId, decision: 'once' });
    const reply = await done;
    const call = onlyCall(reply);
    expect(call).toMatchObject({ status: 'failed', tool: 'wait_forever', result: 'The tool wait_forever of Test tools did not answer within 1 second.', error: { code: 'TOOL_TIMEOUT' } });
    expect(call.durationMs).toBeGreaterThanOrEqual(1_000);
    expect(reply.status).toBe('complete');
  });
});
