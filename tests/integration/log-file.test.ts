/**
 * The log file on disk: it never grows past its files × size, keeps the
 * newest lines, is readable only by the user, starts again after a wipe,
 * and its recent problems (warnings and errors) read back across
 * rotations and restarts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileLogger } from '../../src/log/file-logger.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();

describe('the log file', () => {
  it('rotates by size, keeps the newest lines in at most three files, and is private to the user', () => {
    const dir = path.join(tempDir(), 'logs');
    const log = createFileLogger({ dir, maxBytes: 2000, files: 3 });
    for (let i = 0; i < 200; i++) log.info('test', 'tick', { i });

    expect(fs.readdirSync(dir).sort()).toEqual(['hearth.log', 'hearth.log.1', 'hearth.log.2']);
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name);
      expect(fs.statSync(file).size).toBeLessThanOrEqual(2000);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    }
    const newest = fs.readFileSync(log.file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { i: number });
    expect(newest.at(-1)?.i).toBe(199);
    const all = ['hearth.log.2', 'hearth.log.1', 'hearth.log'].flatMap((name) => fs.readFileSync(path.join(dir, name), 'utf8').trim().split('\n'));
    const kept = all.map((line) => (JSON.parse(line) as { i: number }).i);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, n) => 200 - kept.length + n));
    expect(kept.length).toBeLessThan(200);
  });

  it('starts a new log when wiping the data deleted the folder', () => {
    const dir = path.join(tempDir(), 'logs');
    const log = createFileLogger({ dir });
    log.info('core', 'start');
    fs.rmSync(dir, { recursive: true });
    log.warn('vault', 'call-failed', { code: 'VAULT_LOCKED' });
    expect(fs.readFileSync(log.file, 'utf8')).toMatch(/^\{[^\n]*"code":"VAULT_LOCKED"[^\n]*\}\n$/);
  });

  it('reads back the last problems, with stacks, from earlier runs and rotated files', () => {
    const dir = tempDir();
    const first = createFileLogger({ dir, maxBytes: 1500, files: 3 });
    first.warn('chat', 'reply-failed', { code: 'PROMPT_TOO_LONG' });
    first.error('api', 'call-failed', { method: 'data.export', ref: 'aaaa0001' }, new Error('disk on fire', { cause: new RangeError('inner') }));
    for (let i = 0; i < 10; i++) first.info('test', 'tick', { i });

    const second = createFileLogger({ dir, maxBytes: 1500, files: 3 });
    second.warn('documents', 'ingest-failed', { code: 'DOCUMENT_EMPTY' });

    const problems = second.recentProblems(10);
    expect(problems.map((entry) => entry.event)).toEqual(['reply-failed', 'call-failed', 'ingest-failed']);
    expect(problems[1]).toMatchObject({ level: 'error', ref: 'aaaa0001', error: { name: 'Error', cause: { name: 'RangeError' } } });
    expect(problems[1]?.error?.stack).toMatch(/^Error: disk on fire\n\s+at /);
    expect(second.recentProblems(2).map((entry) => entry.event)).toEqual(['call-failed', 'ingest-failed']);
  });
});
