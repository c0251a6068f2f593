/**
 * Hugging Face search on the Models page, in Chromium against a Hearth
 * host whose HEARTH_HUB_URL points at the stand-in hub on 127.0.0.1: a
 * person searches, opens a result, sees its file with size and fit,
 * downloads it with a moving bar, and finds it installed and verified.
 */
import { expect, test } from '@playwright/test';
import { startHubStandIn, type HubStandIn } from '../helpers/hub-stand-in.ts';
import { startHearth, type RunningHearth } from './hearth-server.ts';

let hub: HubStandIn;
let hearth: RunningHearth;

test.beforeAll(async () => {
  hub = await startHubStandIn();
  // 16 KiB every 20 ms: the 1.2 MB demo model takes about a second and a half, so the bar is seen.
  hub.misbehave.chunkDelayMs = 20;
  hearth = await startHearth({ env: { HEARTH_HUB_URL: hub.url } });
});

test.afterAll(async () => {
  await hearth?.stop();
  await hub?.close();
});

test('a person finds a GGUF model on Hugging Face, sees how it would run here, and downloads it', async ({ page }, testInfo) => {
  await page.goto(hearth.url);
  await expect(page.getByTestId('status-state')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.getByTestId('nav-models').click();

  await page.getByTestId('hub-search-input').fill('stories');
  await page.getByTestId('hub-search-button').click();
  const result = page.locator('[data-testid="hub-result"][data-repo="hearth-test/stories260K-GGUF"]');
  await expect(result).toContainText('48K downloads');
  await expect(page.getByTestId('hub-result')).toHaveCount(1);

  await result.getByTestId('hub-result-toggle').click();
  const file = result.locator('[data-testid="hub-file"][data-file-id="stories260K-f32.gguf"]');
  await expect(file).toContainText('1.1 MB · F32');
  await expect(file.getByTestId('hub-fit-badge')).toHaveText(/Runs on (CPU|GPU), fast/);
  await expect(result.getByTestId('hub-file')).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath('hub-files.png'), fullPage: true });

  await file.getByTestId('hub-download-button').click();
  await expect(file.getByTestId('download-bytes')).toContainText('%');
  await page.screenshot({ path: testInfo.outputPath('hub-downloading.png'), fullPage: true });
  await expect(file.getByTestId('hub-installed')).toBeVisible({ timeout: 30_000 });

  const installed = page.locator('[data-testid="installed-item"][data-model-id="stories260K-f32.gguf"]');
  await expect(installed).toBeVisible();
  await expect(installed).not.toContainText('unverified');
  await page.screenshot({ path: testInfo.outputPath('hub-installed.png'), fullPage: true });
});

test('with Hugging Face out of reach, the search says so in a sentence', async ({ page }) => {
  hub.misbehave.apiStatus = 503;
  await page.goto(hearth.url);
  await page.getByTestId('nav-models').click();
  await page.getByTestId('hub-search-input').fill('llama');
  await page.getByTestId('hub-search-button').click();
  await expect(page.getByTestId('hub-error')).toHaveText('Hugging Face answered with an error; it may be busy. Try again in a few minutes.');
  delete hub.misbehave.apiStatus;
});
