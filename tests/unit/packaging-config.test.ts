/**
 * electron-builder cannot package on this machine (it downloads Electron),
 * so the packaging rules that decide whether the installed app opens at
 * all are checked on the configuration itself.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '..', '..');
const config = parse(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as {
  icon?: string;
  asarUnpack: string[];
  electronFuses?: Record<string, boolean>;
  mac: { target: { arch: string[] }[] };
  win: { target: { arch: string[] }[] };
};
const packageJson = (name: string) => JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8'));

/** Where the package for an OS is named as each dependency names it. */
const osNames = { mac: { sqliteVec: 'darwin', llama: 'mac' }, win: { sqliteVec: 'windows', llama: 'win' } } as const;

describe('packaging (electron-builder.yml)', () => {
  it('unpacks every file the operating system loads itself', () => {
    const unpacked = (file: string) => config.asarUnpack.some((pattern) => path.matchesGlob(file, pattern));
    for (const file of [
      'node_modules/sqlite-vec-linux-x64/vec0.so',
      'node_modules/sqlite-vec-darwin-arm64/vec0.dylib',
      'node_modules/sqlite-vec-windows-x64/vec0.dll',
      'node_modules/better-sqlite3-multiple-ciphers/prebuilds/linux-x64.node',
      'node_modules/@node-llama-cpp/linux-x64/bins/linux-x64/llama-addon.node',
      'models/stories260K.gguf',
    ]) {
      expect(unpacked(file), file).toBe(true);
    }
  });

  it('targets only the platforms that sqlite-vec and llama.cpp ship builds for', () => {
    const sqliteVecBuilds = Object.keys(packageJson('sqlite-vec').optionalDependencies);
    const llamaBuilds = Object.keys(packageJson('node-llama-cpp').optionalDependencies);
    for (const os of ['mac', 'win'] as const) {
      for (const arch of config[os].target.flatMap((target) => target.arch)) {
        expect(sqliteVecBuilds, `${os} ${arch}`).toContain(`sqlite-vec-${osNames[os].sqliteVec}-${arch}`);
        expect(llamaBuilds.some((name) => name.startsWith(`@node-llama-cpp/${osNames[os].llama}-${arch}`)), `${os} ${arch}`).toBe(true);
      }
    }
  });

  it('has an icon and the fuses that keep the signed app from running arbitrary Node code', () => {
    expect(fs.existsSync(path.join(root, config.icon ?? 'missing'))).toBe(true);
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableCookieEncryption: true, onlyLoadAppFromAsar: true });
  });

  it('names only files that exist', () => {
    const text = fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
    for (const [file] of text.matchAll(/\b(?:src|electron|tests|tools|build)\/[\w./-]+\.(?:ts|svg|png)\b/g)) {
      expect(fs.existsSync(path.join(root, file)), file).toBe(true);
    }
  });
});
