import fs from 'node:fs/promises';
import { HearthError } from '../../api/errors.ts';

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
 * At most one download per file, across this process and any other Hearth
 * (the app and the CLI may both run): a lock file holding the owner's pid,
 * created exclusively. A lock left by a process that has died is taken over.
 */
export async function acquireDownloadLock(lockPath: string, what: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.writeFile(lockPath, String(process.pid), { flag: 'wx' });
      return () => fs.rm(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(await fs.readFile(lockPath, 'utf8').catch(() => ''));
      if (Number.isInteger(owner) && owner > 0 && isRunning(owner)) {
        throw new HearthError('DOWNLOAD_IN_PROGRESS', { details: `${what} is being downloaded by process ${owner}` });
      }
      await fs.rm(lockPath, { force: true });
    }
  }
  throw new HearthError('DOWNLOAD_IN_PROGRESS', { details: `${what}: another download took the lock at the same moment` });
}
