import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const demoModelFileName = 'stories260K.gguf';

/**
 * Where Hearth keeps its data when running under plain Node: the
 * platform's application-data folder (Electron passes its own userData).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Hearth');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Hearth');
  return path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'hearth');
}

/**
 * The bundled demo model, found by walking up from this file to the
 * project (or packaged app) root. Inside an asar archive llama.cpp cannot
 * read it, so the unpacked copy is used.
 */
export function bundledModelPath(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'models', demoModelFileName);
    if (fs.existsSync(candidate)) return candidate.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);
    const parent = path.dirname(dir);
    if (parent === dir) return path.join(process.cwd(), 'models', demoModelFileName);
    dir = parent;
  }
}
