/**
 * The preload: gives the page `window.hearth` (the HearthApi of
 * src/api/wire.ts, with the OS file dialog) over IPC, and nothing else.
 *
 * CommonJS (.cts, emitted as preload.cjs) because a sandboxed preload
 * cannot be an ES module, and it may require only Electron's own modules,
 * so everything it needs is in this file.
 *
 * Why `executeInMainWorld` and not `exposeInMainWorld('hearth', api)`: an
 * Error crossing the context bridge loses its own properties, so the page
 * would get a failed call without its code and action. Here the API object
 * is built in the page's world, where it throws a real Error carrying the
 * ErrorPayload; the only things that cross the bridge are the two
 * functions below, and they are reachable only through that object.
 */
import type { IpcRendererEvent } from 'electron';
import type { EventMessage, HearthApi, PathRequest } from '../src/api/wire.ts';
import type { IpcReply } from './bridge.ts';

const { contextBridge, ipcRenderer }: typeof import('electron') = require('electron');

/** Sends one call to the main process; the reply is an envelope, never a thrown error. */
function invoke(method: string, params: unknown): Promise<IpcReply> {
  return ipcRenderer.invoke('hearth:call', method, params);
}

/** Opens the OS file dialog in the main process; resolves with the chosen path or null. */
function pick(request: PathRequest): Promise<string | null> {
  return ipcRenderer.invoke('hearth:pick', request);
}

/** Hands every core event to `deliver`; the page side installs exactly one deliverer. */
function subscribe(deliver: (message: EventMessage) => void): void {
  ipcRenderer.on('hearth:event', (_event: IpcRendererEvent, message: EventMessage) => deliver(message));
}

/**
 * Runs in the page's world, from its source text: it must not use anything
 * from this file's scope, only its arguments.
 */
function installHearthApi(callMain: typeof invoke, subscribeMain: typeof subscribe, pickMain: typeof pick): void {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  subscribeMain((message) => {
    for (const listener of listeners.get(message.event) ?? []) {
      // One failing listener must not keep the event from the others.
      try {
        listener(message.payload);
      } catch (error) {
        console.error(error);
      }
    }
  });
  const api: HearthApi = {
    call: (async (method: string, params: unknown) => {
      const reply = await callMain(method, params);
      if (reply.ok) return reply.result;
      throw Object.assign(new Error(reply.error.message), { name: 'HearthCallError' }, reply.error);
    }) as HearthApi['call'],
    on: ((event: string, listener: (payload: unknown) => void) => {
      let forEvent = listeners.get(event);
      if (forEvent === undefined) {
        forEvent = new Set();
        listeners.set(event, forEvent);
      }
      const registered = forEvent;
      registered.add(listener);
      return () => {
        registered.delete(listener);
      };
    }) as HearthApi['on'],
    pickPath: (request: PathRequest) => pickMain({ purpose: request.purpose }),
  };
  Object.defineProperty(window, 'hearth', { value: Object.freeze(api), enumerable: true });
}

contextBridge.executeInMainWorld({ func: installHearthApi, args: [invoke, subscribe, pick] });
