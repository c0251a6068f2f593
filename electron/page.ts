/**
 * Which page the window is allowed to show: the built renderer, served
 * under Hearth's own origin (hearth://app). A stable origin is what
 * WalletConnect and the wallets remember the app by; a file:// page has
 * none. Navigation guards and the IPC sender check both ask "is this our
 * page?", so they share this one answer.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/renderer/, next to this file's dist/electron/ folder (or inside app.asar, which Electron reads). */
export const rendererDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'renderer');

/** The compiled preload (tsc emits preload.cts as preload.cjs, since sandboxed preloads must be CommonJS). */
export const preloadFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'preload.cjs');

export const pageScheme = 'hearth';
export const pageHost = 'app';
export const pageUrl = `${pageScheme}://${pageHost}/index.html`;

/** True for our page; the query and the fragment (client-side routes) do not matter. */
export function isOurPage(url: string): boolean {
  try {
    const candidate = new URL(url);
    return candidate.protocol === `${pageScheme}:` && candidate.host === pageHost && candidate.pathname === '/index.html';
  } catch {
    return false;
  }
}
