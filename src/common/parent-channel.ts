/**
 * The worker's side of a WorkerProcess (src/common/worker-process.ts):
 * messages to and from the core, whether this process was forked by Node
 * (process.send) or started as an Electron utility process
 * (process.parentPort, which Electron adds).
 */
interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

/** The message the core sends to ask a utility process to leave (a forked child sees its channel close instead). */
export const exitRequest = { type: '__exit' } as const;

export interface ParentChannel {
  send(message: unknown): void;
  /** One listener: the worker's dispatcher. */
  onMessage(listener: (message: unknown) => void): void;
  /** The core is gone or asked this process to leave. */
  onExitRequest(listener: () => void): void;
}

export function parentChannel(): ParentChannel {
  const port = (process as { parentPort?: ElectronParentPort }).parentPort;
  if (port) {
    // Messages that arrive before the worker has registered its listener wait for it, as Node's IPC channel does.
    const early: unknown[] = [];
    let messageListener: ((message: unknown) => void) | undefined;
    const exitListeners: (() => void)[] = [];
    port.on('message', ({ data }) => {
      if ((data as { type?: unknown } | null)?.type === exitRequest.type) for (const listener of exitListeners) listener();
      else if (messageListener) messageListener(data);
      else early.push(data);
    });
    return {
      send: (message) => port.postMessage(message),
      onMessage: (listener) => {
        messageListener = listener;
        for (const message of early.splice(0)) listener(message);
      },
      onExitRequest: (listener) => exitListeners.push(listener),
    };
  }
  return {
    send: (message) => process.send?.(message),
    onMessage: (listener) => process.on('message', listener),
    onExitRequest: (listener) => process.on('disconnect', listener),
  };
}
