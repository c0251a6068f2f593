import fs from 'node:fs';

/**
 * Owner-only access for what Hearth keeps: its folders 0700, its files
 * 0600. The umask at start is not Hearth's to choose (and not portable),
 * so modes are set after creating. On Windows chmod only toggles the
 * read-only flag; the folder's ACL, inherited from the user profile, is
 * what keeps others out there.
 */
export function makePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
}

/** Sets a file to 0600; a file that does not exist is left so. */
export function makePrivateFile(file: string): void {
  try {
    fs.chmodSync(file, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
