/**
 * Preloaded into a worker started by utility-process-double.ts: gives it
 * Electron's `process.parentPort` (postMessage, and 'message' events
 * carrying `{ data }`) over Node's IPC channel.
 */
type Listener = (event: { data: unknown }) => void;

const listeners: Listener[] = [];
Object.defineProperty(process, 'parentPort', {
  value: {
    postMessage: (message: unknown) => process.send?.(message),
    on: (_event: 'message', listener: Listener) => {
      // Like Electron's port, delivery starts with the first listener; messages sent before it wait.
      if (listeners.length === 0) {
        process.on('message', (data) => {
          for (const each of listeners) each({ data });
        });
      }
      listeners.push(listener);
    },
  },
});
