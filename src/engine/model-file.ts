import fs from 'node:fs/promises';
import { HearthError } from '../api/errors.ts';

const ggufMagic = Buffer.from('GGUF', 'ascii');

/**
 * Refuses, before the worker ever sees it, a path that is not a readable
 * GGUF file. Damage deeper in the file is found by the worker's load.
 */
export async function checkModelFile(modelPath: string): Promise<{ sizeBytes: number }> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(modelPath, 'r');
  } catch (error) {
    throw new HearthError('MODEL_NOT_FOUND', { details: `${modelPath}: ${(error as Error).message}`, cause: error });
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new HearthError('MODEL_NOT_FOUND', { details: `${modelPath} is not a file` });
    const header = Buffer.alloc(4);
    const { bytesRead } = await handle.read(header, 0, 4, 0);
    if (bytesRead < 4 || !header.equals(ggufMagic)) {
      throw new HearthError('MODEL_NOT_GGUF', { details: `${modelPath} does not start with the GGUF signature` });
    }
    return { sizeBytes: stat.size };
  } finally {
    await handle.close();
  }
}
