/**
 * Documents as a user meets them: add a file or a missing path on the
 * Documents page, follow its ingestion to Ready, ask a question it answers,
 * open the cited passage, pin the document to the chat (kept after a
 * reload), and remove it (the passage is then gone, and says so).
 */
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { sendAndAwaitReply } from './chat-actions.ts';
import { startHearth, tempDir, type RunningHearth } from './hearth-server.ts';

let hearth: RunningHearth;
let folder: string;

const soup = [
  '# Soup notes',
  '',
  'Our family soup starts with onions softened slowly in butter, then carrots, celery and a handful of red lentils. '.repeat(4),
  '',
  'The secret ingredient of the soup is cardamom. Three crushed pods go in just before it simmers, and they come out before serving.',
  '',
  'It simmers for an hour with the lid half on, and it is stirred now and then so that the lentils do not stick to the pot. '.repeat(4),
  '',
  'Serve it hot with bread, and keep what is left in the fridge for two days at most. '.repeat(4),
].join('\n');

test.beforeAll(async () => {
  folder = tempDir('hearth-e2e-documents-');
  fs.writeFileSync(path.join(folder, 'soup.md'), soup);
  fs.writeFileSync(path.join(folder, 'photo.png'), 'not a document Hearth reads');
  hearth = await startHearth();
});

test.afterAll(async () => {
  await hearth.stop();
  fs.rmSync(folder, { recursive: true, force: true });
});

test('an added document grounds a reply, its citation opens the passage, and a pin survives a reload', async ({ page }, testInfo) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(hearth.url);
  await expect(page.getByTestId('status-state')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });

  await page.getByTestId('nav-documents').click();
  await expect(page.getByTestId('documents-empty')).toBeVisible();
  await page.getByTestId('document-path').fill(path.join(folder, 'missing.md'));
  await page.getByTestId('document-add').click();
  await expect(page.getByTestId('documents-error')).toContainText('The document does not exist.');
  await expect(page.getByTestId('document-item')).toHaveCount(0);

  await page.getByTestId('document-path').fill(folder);
  await page.getByTestId('document-add').click();
  await expect(page.getByTestId('documents-notice')).toHaveText('1 file added, 1 skipped (not supported)');
  await expect(page.getByTestId('documents-error')).toHaveCount(0);
  const item = page.getByTestId('document-item');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('soup.md');
  await expect(item).toContainText('Markdown');
  await page.screenshot({ path: testInfo.outputPath('documents-ingesting.png'), fullPage: true });
  await expect(item.getByTestId('document-status')).toHaveText('Ready', { timeout: 30_000 });
  await expect(item.getByTestId('document-cancel')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('documents-ready.png'), fullPage: true });

  await page.getByTestId('nav-chat').click();
  const reply = await sendAndAwaitReply(page, 'What is the secret ingredient of the soup?');
  const citation = reply.getByTestId('citation').first();
  await expect(citation).toContainText(/soup\.md, lines? \d+/);

  await citation.click();
  const viewer = page.getByRole('dialog');
  await expect(viewer).toBeVisible();
  await expect(viewer.getByRole('heading')).toHaveText('soup.md');
  await expect(viewer.getByTestId('passage-location')).toHaveText(/^lines? \d+/);
  await expect(viewer.getByTestId('passage-text')).toContainText('cardamom');
  await expect(viewer.getByTestId('passage-cited')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('passage-open.png'), fullPage: true });
  await page.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);
  await expect(citation).toBeFocused();
  // Esc closed the viewer and nothing else: the reply is as it was.
  await expect(reply).toHaveAttribute('data-status', 'complete');

  await page.getByTestId('pin-documents').click();
  await expect(page.getByTestId('pins-panel')).toContainText('always given to Hearth in this chat when it fits');
  await page.getByTestId('pin-document').check();
  await expect(page.getByTestId('pin-documents')).toHaveText('Documents (1 pinned)');
  await page.screenshot({ path: testInfo.outputPath('document-pinned.png'), fullPage: true });
  await page.reload();
  await expect(page.getByTestId('message-assistant')).toHaveCount(1);
  await expect(page.getByTestId('pin-documents')).toHaveText('Documents (1 pinned)');
  await page.getByTestId('pin-documents').click();
  await expect(page.getByTestId('pin-document')).toBeChecked();

  await page.getByTestId('nav-documents').click();
  await page.getByTestId('document-remove').click();
  await expect(page.getByTestId('remove-dialog')).toContainText('The file itself stays where it is on your computer.');
  await page.getByTestId('remove-confirm').click();
  await expect(page.getByTestId('documents-empty')).toBeVisible();
  expect(fs.existsSync(path.join(folder, 'soup.md'))).toBe(true);

  await page.getByTestId('nav-chat').click();
  await page.getByTestId('message-assistant').last().getByTestId('citation').first().click();
  await expect(page.getByRole('dialog').getByTestId('passage-error')).toContainText('That passage is no longer in your documents.');
  await page.getByTestId('passage-close').click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});

test('a long document can be cancelled while it is indexed', async ({ page }, testInfo) => {
  const long = path.join(folder, 'long.txt');
  const paragraph = (n: number) => `Paragraph ${n} is about the weather on day ${n}: mild, with rain in the evening and wind from the west.\n\n`;
  fs.writeFileSync(long, Array.from({ length: 20_000 }, (_, n) => paragraph(n)).join(''));
  await page.goto(hearth.url);
  await page.getByTestId('nav-documents').click();
  await page.getByTestId('document-path').fill(long);
  await page.getByTestId('document-add').click();
  const item = page.getByTestId('document-item').filter({ hasText: 'long.txt' });
  await expect(item.getByTestId('document-status')).toHaveText(/^Indexing \d+ of \d+$/, { timeout: 30_000 });
  await expect(item.getByTestId('document-progress')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('documents-indexing.png'), fullPage: true });
  await item.getByTestId('document-cancel').click();
  await expect(item.getByTestId('document-status')).toHaveText('Cancelled');
  await expect(item.getByTestId('document-cancel')).toHaveCount(0);
});
