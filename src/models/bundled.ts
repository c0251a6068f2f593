import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unpackedPath } from '../common/unpacked-path.ts';

export const demoModelFileName = 'stories260K.gguf';

/**
 * The bundled demo model, found by walking up from this file to the
 * project (or packaged app) root. Inside an asar archive llama.cpp cannot
 * read it, so the unpacked copy is used.
 */
export function bundledModelPath(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'models', demoModelFileName);
    if (fs.existsSync(candidate)) return unpackedPath(candidate);
    const parent = path.dirname(dir);
    if (parent === dir) return path.join(process.cwd(), 'models', demoModelFileName);
    dir = parent;
  }
}
