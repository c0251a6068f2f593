/**
 * "Local-only means local only": a whole session of a real core in
 * local-only routing (chat, memory, documents, the Models page, the local
 * API) while every socket, DNS look-up and listening server is recorded,
 * in the core's process and in its worker processes (the inference worker
 * and the document reader, started with the recorder preloaded, which
 * NODE_OPTIONS carries on to any process they start). Nothing
 * may reach beyond this computer's loopback. The recorded list is printed,
 * counted by destination, so a reader sees what was measured.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MethodName, MethodParams, MethodResult } from '../../src/api/contract.ts';
import { replyDone } from '../helpers/core-events.ts';
import { addDocuments, ask, closeCore, closeCoresAfterEach, listDocuments, startCore, writeNote } from '../helpers/documents-core.ts';
import { describeRecords, isLoopback, readWorkerLog, recordingLauncher, recordSockets, type SocketRecord } from '../helpers/socket-recorder.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();
closeCoresAfterEach();

describe('local-only routing', () => {
  it('keeps every socket of a whole session on this computer, in the core and in its workers', async () => {
    const dir = tempDir();
    const workerLog = path.join(dir, 'worker-sockets.jsonl');
    const note = writeNote(path.join(dir, 'notes', 'otters.txt'), 'otter', 1);
    const inCore: SocketRecord[] = [];
    const stopRecording = recordSockets((record) => inCore.push(record));
    try {
      const watched = await startCore(path.join(dir, 'data'), { launchWorker: recordingLauncher(workerLog) });
      const { core } = watched;
      const call = <M extends MethodName>(method: M, params: MethodParams<M>) => core.call(method, params) as Promise<MethodResult<M>>;
      expect(await call('routing.set', { mode: 'local-only' })).toMatchObject({ mode: 'local-only' });

      const sent = await call('chat.send', { conversationId: null, text: 'My name is Ada and I love tea.', target: { kind: 'auto' } });
      const reply = await replyDone(core, sent.assistantMessage.id);
      expect(reply).toMatchObject({ status: 'complete', route: { target: 'local' } });

      await call('memory.add', { text: 'The user is called Ada.', sourceMessageId: sent.userMessage.id });
      await call('memory.propose', { conversationId: sent.conversation.id });
      const facts = await call('memory.list', {});
      expect(facts.map((fact) => fact.text)).toEqual(['The user is called Ada.']);

      const { added: [document] } = await addDocuments(core, note);
      expect((await watched.settled(document!.id)).status).toBe('ready');
      expect((await listDocuments(core)).map((listed) => listed.name)).toEqual(['otters.txt']);
      const { context } = await ask(core, 'Where does otter0 appear?');
      expect(context.sources.some((source) => source.text.includes('otter0'))).toBe(true);

      const models = await call('models.list', {});
      expect(models.length).toBeGreaterThan(0);
      const catalog = await call('models.catalog', {});
      expect(catalog.models.length).toBeGreaterThan(0);

      // The one server local-only allows: the local API, for apps on this computer.
      const api = await call('localApi.set', { enabled: true, port: 0 });
      const answer = await fetch(`${api.url}/models`, { headers: { authorization: `Bearer ${api.token}` } });
      expect(answer.status).toBe(200);
      await answer.arrayBuffer();
      await call('localApi.set', { enabled: false });

      await closeCore(watched);
    } finally {
      stopRecording();
    }

    const workers = readWorkerLog(workerLog);
    const all = [...inCore, ...workers.records];
    console.log(
      `Processes recorded: core ${process.pid}; workers ${workers.started.map(({ pid, script }) => `${pid} ${path.basename(script)}`).join(', ')}\n` +
        `Destinations (${all.length} recorded):\n${describeRecords(all)}`,
    );
    // The recorder ran in both workers (and in what they start: node-llama-cpp's binding probes), so their silence is measured, not assumed.
    expect(workers.started.map(({ script }) => path.basename(script))).toEqual(expect.arrayContaining(['worker.ts', 'reader-worker.ts']));
    expect(inCore.some((record) => record.kind === 'listen')).toBe(true);
    expect(all.filter((record) => !isLoopback(record))).toEqual([]);
  });
});
