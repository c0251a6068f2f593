/**
 * The Models page's "Use the GPU" switch in Chromium, against a Hearth
 * whose worker sees Mesa's llvmpipe as a GPU (GGML_VK_VISIBLE_DEVICES=0,
 * as in tests/integration/engine-gpu.test.ts): off, the models load again
 * on the CPU and the status bar says why; on, they are back on the GPU.
 * Skipped where no GPU shows at all (no Vulkan: the page has nothing to switch).
 */
import { expect, test } from '@playwright/test';
import { startHearth, type RunningHearth } from './hearth-server.ts';

let hearth: RunningHearth;

test.beforeAll(async () => {
  hearth = await startHearth({ env: { GGML_VK_VISIBLE_DEVICES: '0' } });
});

test.afterAll(async () => {
  await hearth?.stop();
});

test('turning the GPU off runs the model on the CPU, says so, and turning it on brings it back', async ({ page }, testInfo) => {
  await page.goto(hearth.url);
  await expect(page.getByTestId('status-state')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.getByTestId('nav-models').click();
  const note = page.getByTestId('hardware-note');
  await expect(note).toContainText('This computer:');
  test.skip((await note.textContent())?.includes('no GPU in use') ?? false, 'no Vulkan device here');

  // llvmpipe here (vulkan); on a machine with a real GPU, whichever backend llama.cpp picked.
  await expect(note).toContainText(/\w+ GPU with/);
  await expect(page.getByTestId('status-gpu')).toBeVisible();
  const gpuSwitch = page.getByTestId('gpu-switch');
  await expect(gpuSwitch).toBeChecked();

  await gpuSwitch.uncheck();
  await expect(note).toContainText('GPU turned off', { timeout: 30_000 });
  await expect(gpuSwitch).not.toBeChecked();
  await expect(page.getByTestId('status-state')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await expect(page.getByTestId('status-gpu')).toHaveCount(0);
  await expect(page.getByTestId('status-fallback')).toContainText('The GPU is turned off on the Models page');
  await page.screenshot({ path: testInfo.outputPath('gpu-off.png'), fullPage: true });

  await page.getByTestId('nav-chat').click();
  await page.getByTestId('composer-input').fill('Once upon a time');
  await page.getByTestId('send-button').click();
  const reply = page.getByTestId('message-assistant').last();
  await expect(reply).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
  await expect(reply.getByTestId('message-text')).not.toBeEmpty();

  await page.getByTestId('nav-models').click();
  await page.getByTestId('gpu-switch').check();
  await expect(note).toContainText(/\w+ GPU with/, { timeout: 30_000 });
  await expect(page.getByTestId('status-gpu')).toBeVisible();
  await expect(page.getByTestId('status-fallback')).toHaveCount(0);
});
