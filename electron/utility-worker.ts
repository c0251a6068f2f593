/**
 * Hearth's workers (src/common/worker-process.ts) as Electron utility
 * processes. The packaged app's fuses turn off ELECTRON_RUN_AS_NODE, so
 * child_process.fork cannot start a Node process from Electron's binary;
 * a utility process is Electron's supported way to run one.
 */
import { utilityProcess } from 'electron';
import { exitRequest } from '../src/common/parent-channel.ts';
import type { LaunchWorker } from '../src/common/worker-process.ts';

export const utilityWorker: LaunchWorker = ({ file, args, env, name }) => {
  const child = utilityProcess.fork(file, args, { env, stdio: ['ignore', 'ignore', 'pipe'], serviceName: name });
  let exited = false;
  child.once('exit', () => (exited = true));
  return {
    get pid() {
      return child.pid;
    },
    get exited() {
      return exited;
    },
    send: (message) => {
      if (!exited) child.postMessage(message);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', (code) => listener(code, null)),
    onStderr: (listener) => child.stderr?.on('data', (chunk: Buffer) => listener(chunk.toString())),
    requestExit: () => {
      if (!exited) child.postMessage(exitRequest);
    },
    kill: () => {
      child.kill();
    },
  };
};
