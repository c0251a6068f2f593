/**
 * CPU time of processes, read from Linux's /proc, so a benchmark can
 * show where a machine's cores went, not only the wall clock. Null on
 * other systems, where the columns are left empty.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

/**
 * User + system seconds of `pid` (this process: all its threads, so the
 * file writes of libuv's pool count too); with `waitedChildren`, plus its
 * children that have exited and been waited for (a finished `curl`).
 */
export function cpuSeconds(pid: number | 'self', waitedChildren = false): number | null {
  if (process.platform !== 'linux') return null;
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  // Fields after the command name, which sits in parentheses and may hold spaces: utime is field 14 of stat(5).
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((index) => Number(fields[index]));
  return (utime! + stime! + (waitedChildren ? cutime! + cstime! : 0)) / ticksPerSecond;
}
