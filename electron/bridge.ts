/**
 * The IPC side of the API contract: calls from our page go to the core,
 * the core's events go to our page. Every reply is a plain envelope, so
 * nothing is ever thrown across IPC (Electron would reduce it to a bare
 * message and drop the error's code and action).
 */
import { dialog, ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { HearthError, toErrorPayload, type ErrorPayload } from '../src/api/errors.ts';
import type { Core } from '../src/core/core.ts';
import { dialogOptionsFor } from './file-dialog.ts';
import { isOurPage } from './page.ts';

/** The channel names; preload.cts repeats them, as a sandboxed preload cannot import local files. */
const callChannel = 'hearth:call';
const eventChannel = 'hearth:event';
const pickChannel = 'hearth:pick';

export type IpcReply = { ok: true; result: unknown } | { ok: false; error: ErrorPayload };

/**
 * Only the top frame of our window, showing our page, may call the core:
 * not an iframe, not another window, not a page the window was tricked
 * into loading.
 */
function fromOurPage(event: IpcMainInvokeEvent, window: BrowserWindow): boolean {
  const frame = event.senderFrame;
  return (
    !window.isDestroyed() &&
    event.sender.id === window.webContents.id &&
    frame !== null &&
    frame.parent === null &&
    isOurPage(frame.url)
  );
}

async function answer(core: Core, method: unknown, params: unknown): Promise<IpcReply> {
  if (typeof method !== 'string') {
    return { ok: false, error: new HearthError('INVALID_REQUEST', { details: 'the method name must be a string' }).toPayload() };
  }
  try {
    return { ok: true, result: await core.call(method, params) };
  } catch (error) {
    return { ok: false, error: toErrorPayload(error) };
  }
}

/** Connects the window to the core for the rest of the app's life (closing the core drops its listeners). */
export function bridgeCore(core: Core, window: BrowserWindow): void {
  ipcMain.handle(callChannel, (event, method: unknown, params: unknown): Promise<IpcReply> | IpcReply => {
    if (!fromOurPage(event, window)) {
      return { ok: false, error: new HearthError('UNAUTHORIZED', { details: `IPC call from ${event.senderFrame?.url ?? 'a closed frame'}` }).toPayload() };
    }
    return answer(core, method, params);
  });
  // The dialog is modal to our window; the page learns only the path the user chose.
  ipcMain.handle(pickChannel, async (event, request: unknown): Promise<string | null> => {
    const options = fromOurPage(event, window) ? dialogOptionsFor(request) : null;
    if (options === null) return null;
    const result = await dialog.showOpenDialog(window, options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  });
  core.on((message) => {
    if (window.isDestroyed() || !isOurPage(window.webContents.getURL())) return;
    window.webContents.send(eventChannel, message);
  });
}
