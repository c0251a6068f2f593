import os from 'node:os';
import path from 'node:path';

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
