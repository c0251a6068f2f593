/**
 * A data file damaged on disk, as its owner meets it: unlocking says so
 * instead of failing later, what can still be read is exported, and the
 * newest backup brings the conversation back, the damaged file kept aside.
 */
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import { ageBackups, damageTablePage, dataKey } from '../helpers/damaged-data.ts';
import { sendAndAwaitReply } from './chat-actions.ts';
import { e2ePassphrase, startHearth, tempDir, type RunningHearth } from './hearth-server.ts';

let dataDir: string;
let hearth: RunningHearth | undefined;

test.beforeAll(() => {
  dataDir = tempDir('hearth-e2e-damaged-');
});

test.afterAll(async () => {
  await hearth?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('a damaged data file is reported at unlock, what can be read is exported, and a backup opens', async ({ page }, testInfo) => {
  hearth = await startHearth({ dataDir });
  await page.goto(hearth.url);
  await expect(page.getByTestId('status-state')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await sendAndAwaitReply(page, 'Once upon a time');
  await hearth.stop();
  // The next day: that start's backup holds the conversation; then a sector of the messages goes bad.
  ageBackups(dataDir);
  hearth = await startHearth({ dataDir });
  await hearth.stop();
  damageTablePage(dataDir, await dataKey(dataDir, e2ePassphrase), 'messages');

  hearth = await startHearth({ dataDir, passphrase: null });
  await page.goto(hearth.url);
  await page.getByTestId('vault-passphrase').fill(e2ePassphrase);
  await page.getByTestId('vault-submit').click();
  await expect(page.getByRole('heading', { name: 'Your Hearth data file is damaged' })).toBeVisible();
  await expect(page.getByTestId('backup-item')).toHaveCount(2);
  await page.screenshot({ path: testInfo.outputPath('damaged-screen.png'), fullPage: true });

  await page.getByTestId('export-readable').click();
  await expect(page.getByTestId('export-readable-done')).toContainText('Wrote 1 conversation, 0 messages and 0 memories');
  await expect(page.getByTestId('export-readable-done')).toContainText('Some rows could not be read and were skipped.');

  await page.getByTestId('backup-restore').first().click();
  await expect(page.getByTestId('conversation-item')).toHaveCount(1);
  await expect(page.getByTestId('conversation-item')).toContainText('Once upon a time');
  // The damaged file is set aside, with its WAL and shared-memory files, never deleted.
  const setAside = fs.readdirSync(dataDir).filter((name) => name.startsWith('hearth.db.damaged-'));
  expect(setAside.filter((name) => name.endsWith('Z'))).toHaveLength(1);
  expect(setAside.every((name) => /Z(-wal|-shm)?$/.test(name))).toBe(true);
});
