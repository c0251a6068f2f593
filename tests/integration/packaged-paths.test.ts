/**
 * The packaged app keeps its JavaScript in resources/app.asar and the
 * files the operating system must open itself in app.asar.unpacked. These
 * tests lay out a packaged app's resources folder by hand and check that
 * Hearth opens its database with sqlite-vec and finds the demo model there.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { getLoadablePath } from 'sqlite-vec';
import { describe, expect, it } from 'vitest';
import { unpackedPath } from '../../src/common/unpacked-path.ts';
import { sqliteVecLibraryPath } from '../../src/store/sqlite-vec-library.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();

/** resources/ with app.asar (an archive: a file, so nothing inside it can be opened) and the unpacked copy of sqlite-vec's library. */
function packedLayout(): { packedLibrary: string; unpackedLibrary: string } {
  const resources = path.join(tempDir(), 'Hearth', 'resources');
  const library = getLoadablePath();
  const relative = path.join('node_modules', path.basename(path.dirname(library)), path.basename(library));
  const unpackedLibrary = path.join(resources, 'app.asar.unpacked', relative);
  fs.mkdirSync(path.dirname(unpackedLibrary), { recursive: true });
  fs.copyFileSync(library, unpackedLibrary);
  fs.writeFileSync(path.join(resources, 'app.asar'), 'an asar archive');
  return { packedLibrary: path.join(resources, 'app.asar', relative), unpackedLibrary };
}

describe('paths in the packaged app', () => {
  it('loads sqlite-vec from app.asar.unpacked, where the library inside the archive cannot be loaded', () => {
    const { packedLibrary, unpackedLibrary } = packedLayout();
    const db = new Database(':memory:');
    try {
      expect(() => db.loadExtension(packedLibrary)).toThrow();
      expect(sqliteVecLibraryPath(packedLibrary)).toBe(unpackedLibrary);
      db.loadExtension(sqliteVecLibraryPath(packedLibrary));
      expect(db.prepare('select vec_version() as version').get()).toEqual({ version: expect.stringMatching(/^v0\.1\./) });
    } finally {
      db.close();
    }
  });

  it('leaves paths outside an archive as they are', () => {
    expect(sqliteVecLibraryPath()).toBe(getLoadablePath());
    expect(unpackedPath('/opt/app.asar.d/models/x.gguf', '/')).toBe('/opt/app.asar.d/models/x.gguf');
    expect(unpackedPath('/opt/Hearth/resources/app.asar', '/')).toBe('/opt/Hearth/resources/app.asar');
  });

  it('rewrites only the archive\u2019s own folder, with either separator', () => {
    expect(unpackedPath('/opt/Hearth/resources/app.asar/models/stories260K.gguf', '/')).toBe('/opt/Hearth/resources/app.asar.unpacked/models/stories260K.gguf');
    expect(unpackedPath('C:\\Hearth\\resources\\app.asar\\node_modules\\sqlite-vec-windows-x64\\vec0.dll', '\\'))
      .toBe('C:\\Hearth\\resources\\app.asar.unpacked\\node_modules\\sqlite-vec-windows-x64\\vec0.dll');
  });
});
