/**
 * The log a person can send: a real core writes it in the data folder,
 * keeps a bug's stack under the reference the person is shown, and never
 * writes what they typed (messages, memories, documents, passphrases).
 * "Copy diagnostics" reads from it.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MethodResult } from '../../src/api/contract.ts';
import { HearthError } from '../../src/api/errors.ts';
import { createCore, type Core } from '../../src/core/core.ts';
import { logFilePath } from '../../src/log/file-logger.ts';
import { nextEvent, replyDone } from '../helpers/core-events.ts';
import { demoModelPath } from '../helpers/models.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { cheapKdfCost } from '../helpers/vault.ts';

const tempDir = useTempDirs();
const cores: Core[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

async function start(dataDir: string): Promise<Core> {
  const core = await createCore({ mode: 'browser', dataDir, modelPath: demoModelPath, threads: 1, generation: { maxTokens: 8 }, kdfCost: cheapKdfCost });
  cores.push(core);
  return core;
}

/** Every line of the log, rotated files included. */
function readLog(dataDir: string): string {
  const file = logFilePath(dataDir);
  return [`${file}.2`, `${file}.1`, file].filter((name) => fs.existsSync(name)).map((name) => fs.readFileSync(name, 'utf8')).join('');
}

describe('the log a person can send', () => {
  it('keeps a bug’s stack under the reference the person sees, and nothing they typed', async () => {
    const dataDir = tempDir();
    const textMarker = `giraffe-${randomUUID()}`;
    const passphraseMarker = `secret-${randomUUID()}`;

    let core = await start(dataDir);
    const locked = (await core.call('app.diagnostics', {})) as MethodResult<'app.diagnostics'>;
    expect(locked.text).toContain('Chat model: not started (Hearth is locked)');
    await core.call('vault.create', { passphrase: `${passphraseMarker} one` });
    await core.close();

    core = await start(dataDir);
    await expect(core.call('vault.unlock', { passphrase: `${passphraseMarker} wrong` })).rejects.toMatchObject({ code: 'VAULT_WRONG_KEY' });
    await core.call('vault.unlock', { passphrase: `${passphraseMarker} one` });
    expect((await core.modelLoad).state).toBe('ready');

    const sent = (await core.call('chat.send', { conversationId: null, text: `Tell me about the ${textMarker}` })) as MethodResult<'chat.send'>;
    await replyDone(core, sent.assistantMessage.id);
    await core.call('memory.add', { text: `The user keeps a ${textMarker}.`, pinned: false });
    const binary = path.join(tempDir(), 'notes.txt');
    fs.writeFileSync(binary, `${textMarker}\0${textMarker}`);
    const failed = nextEvent(core, 'documents.changed', ({ document }) => document?.status === 'failed');
    await core.call('documents.add', { path: binary });
    expect((await failed).document?.error?.code).toBe('DOCUMENT_UNREADABLE');

    // A file where the exports folder belongs: the export fails in a way no code foresaw.
    fs.writeFileSync(path.join(dataDir, 'exports'), '');
    const bug = await core.call('data.export', {}).catch((error: unknown) => error);
    expect(bug).toBeInstanceOf(HearthError);
    const shown = (bug as HearthError).toPayload();
    expect(shown.code).toBe('INTERNAL');
    const ref = /reference ([0-9a-f]{8})/.exec(shown.message)?.[1];
    expect(ref).toBeDefined();
    expect(shown.action).toMatch(/diagnostics/);

    const diagnostics = ((await core.call('app.diagnostics', {})) as MethodResult<'app.diagnostics'>).text;
    await core.close();

    const log = readLog(dataDir);
    const bugLine = log.split('\n').find((line) => line.includes(ref!));
    expect(bugLine).toBeDefined();
    const entry = JSON.parse(bugLine!) as { level: string; method: string; error: { code: string; stack: string } };
    expect(entry).toMatchObject({ level: 'error', method: 'data.export', error: { code: 'ENOTDIR' } });
    expect(entry.error.stack).toMatch(/at exportData \(.*export-data\.ts:\d+:\d+\)/);
    expect(log).toMatch(/"event":"model-ready".*"name":"stories260K"/);
    expect(log).toMatch(/"event":"call-failed".*"method":"vault.unlock".*"code":"VAULT_WRONG_KEY"/);
    expect(log).toMatch(/"event":"ingest-failed".*"code":"DOCUMENT_UNREADABLE"/);
    expect(log).not.toContain(textMarker);
    expect(log).not.toContain(passphraseMarker);
    expect(fs.statSync(logFilePath(dataDir)).mode & 0o777).toBe(0o600);

    expect(diagnostics).toMatch(/^Hearth: /m);
    expect(diagnostics).toMatch(/^Runtime: Node \d+/m);
    expect(diagnostics).toMatch(/^Chat model: stories260K \(demo\), ready, CPU, 1 thread,/m);
    expect(diagnostics).toContain(ref);
    expect(diagnostics).toMatch(/at exportData/);
    expect(diagnostics).not.toContain(textMarker);
    expect(diagnostics).not.toContain(passphraseMarker);
  });
});
