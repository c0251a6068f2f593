/**
 * A test double for Electron's utility processes, which cannot run here
 * (no Electron binary can be downloaded). It starts the worker script as a
 * Node child whose `process.parentPort` behaves as Electron's does
 * (messages wrapped as `{ data }`, no channel-closed event), and asks it
 * to leave the way electron/utility-worker.ts does: by the exit request
 * message. So the workers' utility-process branch runs for real.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { exitRequest } from '../../src/common/parent-channel.ts';
import type { LaunchWorker, WorkerProcess } from '../../src/common/worker-process.ts';

const parentPortShim = path.join(import.meta.dirname, 'utility-process-double-port.ts');

export interface UtilityProcessDouble {
  launch: LaunchWorker;
  /** How each started process ended: its exit code, or the signal that killed it. */
  exits: { code: number | null; signal: string | null }[];
}

export function utilityProcessDouble(): UtilityProcessDouble {
  const exits: UtilityProcessDouble['exits'] = [];
  const launch: LaunchWorker = ({ file, args, env }): WorkerProcess => {
    const child = fork(file, args, {
      execArgv: ['--import', pathToFileURL(parentPortShim).href],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
      env,
    });
    let exited = false;
    child.on('exit', (code, signal) => {
      exited = true;
      exits.push({ code, signal });
    });
    child.on('error', () => undefined);
    return {
      get pid() {
        return exited ? undefined : child.pid;
      },
      get exited() {
        return exited;
      },
      send: (message) => {
        if (!exited) child.send(message as object);
      },
      onMessage: (listener) => child.on('message', listener),
      // As in Electron, only the code is reported.
      onExit: (listener) => child.on('exit', (code) => listener(code, null)),
      onStderr: (listener) => child.stderr?.on('data', (chunk: Buffer) => listener(chunk.toString())),
      requestExit: () => {
        if (!exited) child.send(exitRequest);
      },
      kill: () => child.kill('SIGKILL'),
    };
  };
  return { launch, exits };
}
