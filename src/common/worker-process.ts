import { fork } from 'node:child_process';

/**
 * A separate process that runs one of Hearth's worker scripts (the
 * inference worker, the document reader) and talks to the core by
 * messages. Under Node it is a forked child; in the packaged desktop app
 * it is an Electron utility process, because the app's fuses turn off
 * ELECTRON_RUN_AS_NODE, which child_process.fork needs there. The core
 * only sees this interface; electron/utility-worker.ts provides the
 * other implementation.
 */
export interface WorkerProcess {
  /** Undefined until it has started, and after it exited. */
  readonly pid: number | undefined;
  readonly exited: boolean;
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** `signal` is null where the platform does not say (Electron reports only a code). */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  /** Its standard error, where a crash leaves its reason. */
  onStderr(listener: (text: string) => void): void;
  /** Asks it to leave: it exits once it sees the request. */
  requestExit(): void;
  kill(): void;
}

export interface WorkerLaunch {
  /** The worker script (.ts under Node 24 from sources, .js when built). */
  file: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** A name for the process, shown in the OS's process list where supported. */
  name: string;
}

export type LaunchWorker = (launch: WorkerLaunch) => WorkerProcess;

/** The worker as a forked Node child: `npm run serve`, the CLI and the tests. */
export const forkWorker: LaunchWorker = ({ file, args, env }) => {
  const child = fork(file, args, {
    // The parent's flags (e.g. -e, --inspect) are not the worker's.
    execArgv: [],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'json',
    // Under Electron without the runAsNode fuse (npm start from sources), fork runs Electron's binary as Node.
    env: { ...env, ELECTRON_RUN_AS_NODE: '1' },
  });
  // A send to a worker that just died fails here (ERR_IPC_CHANNEL_CLOSED); its exit reports it.
  child.on('error', () => undefined);
  return {
    get pid() {
      return child.exitCode === null && child.signalCode === null ? child.pid : undefined;
    },
    get exited() {
      return child.exitCode !== null || child.signalCode !== null;
    },
    send: (message) => {
      if (child.connected) child.send(message as object);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', listener),
    onStderr: (listener) => child.stderr?.on('data', (chunk: Buffer) => listener(chunk.toString())),
    requestExit: () => {
      if (child.connected) child.disconnect();
    },
    kill: () => child.kill('SIGKILL'),
  };
};
