/**
 * The one Hearth window: our built page, isolated from Node. The page
 * reaches the core only through `window.hearth`, which the preload provides.
 */
import { BrowserWindow } from 'electron';
import { pageUrl, preloadFile } from './page.ts';

export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Hearth',
    width: 1100,
    height: 760,
    minWidth: 480,
    minHeight: 400,
    // Shown once painted, so the person never sees an empty white frame.
    show: false,
    webPreferences: {
      preload: preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(pageUrl);
  return window;
}
