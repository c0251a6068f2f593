/**
 * The Models page in Chromium against its own Hearth host, whose
 * catalogue (HEARTH_CATALOG) offers one generated model served by a
 * throttled local range file server on 127.0.0.1: the recommendation
 * shows beside the chat on a first run, the download's bar moves, the
 * model installs, is switched to, and answers in the chat.
 */
import { expect, test, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeLlamaGguf } from '../../src/models/gguf/write-llama-gguf.ts';
import { startRangeFileServer, type RangeFileServer } from '../helpers/range-file-server.ts';
import { sendMessage } from './chat-actions.ts';
import { startHearth, tempDir, type RunningHearth } from './hearth-server.ts';

// The second test deletes the model the first one downloaded.
test.describe.configure({ mode: 'serial' });

let workDir: string;
let files: RangeFileServer;
let hearth: RunningHearth;

test.beforeAll(async () => {
  workDir = tempDir('hearth-e2e-models-');
  const modelFile = path.join(workDir, 'e2e-chat-q8.gguf');
  const written = await writeLlamaGguf(modelFile, { width: 256, layers: 4, ffn: 768, heads: 4, vocabSize: 1000, contextLength: 1024, type: 'q8_0' });
  files = await startRangeFileServer(modelFile, 'e2e-chat-q8.gguf');
  // 16 KiB every 15 ms: a few MB take a few seconds, so the bar is seen moving.
  files.misbehave.chunkDelayMs = 15;
  const catalogPath = path.join(workDir, 'catalog.json');
  fs.writeFileSync(catalogPath, JSON.stringify({
    version: 1,
    models: [{
      id: 'e2e-chat', name: 'E2E Chat 0.01B', kind: 'chat', file: 'e2e-chat-q8.gguf', url: files.url, sizeBytes: written.bytes,
      sha256: createHash('sha256').update(fs.readFileSync(modelFile)).digest('hex'),
      source: { sha256: 'computed by this test', sizeBytes: 'computed by this test' }, licence: 'MIT', parametersBillions: 0.01,
      contextLength: 1024, chatTemplate: 'chatml', quantization: 'Q8_0', minRamGiB: 0.1, minVramGiB: 0.1,
    }],
  }));
  hearth = await startHearth({ env: { HEARTH_CATALOG: catalogPath } });
});

test.afterAll(async () => {
  await hearth?.stop();
  await files?.close();
  fs.rmSync(workDir, { recursive: true, force: true });
});

/** The download bar's value each time the page redraws it, recorded inside the page. */
async function recordBarValues(page: Page): Promise<void> {
  await page.evaluate(() => {
    const values: number[] = [];
    (window as unknown as { __barValues: number[] }).__barValues = values;
    new MutationObserver(() => {
      const bar = document.querySelector<HTMLProgressElement>('[data-testid="download-bar"]');
      if (bar && bar.hasAttribute('value') && values.at(-1) !== bar.value) values.push(bar.value);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}

test('a new user downloads the recommended model with a moving progress bar and chats with it', async ({ page }, testInfo) => {
  await page.goto(hearth.url);
  await expect(page.getByTestId('status-state')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });

  const card = page.getByTestId('first-run-card');
  await expect(card).toContainText('E2E Chat 0.01B');
  await expect(card).toContainText('runs on the CPU');
  await page.screenshot({ path: testInfo.outputPath('first-run-card.png') });

  await recordBarValues(page);
  await card.getByTestId('get-it-button').click();
  await expect(page.getByTestId('models-page')).toBeVisible();
  await expect(page.getByTestId('download-progress').first()).toBeVisible();
  await expect(page.getByTestId('download-bytes').first()).toContainText('%');
  await page.screenshot({ path: testInfo.outputPath('downloading.png'), fullPage: true });

  const installed = page.locator('[data-testid="installed-item"][data-model-id="e2e-chat"]');
  await expect(installed).toBeVisible({ timeout: 30_000 });
  const values = await page.evaluate(() => (window as unknown as { __barValues: number[] }).__barValues);
  const increases = values.filter((value, index) => index > 0 && value > values[index - 1]!).length;
  expect(increases, `bar values seen: ${values.join(', ')}`).toBeGreaterThanOrEqual(2);
  await expect(installed).toContainText('Q8_0');
  await expect(installed).toContainText('context 1,024');

  await installed.getByTestId('activate-button').click();
  await expect(installed.getByTestId('active-badge')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('status-state')).toHaveAttribute('data-state', 'ready');
  await page.screenshot({ path: testInfo.outputPath('installed-active.png'), fullPage: true });

  await page.getByTestId('nav-chat').click();
  await expect(page.getByTestId('first-run-card')).toHaveCount(0);
  await sendMessage(page, 'Hello there');
  const reply = page.getByTestId('message-assistant').last();
  await expect(reply.getByTestId('message-text')).not.toBeEmpty({ timeout: 30_000 });
  await page.screenshot({ path: testInfo.outputPath('chatting.png') });
  // The next test switches the model, which is refused while this reply is still being written.
  await expect(reply).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
});

test('deleting a model asks first, and the model in use cannot be deleted', async ({ page }) => {
  await page.goto(hearth.url);
  await page.getByTestId('nav-models').click();
  const demo = page.locator('[data-testid="installed-item"][data-model-id="stories260K.gguf"]');
  await demo.getByTestId('activate-button').click();
  await expect(demo.getByTestId('active-badge')).toBeVisible({ timeout: 30_000 });
  await expect(demo.getByTestId('delete-button')).toHaveCount(0);

  const downloaded = page.locator('[data-testid="installed-item"][data-model-id="e2e-chat"]');
  await downloaded.getByTestId('delete-button').click();
  await expect(page.getByTestId('delete-dialog')).toContainText('Delete E2E Chat 0.01B?');
  await page.getByTestId('delete-confirm').click();
  await expect(downloaded).toHaveCount(0);
  await expect(page.locator('[data-testid="catalog-item"][data-model-id="e2e-chat"]').getByTestId('download-button')).toBeVisible();
});
