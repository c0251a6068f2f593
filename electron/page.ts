/**
 * Which page the window is allowed to show: the built renderer, loaded
 * from one file. Navigation guards and the IPC sender check both ask
 * "is this our page?", so they share this one answer.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** dist/renderer/index.html, next to this file's dist/electron/ folder (or inside app.asar, which Electron reads). */
export const rendererFile = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'renderer', 'index.html');

/** The compiled preload (tsc emits preload.cts as preload.cjs, since sandboxed preloads must be CommonJS). */
export const preloadFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'preload.cjs');

const pageUrl = pathToFileURL(rendererFile);

/** True for our file:// page; the query and the fragment (client-side routes) do not matter. */
export function isOurPage(url: string): boolean {
  try {
    const candidate = new URL(url);
    return candidate.protocol === 'file:' && candidate.pathname === pageUrl.pathname;
  } catch {
    return false;
  }
}
