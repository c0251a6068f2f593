/**
 * The Models page's "Use the GPU" switch in Chromium, against a Hearth
 * whose worker sees Mesa's llvmpipe as a GPU (GGML_VK_VISIBLE_DEVICES=0,
 * as in tests/integration/engine-gpu.test.ts): off, the models load again
 * on the CPU and the status bar says why; on, they are back on the GPU.
 * Skipped, as engine-gpu.test.ts is, where Vulkan or llvmpipe is missing
 * or a real GPU is present: checked apart from the app, so an app that
 * stopped seeing the GPU fails here instead of skipping.
 */
import { expect, test } from '@playwright/test';
import { onlySoftwareVulkan } from '../helpers/software-vulkan.ts';
import { sendAndAwaitReply } from './chat-actions.ts';
import { startHearth, type RunningHearth } from './hearth-server.ts';

let hearth: RunningHearth | undefined;

test.beforeAll(async () => {
  test.skip(!(await onlySoftwareVulkan()), 'no software-only Vulkan here (Vulkan or llvmpipe missing, or a real GPU)');
  hearth = await startHearth({ env: { GGML_VK_VISIBLE_DEVICES: '0' } });
});

test.afterAll(async () => {
  await hearth?.stop();
});

test('turning the GPU off runs the model on the CPU, says so, and turning it on brings it back', async ({ page }, testInfo) => {
  await page.goto(hearth!.url);
  await expect(page.getByTestId('status-state')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.getByTestId('nav-models').click();
  const note = page.getByTestId('hardware-note');
  await expect(note).toContainText('This computer: vulkan GPU with');
  // stories260K has 5 blocks and an output layer: all of them on the GPU.
  await expect(page.getByTestId('status-gpu')).toHaveText('GPU vulkan · 6 layers');
  const gpuSwitch = page.getByTestId('gpu-switch');
  await expect(gpuSwitch).toBeChecked();

  await gpuSwitch.uncheck();
  await expect(note).toContainText('This computer: GPU turned off,', { timeout: 30_000 });
  await expect(gpuSwitch).not.toBeChecked();
  await expect(page.getByTestId('status-state')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await expect(page.getByTestId('status-gpu')).toHaveCount(0);
  await expect(page.getByTestId('status-fallback')).toContainText('The GPU is turned off on the Models page');
  await page.screenshot({ path: testInfo.outputPath('gpu-off.png'), fullPage: true });

  await page.getByTestId('nav-chat').click();
  const reply = await sendAndAwaitReply(page, 'Once upon a time');
  await expect(reply.getByTestId('message-text')).not.toBeEmpty();

  await page.getByTestId('nav-models').click();
  await page.getByTestId('gpu-switch').check();
  await expect(note).toContainText('This computer: vulkan GPU with', { timeout: 30_000 });
  await expect(page.getByTestId('status-gpu')).toHaveText('GPU vulkan · 6 layers');
  await expect(page.getByTestId('status-fallback')).toHaveCount(0);
});
