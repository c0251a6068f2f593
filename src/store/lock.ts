import path from 'node:path';
import { HearthError } from '../api/errors.ts';
import { tryPidLock } from '../common/pid-lock.ts';

export interface DataDirLock {
  release(): void;
}

/** Makes this process the only Hearth using `dataDir`. */
export function lockDataDir(dataDir: string): DataDirLock {
  const lock = tryPidLock(path.join(dataDir, 'hearth.lock'));
  if (!lock.acquired) throw new HearthError('DATA_DIR_LOCKED', { details: `${dataDir} is in use by process ${lock.owner}` });
  return lock;
}
