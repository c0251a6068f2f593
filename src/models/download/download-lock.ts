import { HearthError } from '../../api/errors.ts';
import { tryPidLock } from '../../common/pid-lock.ts';

/** At most one download per file, across this process and any other Hearth (the app and the CLI may both run). */
export async function acquireDownloadLock(lockPath: string, what: string): Promise<() => Promise<void>> {
  const lock = tryPidLock(lockPath);
  if (!lock.acquired) throw new HearthError('DOWNLOAD_IN_PROGRESS', { details: `${what} is being downloaded by process ${lock.owner}` });
  return async () => lock.release();
}
