import { getLoadablePath } from 'sqlite-vec';
import { unpackedPath } from '../common/unpacked-path.ts';

/**
 * sqlite-vec's loadable library (vec0.so, .dylib or .dll) for this
 * platform. It is not a `.node` addon, so in the packaged app it must be
 * read from app.asar.unpacked: SQLite opens it with the system loader.
 */
export function sqliteVecLibraryPath(loadablePath: string = getLoadablePath()): string {
  return unpackedPath(loadablePath);
}
