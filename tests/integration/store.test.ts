import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HearthError } from '../../src/api/errors.ts';
import { schemaVersion } from '../../src/store/migrations.ts';
import { databaseFileName, openStore } from '../../src/store/store.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const nodeBin = process.execPath;

function runChild(code: string, dataDir: string) {
  const storeModule = path.resolve('src/store/store.ts');
  return spawn(nodeBin, ['--input-type=module', '-e', `import { openStore } from ${JSON.stringify(storeModule)};\n${code}`], {
    env: { ...process.env, DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

describe('the store', () => {
  it('keeps conversations and finds finished messages by a word, not replies still streaming', () => {
    const dir = tempDir();
    const store = openStore(dir);
    const conversation = store.conversations.create('Lighthouse');
    store.messages.insert({ conversationId: conversation.id, role: 'user', content: 'Tell me about the lighthouse', status: 'complete' });
    const reply = store.messages.insert({ conversationId: conversation.id, role: 'assistant', content: '', status: 'streaming' });
    store.messages.saveProgress(reply.id, 'The keeper polished the brass lantern');
    expect(store.conversations.search('lantern')).toEqual([]);

    store.messages.finish(reply.id, { content: 'The keeper polished the brass lantern.', status: 'complete' });
    store.close();

    const reopened = openStore(dir);
    const hits = reopened.conversations.search('lant');
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ conversationId: conversation.id, messageId: reply.id, title: 'Lighthouse' });
    expect(hits[0]!.snippet).toContain('[[lantern]]');
    expect(reopened.conversations.list()[0]).toMatchObject({ id: conversation.id, preview: 'The keeper polished the brass lantern.' });
    expect(reopened.db.pragma('user_version', { simple: true })).toBe(schemaVersion);
    expect(reopened.db.pragma('journal_mode', { simple: true })).toBe('wal');
    reopened.close();
  });

  it('treats search text as words, never as query syntax', () => {
    const store = openStore(tempDir());
    const conversation = store.conversations.create('Quotes');
    store.messages.insert({ conversationId: conversation.id, role: 'user', content: 'she said "hello" (twice)', status: 'complete' });
    expect(store.conversations.search('"hello" (twice')).toHaveLength(1);
    expect(store.conversations.search('*** ((')).toEqual([]);
    store.close();
  });

  it('shows a reply cut by a crash as interrupted, with the text saved so far', async () => {
    const dir = tempDir();
    const child = runChild(
      `const store = openStore(process.env.DATA_DIR);
       const c = store.conversations.create('Crash');
       const reply = store.messages.insert({ conversationId: c.id, role: 'assistant', content: '', status: 'streaming' });
       store.messages.saveProgress(reply.id, 'Half a sentence');
       console.log('saved');
       setInterval(() => {}, 1000);`,
      dir,
    );
    await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const store = openStore(dir);
    const [conversation] = store.conversations.list();
    const [reply] = store.messages.listByConversation(conversation!.id);
    expect(reply).toMatchObject({ status: 'interrupted', content: 'Half a sentence' });
    store.close();
  });

  it('refuses a data file that is not SQLite and leaves it untouched', () => {
    const dir = tempDir();
    const file = path.join(dir, databaseFileName);
    const bytes = Buffer.from('These are my notes, not a database.\n'.repeat(200));
    fs.writeFileSync(file, bytes);
    const error = (() => {
      try {
        openStore(dir);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(HearthError);
    expect((error as HearthError).code).toBe('DATABASE_INVALID');
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    // The failed open released the folder: a fixed file can be opened at once.
    fs.rmSync(file);
    openStore(dir).close();
  });

  it('refuses a second Hearth on the same data folder, and takes over a lock left by a crash', async () => {
    const dir = tempDir();
    const child = runChild(`openStore(process.env.DATA_DIR); console.log('open'); setInterval(() => {}, 1000);`, dir);
    await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
    expect(() => openStore(dir)).toThrow(expect.objectContaining({ code: 'DATA_DIR_LOCKED' }));

    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const store = openStore(dir);
    expect(store.conversations.list()).toEqual([]);
    store.close();
  });
});
