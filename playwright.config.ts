import { defineConfig } from '@playwright/test';
import { findBrowserHere } from './tests/e2e/browser.ts';

// End-to-end tests drive the built renderer in Chromium (the one found by
// tests/e2e/browser.ts) against a real `serve` host on 127.0.0.1 (see
// tests/e2e/global-setup.ts). Run with the project's Node:
// node_modules/.bin/node node_modules/.bin/playwright test
const browser = await findBrowserHere();
if (!process.env.TEST_WORKER_INDEX) console.log(`Chromium for the end-to-end tests: ${browser.executablePath} (${browser.source})`);

export default defineConfig({
  testDir: 'tests/e2e',
  tsconfig: './tests/e2e/tsconfig.json',
  outputDir: 'test-results',
  globalSetup: './tests/e2e/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: 'list',
  use: {
    headless: true,
    screenshot: 'on',
    trace: 'off',
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: browser.executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
