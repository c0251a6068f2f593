import { describe, expect, it } from 'vitest';
import { findBrowser, NoBrowserError, type FindBrowserDeps } from '../e2e/browser.ts';

function machine(overrides: Partial<FindBrowserDeps> & { executables?: string[] }): FindBrowserDeps {
  const executables = new Set(overrides.executables ?? []);
  return {
    platform: 'linux',
    arch: 'x64',
    env: {},
    isExecutable: (file) => executables.has(file),
    packagedChromium: async () => undefined,
    playwrightChromium: () => undefined,
    ...overrides,
  };
}

describe('the browser the end-to-end tests use', () => {
  it('is the packaged Chromium on a fresh Linux machine with no browser installed', async () => {
    const choice = await findBrowser(machine({ packagedChromium: async () => '/tmp/chromium' }));
    expect(choice).toEqual({ executablePath: '/tmp/chromium', source: 'the @sparticuz/chromium package' });
  });

  it('prefers a Chromium installed on the system', async () => {
    const choice = await findBrowser(machine({ executables: ['/usr/bin/chromium'], packagedChromium: async () => '/tmp/chromium' }));
    expect(choice.executablePath).toBe('/usr/bin/chromium');
  });

  it('finds Google Chrome on macOS, where the packaged Linux build cannot run', async () => {
    const chrome = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    const choice = await findBrowser(machine({ platform: 'darwin', arch: 'arm64', executables: [chrome], packagedChromium: async () => '/tmp/chromium' }));
    expect(choice.executablePath).toBe(chrome);
  });

  it('falls back to Playwright\u2019s own Chromium when it was installed', async () => {
    const own = 'C:\\pw\\chrome.exe';
    const choice = await findBrowser(machine({ platform: 'win32', executables: [own], playwrightChromium: () => own }));
    expect(choice.source).toBe('Playwright\u2019s own Chromium');
  });

  it('says in one sentence what to install when there is none', async () => {
    const search = findBrowser(machine({ platform: 'darwin', arch: 'arm64', packagedChromium: async () => '/tmp/chromium' }));
    await expect(search).rejects.toThrow(NoBrowserError);
    await expect(search).rejects.toThrow(/install Google Chrome, or run `npx playwright install chromium`/);
  });

  it('refuses a HEARTH_CHROMIUM that is not an executable', async () => {
    await expect(findBrowser(machine({ env: { HEARTH_CHROMIUM: '/nowhere/chrome' }, executables: ['/usr/bin/chromium'] }))).rejects.toThrow(/HEARTH_CHROMIUM is set to \/nowhere\/chrome/);
  });
});
