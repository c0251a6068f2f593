import fs from 'node:fs';

/** Whether two paths name the same file (through links and relative parts); false when either does not exist. */
export function sameFile(a: string | null, b: string): boolean {
  if (a === null) return false;
  try {
    return fs.realpathSync(a) === fs.realpathSync(b);
  } catch {
    return false;
  }
}
