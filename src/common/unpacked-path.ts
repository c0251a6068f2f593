import path from 'node:path';

/**
 * A path inside a packaged app's archive (…/resources/app.asar/…) as the
 * same path in the folder electron-builder unpacks beside it
 * (app.asar.unpacked, see asarUnpack in electron-builder.yml). Code that
 * is not JavaScript (llama.cpp, SQLite loading an extension) opens files
 * with the operating system, which cannot look inside the archive. Other
 * paths are returned unchanged.
 */
export function unpackedPath(file: string, separator: string = path.sep): string {
  const parts = file.split(separator);
  const archive = parts.indexOf('app.asar');
  if (archive === -1 || archive === parts.length - 1) return file;
  parts[archive] = 'app.asar.unpacked';
  return parts.join(separator);
}
