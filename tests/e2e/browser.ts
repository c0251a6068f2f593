/**
 * Which Chromium the end-to-end tests drive, so that `npm install && npm
 * test` works on a fresh machine with nothing else installed. In order:
 * HEARTH_CHROMIUM (a path); a Chromium or Chrome installed on the system;
 * on Linux x64, the Chromium carried by the @sparticuz/chromium package
 * (unpacked once into the temp folder); Playwright's own browser when
 * `npx playwright install chromium` has run. Otherwise one sentence says
 * what to install.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

export interface BrowserChoice {
  executablePath: string;
  /** Where it came from, for the run's first line. */
  source: string;
}

/** Thrown when no browser can be found; its message is the sentence a person reads. */
export class NoBrowserError extends Error {
  override name = 'NoBrowserError';
}

/** Chromium and Chrome where their installers put them, per OS. */
export function systemBrowserPaths(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'darwin') {
    return [
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
    ];
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((root): root is string => Boolean(root));
    return roots.flatMap((root) => [
      path.join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      path.join(root, 'Chromium', 'Application', 'chrome.exe'),
    ]);
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
}

export interface FindBrowserDeps {
  platform: NodeJS.Platform;
  arch: string;
  env: NodeJS.ProcessEnv;
  isExecutable(file: string): boolean;
  /** The packaged Chromium's path after unpacking it, or undefined when the package is not installed. */
  packagedChromium(): Promise<string | undefined>;
  /** Playwright's own downloaded Chromium, or undefined when it was never installed. */
  playwrightChromium(): string | undefined;
}

export async function findBrowser(deps: FindBrowserDeps): Promise<BrowserChoice> {
  const configured = deps.env.HEARTH_CHROMIUM;
  if (configured) {
    if (!deps.isExecutable(configured)) throw new NoBrowserError(`HEARTH_CHROMIUM is set to ${configured}, which is not an executable browser: correct it, or unset it to let the tests find one.`);
    return { executablePath: configured, source: 'HEARTH_CHROMIUM' };
  }
  const installed = systemBrowserPaths(deps.platform, deps.env).find((file) => deps.isExecutable(file));
  if (installed) return { executablePath: installed, source: 'installed on this system' };
  if (deps.platform === 'linux' && deps.arch === 'x64') {
    const packaged = await deps.packagedChromium();
    if (packaged) return { executablePath: packaged, source: 'the @sparticuz/chromium package' };
  }
  const playwright = deps.playwrightChromium();
  if (playwright && deps.isExecutable(playwright)) return { executablePath: playwright, source: 'Playwright\u2019s own Chromium' };
  throw new NoBrowserError(
    'The end-to-end tests need Chromium or Google Chrome: install Google Chrome, or run `npx playwright install chromium`, or set HEARTH_CHROMIUM to a Chromium executable.',
  );
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The browser for this machine, looked up in the real file system and packages. */
export function findBrowserHere(): Promise<BrowserChoice> {
  return findBrowser({
    platform: process.platform,
    arch: os.arch(),
    env: process.env,
    isExecutable,
    async packagedChromium() {
      let packaged: typeof import('@sparticuz/chromium');
      try {
        packaged = await import('@sparticuz/chromium');
      } catch {
        return undefined;
      }
      return packaged.default.executablePath();
    },
    playwrightChromium() {
      try {
        const { chromium } = createRequire(import.meta.url)('@playwright/test') as typeof import('@playwright/test');
        return chromium.executablePath();
      } catch {
        return undefined;
      }
    },
  });
}
