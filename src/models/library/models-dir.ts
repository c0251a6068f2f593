import path from 'node:path';
import { defaultDataDir } from '../../common/data-dir.ts';

/** `<Hearth data dir>/models`: HEARTH_DATA_DIR (or the given data dir) wins over the platform default. */
export function modelsDir(dataDir?: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(dataDir ?? (env.HEARTH_DATA_DIR || defaultDataDir(env)), 'models');
}
