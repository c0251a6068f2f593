import fs from 'node:fs';
import path from 'node:path';
import { HearthError } from '../api/errors.ts';

export interface DataDirLock {
  release(): void;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Makes this process the only Hearth using `dataDir`. A lock left by a
 * process that no longer runs (a crash) is taken over.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const lockFile = path.join(dataDir, 'hearth.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return {
        release() {
          fs.rmSync(lockFile, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(fs.readFileSync(lockFile, 'utf8'), 10);
      if (Number.isInteger(owner) && isRunning(owner)) {
        throw new HearthError('DATA_DIR_LOCKED', { details: `${dataDir} is in use by process ${owner}` });
      }
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new HearthError('DATA_DIR_LOCKED', { details: `could not take ${lockFile}` });
}
