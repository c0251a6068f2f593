/**
 * What Hearth knows about each installed file beyond what the folder
 * shows: where it came from, its hash, and what the worker's inspection
 * found. One JSON file in the models folder, replaced atomically.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

/** What the inference worker read from a GGUF file's header. */
export interface InspectedModel {
  name: string | null;
  architecture: string | null;
  quantization: string | null;
  contextLength: number | null;
  licence: string | null;
}

export interface IndexEntry {
  origin: 'catalogue' | 'import' | 'hub';
  /** The catalogue id, for downloads. */
  catalogId?: string;
  /** Where a Hugging Face download came from: `owner/name` and the path inside it. */
  hub?: { repo: string; path: string };
  sha256?: string;
  /** True when the sha256 was checked against a published one. */
  verified: boolean;
  inspected?: InspectedModel;
}

export type LibraryIndex = Record<string, IndexEntry>;

const indexFileName = '.hearth-models.json';

export async function readLibraryIndex(dir: string): Promise<LibraryIndex> {
  try {
    return JSON.parse(await fs.readFile(path.join(dir, indexFileName), 'utf8')) as LibraryIndex;
  } catch {
    // Missing or unreadable: the files are still listed, with less detail.
    return {};
  }
}

export async function updateLibraryIndex(dir: string, file: string, entry: IndexEntry | undefined): Promise<void> {
  const index = await readLibraryIndex(dir);
  if (entry) index[file] = entry;
  else delete index[file];
  const target = path.join(dir, indexFileName);
  const temporary = `${target}.${process.pid}.tmp`;
  await fs.writeFile(temporary, JSON.stringify(index, null, 2));
  await fs.rename(temporary, target);
}
