import fs from 'node:fs';

export type PidLock = { acquired: true; release(): void } | { acquired: false; owner: number };

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
 * A lock file holding its owner's pid, created exclusively, so that it
 * works across processes (the app and the CLI may both run). A lock left
 * by a process that no longer runs (a crash) is taken over.
 */
export function tryPidLock(lockFile: string): PidLock {
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return { acquired: true, release: () => fs.rmSync(lockFile, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let owner = Number.NaN;
    try {
      owner = Number.parseInt(fs.readFileSync(lockFile, 'utf8'), 10);
    } catch {
      // Removed between our attempt and this read: try again.
    }
    if (Number.isInteger(owner) && owner > 0 && isRunning(owner)) return { acquired: false, owner };
    fs.rmSync(lockFile, { force: true });
  }
}
