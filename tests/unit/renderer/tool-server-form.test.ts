import { describe, expect, it } from 'vitest';
import { argumentLines, environmentLines } from '../../../renderer/src/tools/server-form.ts';

describe('the tool server form\u2019s command fields', () => {
  it('takes each line as one argument, spaces included, and skips blank lines', () => {
    expect(argumentLines('-y\n  @modelcontextprotocol/server-filesystem \n\n/home/me/My Notes\n')).toEqual([
      '-y', '@modelcontextprotocol/server-filesystem', '/home/me/My Notes',
    ]);
    expect(argumentLines('')).toEqual([]);
  });

  it('reads NAME=value lines as the environment, and names a line that is not one', () => {
    expect(environmentLines('API_KEY=abc=def\nMODE=\n')).toEqual({ env: { API_KEY: 'abc=def', MODE: '' } });
    expect(environmentLines('')).toEqual({ env: {} });
    expect(environmentLines('GOOD=1\nnot a variable')).toEqual({ badLine: 'not a variable' });
  });
});
