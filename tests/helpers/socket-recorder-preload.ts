/**
 * Preloaded (--import) into a Hearth worker process by recordingLauncher:
 * records from the first line of the worker on, appending to the file
 * HEARTH_SOCKET_LOG names that the process started and each destination it reached for.
 */
import fs from 'node:fs';
import { recordSockets } from './socket-recorder.ts';

const logFile = process.env.HEARTH_SOCKET_LOG;
if (logFile) {
  const append = (entry: object) => fs.appendFileSync(logFile, `${JSON.stringify(entry)}\n`);
  append({ started: { pid: process.pid, script: process.argv[1] ?? '' } });
  recordSockets((record) => append({ record }));
}
