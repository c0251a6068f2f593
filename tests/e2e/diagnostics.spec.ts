/**
 * A person filing a bug report: on the Privacy page, "Copy diagnostics"
 * puts Hearth's version, system and model state on the clipboard and says
 * "Copied"; what they typed is neither in it nor in the log file.
 */
import { expect, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sendAndAwaitReply } from './chat-actions.ts';
import { startHearth, type RunningHearth } from './hearth-server.ts';

let hearth: RunningHearth | undefined;

test.afterAll(async () => {
  await hearth?.stop();
});

test('Copy diagnostics copies versions and model state, and nothing the person typed', async ({ page, context }, testInfo) => {
  hearth = await startHearth();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(hearth.url).origin });
  await page.goto(hearth.url);
  await expect(page.getByTestId('status-state')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  const marker = `zebra-${randomUUID()}`;
  await sendAndAwaitReply(page, `Once upon a time a ${marker}`);

  await page.getByTestId('nav-privacy').click();
  await page.getByTestId('copy-diagnostics').click();
  await expect(page.getByTestId('diagnostics-copied')).toHaveText('Copied');
  await page.screenshot({ path: testInfo.outputPath('diagnostics-copied.png'), fullPage: true });

  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toMatch(/^Hearth diagnostics\n/);
  expect(copied).toMatch(/^Hearth: \S+ \(browser\)$/m);
  expect(copied).toMatch(/^Chat model: stories260K \(demo\), ready, /m);
  expect(copied).toMatch(/^GPU: /m);
  expect(copied).not.toContain(marker);

  const logDir = path.join(hearth.dataDir, 'logs');
  const log = fs.readdirSync(logDir).map((name) => fs.readFileSync(path.join(logDir, name), 'utf8')).join('');
  expect(log).toContain('"event":"model-ready"');
  expect(log).not.toContain(marker);
});
