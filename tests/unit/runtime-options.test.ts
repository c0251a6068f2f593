import { describe, expect, it } from 'vitest';
import { OptionsError, parseRuntimeOptions } from '../../src/cli/runtime-options.ts';
import { defaultDataDir } from '../../src/common/data-dir.ts';

describe('runtime options', () => {
  it('takes the model, threads and data folder from flags before the environment', () => {
    const env = { HEARTH_MODEL: '/env/model.gguf', HEARTH_THREADS: '4', HEARTH_DATA_DIR: '/env/data' };
    expect(parseRuntimeOptions(['--model', '/flag/model.gguf', '--threads', '1'], env)).toEqual({
      modelPath: '/flag/model.gguf',
      threads: 1,
      dataDir: '/env/data',
      port: 0,
    });
    expect(parseRuntimeOptions([], {})).toEqual({ port: 0 });
  });

  it('explains a bad thread count or an unknown flag in a sentence', () => {
    expect(() => parseRuntimeOptions(['--threads', 'two'], {})).toThrow(OptionsError);
    expect(() => parseRuntimeOptions(['--threads', '0'], {})).toThrow(/thread count must be a whole number above 0/);
    expect(() => parseRuntimeOptions(['--modle', 'x'], {})).toThrow(/Known options: --model PATH/);
  });
});

describe('the default data folder', () => {
  it('follows each platform\u2019s convention', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/xdg' }, 'linux')).toBe('/xdg/hearth');
    expect(defaultDataDir({}, 'linux')).toMatch(/\.local\/share\/hearth$/);
    expect(defaultDataDir({}, 'darwin')).toMatch(/Library\/Application Support\/Hearth$/);
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\me\\AppData\\Roaming' }, 'win32')).toContain('Hearth');
  });
});
