import fs from 'node:fs/promises';
import path from 'node:path';
import { HearthError } from '../../api/errors.ts';
import { documentKindOf } from './document-kind.ts';

export interface DocumentFileList {
  /** Files Hearth can read, as absolute paths, sorted. */
  files: string[];
  /** Files left out because Hearth does not read their type, sorted; hidden files are not counted. */
  unsupported: string[];
}

/**
 * The documents under a folder and its subfolders. Hidden files and folders
 * (names starting with a dot) are skipped; symbolic links are followed, but a
 * folder or file reached twice (a link loop, or two links to one place) is
 * taken once. Folders that cannot be read are passed over.
 */
export async function listDocumentFiles(folder: string): Promise<DocumentFileList> {
  const root = path.resolve(folder);
  const rootReal = await fs.realpath(root).catch((error: NodeJS.ErrnoException) => {
    throw new HearthError('DOCUMENT_NOT_FOUND', { message: 'The folder does not exist.', action: 'It may have been moved or renamed; add it again from where it is now.', details: root, cause: error });
  });
  if (!(await fs.stat(rootReal)).isDirectory()) {
    throw new HearthError('DOCUMENT_NOT_FOUND', { message: 'This is a file, not a folder.', action: 'Add it again: Hearth reads it as one document.', details: root });
  }
  const list: DocumentFileList = { files: [], unsupported: [] };
  // Real paths of every folder and file taken, so each is listed once however many links reach it.
  const seen = new Set<string>([rootReal]);
  const folders = [{ dir: root, real: rootReal }];
  for (let folder = folders.pop(); folder !== undefined; folder = folders.pop()) {
    const entries = await fs.readdir(folder.dir, { withFileTypes: true }).catch(() => []);
    // Name order, so which of two links to one file is kept does not depend on the file system.
    for (const entry of entries.sort((a, b) => byCodeUnits(a.name, b.name))) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(folder.dir, entry.name);
      const target = entry.isSymbolicLink() ? await linkTarget(full) : { real: path.join(folder.real, entry.name), type: entry };
      if (target === undefined || seen.has(target.real)) continue;
      seen.add(target.real);
      if (target.type.isDirectory()) folders.push({ dir: full, real: target.real });
      else if (target.type.isFile()) (documentKindOf(entry.name) ? list.files : list.unsupported).push(full);
    }
  }
  // Plain code-unit order: the same on every machine and locale.
  list.files.sort(byCodeUnits);
  list.unsupported.sort(byCodeUnits);
  return list;
}

interface EntryType {
  isDirectory(): boolean;
  isFile(): boolean;
}

/** Where a link leads and what is there, or undefined when the link is broken. */
async function linkTarget(link: string): Promise<{ real: string; type: EntryType } | undefined> {
  try {
    const real = await fs.realpath(link);
    return { real, type: await fs.stat(real) };
  } catch {
    return undefined;
  }
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
