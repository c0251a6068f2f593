/**
 * The tool servers the person set up, in a real SQLite settings table: added,
 * listed, disabled and removed; a server without a command or with a name
 * already taken refused in words; a damaged saved value reported clearly
 * and left exactly as it was.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HearthError } from '../../src/api/errors.ts';
import { openDatabase, type HearthDatabase } from '../../src/store/open.ts';
import { createSettingsRepository } from '../../src/store/settings.ts';
import { mcpServersKey, mcpServersSetting } from '../../src/tools/mcp-servers.ts';

let dir: string;
let db: HearthDatabase;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-mcp-servers-'));
  db = openDatabase(path.join(dir, 'hearth.db'));
});

afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const rawValue = () => (db.prepare('SELECT value FROM settings WHERE key = ?').get(mcpServersKey) as { value: string } | undefined)?.value;
const writeRaw = (value: string) => db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(mcpServersKey, value);

function caught(action: () => unknown): HearthError {
  try {
    action();
  } catch (error) {
    if (error instanceof HearthError) return error;
    throw error;
  }
  throw new Error('expected a HearthError');
}

describe('the tool servers setting', () => {
  it('adds, lists, disables and removes servers, arguments defaulting to none and a new server enabled', () => {
    let n = 0;
    const servers = mcpServersSetting(createSettingsRepository(db), () => `id-${++n}`);
    expect(servers.list()).toEqual([]);
    const files = servers.add({ name: ' Files ', command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/home/me'] });
    const notes = servers.add({ name: 'Notes', command: 'node', env: { NOTES_DIR: '/home/me/notes' } });
    expect(files).toEqual({ id: 'id-1', name: 'Files', command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/home/me'], enabled: true });
    expect(notes).toEqual({ id: 'id-2', name: 'Notes', command: 'node', args: [], env: { NOTES_DIR: '/home/me/notes' }, enabled: true });
    expect(servers.setEnabled('id-1', false).enabled).toBe(false);
    servers.remove('id-2');
    expect(mcpServersSetting(createSettingsRepository(db)).list()).toEqual([{ ...files, enabled: false }]);
  });

  it('refuses a server without a command, a name taken already, and an id that is not set up', () => {
    const servers = mcpServersSetting(createSettingsRepository(db));
    servers.add({ name: 'Files', command: 'npx' });
    const noCommand = caught(() => servers.add({ name: 'Other', command: '  ' }));
    expect(noCommand.code).toBe('INVALID_REQUEST');
    expect(noCommand.shortMessage).toBe('This tool server cannot be added: the command that starts it is missing.');
    expect(caught(() => servers.add({ name: 'files', command: 'node' })).code).toBe('TOOL_SERVER_NAME_TAKEN');
    expect(caught(() => servers.remove('nobody')).code).toBe('TOOL_SERVER_UNKNOWN');
    expect(servers.list().map((server) => server.name)).toEqual(['Files']);
  });

  it('reports a damaged saved value clearly and loses nothing of it', () => {
    const servers = mcpServersSetting(createSettingsRepository(db));
    for (const damaged of ['{"not": "a list"}', '[{"id": "a", "name": "Files", "command": "npx", "args": "-y", "enabled": true}]', '[{"id": "a", "na']) {
      writeRaw(damaged);
      const reading = caught(() => servers.list());
      expect(reading.code).toBe('TOOL_SETTINGS_DAMAGED');
      expect(reading.shortMessage).toBe('Hearth\u2019s saved tool settings are damaged, so they cannot be read.');
      expect(reading.details).toContain(mcpServersKey);
      expect(caught(() => servers.add({ name: 'Notes', command: 'node' })).code).toBe('TOOL_SETTINGS_DAMAGED');
      expect(rawValue()).toBe(damaged);
    }
  });
});
