/**
 * A download in progress on disk: `<file>.partial` holds the bytes so far,
 * `<file>.partial.json` says what they are the start of. After a cut or an
 * app restart the download continues from the partial only when the state
 * says it is the same file (same URL and, when the server gave one, ETag).
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';

export interface PartialState {
  url: string;
  /** The server's ETag of the file, sent back as If-Range so a changed file restarts from zero. */
  etag: string | null;
}

export interface PartialPaths {
  partial: string;
  state: string;
  lock: string;
}

export function partialPaths(finalPath: string): PartialPaths {
  return { partial: `${finalPath}.partial`, state: `${finalPath}.partial.json`, lock: `${finalPath}.lock` };
}

export async function readPartialState(paths: PartialPaths): Promise<PartialState | null> {
  try {
    const state = JSON.parse(await fs.readFile(paths.state, 'utf8')) as Partial<PartialState>;
    if (typeof state.url !== 'string') return null;
    return { url: state.url, etag: typeof state.etag === 'string' ? state.etag : null };
  } catch {
    return null;
  }
}

export async function writePartialState(paths: PartialPaths, state: PartialState): Promise<void> {
  await fs.writeFile(paths.state, JSON.stringify(state));
}

export async function removePartial(paths: PartialPaths): Promise<void> {
  await Promise.all([fs.rm(paths.partial, { force: true }), fs.rm(paths.state, { force: true })]);
}

/** The sha256 of the bytes already downloaded, so the hash of the whole file can go on from there. */
export async function hashExistingBytes(partialPath: string): Promise<{ hash: Hash; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(partialPath, { highWaterMark: 1 << 20 })) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return { hash, bytes };
}
