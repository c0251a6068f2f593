/**
 * The first thing a new user of browser mode sees: choosing the passphrase
 * that encrypts their data; and after a restart, unlocking it.
 */
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import { sendAndAwaitReply } from './chat-actions.ts';
import { startHearth, tempDir, type RunningHearth } from './hearth-server.ts';

let dataDir: string;
let hearth: RunningHearth | undefined;

test.beforeAll(() => {
  dataDir = tempDir('hearth-e2e-vault-');
});

test.afterAll(async () => {
  await hearth?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('a new user chooses a passphrase, chats, unlocks after a restart, and changes the passphrase', async ({ page }, testInfo) => {
  hearth = await startHearth({ passphrase: null, dataDir });
  await page.goto(hearth.url);
  await expect(page.getByRole('heading', { name: 'Protect your Hearth' })).toBeVisible();

  const passphrase = page.getByTestId('vault-passphrase');
  const repeat = page.getByTestId('vault-repeat');
  const submit = page.getByTestId('vault-submit');
  await passphrase.fill('short');
  await expect(page.getByText('At least 8 characters.')).toBeVisible();
  await expect(submit).toBeDisabled();
  await passphrase.fill('a kettle of fish');
  await repeat.fill('a kettle of fosh');
  await expect(page.getByText('The two passphrases differ.')).toBeVisible();
  await expect(submit).toBeDisabled();
  await repeat.fill('a kettle of fish');
  await page.screenshot({ path: testInfo.outputPath('vault-create.png'), fullPage: true });
  await submit.click();

  await expect(page.getByTestId('status-state')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await sendAndAwaitReply(page, 'Once upon a time');

  await hearth.stop();
  hearth = await startHearth({ passphrase: null, dataDir });
  await page.goto(hearth.url);
  await expect(page.getByRole('heading', { name: 'Unlock Hearth' })).toBeVisible();
  await expect(page.getByTestId('vault-repeat')).toHaveCount(0);
  await page.getByTestId('vault-passphrase').fill('a kettle of chips');
  await page.getByTestId('vault-submit').click();
  await expect(page.getByTestId('vault-error')).toContainText('That passphrase does not open your Hearth data.');
  await page.screenshot({ path: testInfo.outputPath('vault-wrong-passphrase.png'), fullPage: true });

  await page.getByTestId('vault-passphrase').fill('a kettle of fish');
  await page.getByTestId('vault-submit').click();
  await expect(page.getByTestId('conversation-item')).toHaveCount(1);
  await expect(page.getByTestId('conversation-item')).toContainText('Once upon a time');

  await page.getByTestId('nav-privacy').click();
  await page.getByTestId('current-passphrase').fill('not my passphrase');
  await page.getByTestId('new-passphrase').fill('a barrel of apples');
  await page.getByTestId('repeat-passphrase').fill('a barrel of apples');
  await page.getByTestId('change-passphrase-submit').click();
  await expect(page.getByTestId('change-passphrase-error')).toContainText('That passphrase does not open your Hearth data.');
  await page.getByTestId('current-passphrase').fill('a kettle of fish');
  await page.getByTestId('change-passphrase-submit').click();
  await expect(page.getByTestId('change-passphrase-done')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('vault-passphrase-changed.png'), fullPage: true });

  await hearth.stop();
  hearth = await startHearth({ passphrase: null, dataDir });
  await page.goto(hearth.url);
  await page.getByTestId('vault-passphrase').fill('a barrel of apples');
  await page.getByTestId('vault-submit').click();
  await expect(page.getByTestId('conversation-item')).toHaveCount(1);
});

test('exports everything, then wipes it after a typed confirmation and starts over', async ({ page }, testInfo) => {
  await hearth?.stop();
  hearth = await startHearth({ dataDir, passphrase: 'a barrel of apples' });
  await page.goto(hearth.url);
  await page.getByTestId('nav-privacy').click();
  await page.getByTestId('export-button').click();
  await expect(page.getByTestId('export-done')).toContainText('Exported 1 conversation (2 messages), 0 memories and 0 documents');

  await page.getByTestId('wipe-button').click();
  await expect(page.getByTestId('wipe-confirm')).toBeDisabled();
  await page.getByTestId('wipe-confirm-input').fill('wipe');
  await page.screenshot({ path: testInfo.outputPath('wipe-confirm.png'), fullPage: true });
  await page.getByTestId('wipe-confirm').click();
  await expect(page.getByRole('heading', { name: 'Protect your Hearth' })).toBeVisible();
  expect(fs.readdirSync(dataDir)).not.toContain('hearth.db');
});
