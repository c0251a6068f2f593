/**
 * The names the model calls MCP tools by: plain identifiers that say which
 * server and tool they are, unique across servers, and read back to the
 * same server and tool.
 */
import { describe, expect, it } from 'vitest';
import { createToolNameMap, toolFunctionName } from '../../src/tools/tool-names.ts';

const identifier = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

describe('tool names the model calls', () => {
  it('joins server and tool into letters, digits and underscores', () => {
    expect(toolFunctionName('Files', 'read_file')).toBe('Files__read_file');
    expect(toolFunctionName('my-notes server', 'notes.search v2')).toBe('my_notes_server__notes_search_v2');
    expect(toolFunctionName('Café', 'résumé')).toBe('Cafe__resume');
    expect(toolFunctionName('7zip', '…')).toBe('t_7zip__tool');
  });

  it('never gives a name longer than 64 characters', () => {
    const name = toolFunctionName('s'.repeat(50), 't'.repeat(50));
    expect(name).toMatch(identifier);
  });

  it('keeps names unique when two tools would share one, and reads each back to its server and tool', () => {
    const map = createToolNameMap([
      { server: 'a', serverName: 'my-notes', tool: 'search' },
      { server: 'b', serverName: 'my notes', tool: 'search' },
      { server: 'c', serverName: 'my_notes', tool: 'search' },
      { server: 'a', serverName: 'my-notes', tool: 'search' },
    ]);
    const names = map.entries().map(([name]) => name);
    expect(names).toEqual(['my_notes__search', 'my_notes__search_2', 'my_notes__search_3']);
    expect(map.resolve('my_notes__search_2')).toEqual({ server: 'b', serverName: 'my notes', tool: 'search' });
    expect(map.nameOf('c', 'search')).toBe('my_notes__search_3');
    expect(map.resolve('my_notes__delete')).toBeUndefined();
  });

  it('keeps a clash within 64 characters', () => {
    const long = 'x'.repeat(70);
    const map = createToolNameMap([
      { server: 'a', serverName: long, tool: 'one' },
      { server: 'b', serverName: `${long}!`, tool: 'one' },
    ]);
    for (const [name] of map.entries()) expect(name).toMatch(identifier);
    expect(new Set(map.entries().map(([name]) => name)).size).toBe(2);
  });
});
