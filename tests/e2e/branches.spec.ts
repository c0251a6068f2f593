/**
 * Edit and branch as a person meets them: edit an earlier message, get a
 * new reply on a new branch, reload, and move between the two versions,
 * the old one with its reply kept.
 */
import { expect, test } from '@playwright/test';
import { sendAndAwaitReply } from './chat-actions.ts';
import { startHearth, type RunningHearth } from './hearth-server.ts';

let hearth: RunningHearth;

test.beforeAll(async () => {
  hearth = await startHearth();
});

test.afterAll(async () => {
  await hearth.stop();
});

test('an edited message starts a new branch, and both versions can be shown after a reload', async ({ page }, testInfo) => {
  await page.goto(hearth.url);
  await expect(page.getByTestId('status-state')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });

  await sendAndAwaitReply(page, 'Tell me about a cat');
  const firstReply = await sendAndAwaitReply(page, 'What did the cat eat?');
  const oldReplyText = await firstReply.getByTestId('message-text').innerText();

  const second = page.getByTestId('message-user').nth(1);
  await second.hover();
  await second.getByTestId('message-edit').click();
  const editor = second.getByTestId('message-editor-text');
  await expect(editor).toBeFocused();
  await expect(editor).toHaveValue('What did the cat eat?');
  await editor.press('Escape');
  await expect(second.getByTestId('message-editor')).toHaveCount(0);
  await expect(second.getByTestId('message-text')).toHaveText('What did the cat eat?');

  await second.getByTestId('message-edit').click();
  await second.getByTestId('message-editor-text').fill('What did the dog eat?');
  await second.getByTestId('message-editor-send').click();
  await expect(page.getByTestId('message-assistant').last()).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
  await expect(page.getByTestId('message-user')).toHaveCount(2);
  await expect(page.getByTestId('message-user').nth(1).getByTestId('message-text')).toHaveText('What did the dog eat?');
  await expect(page.getByTestId('message-user').nth(1).getByTestId('branch-position')).toHaveText('2/2');
  await page.screenshot({ path: testInfo.outputPath('edited-branch.png') });

  await page.reload();
  await page.getByTestId('conversation-item').first().click();
  const edited = page.getByTestId('message-user').nth(1);
  await expect(edited.getByTestId('branch-position')).toHaveText('2/2');
  await edited.getByTestId('branch-previous').click();
  await expect(page.getByTestId('message-user').nth(1).getByTestId('message-text')).toHaveText('What did the cat eat?');
  await expect(page.getByTestId('message-user').nth(1).getByTestId('branch-position')).toHaveText('1/2');
  await expect(page.getByTestId('message-assistant').last().getByTestId('message-text')).toHaveText(oldReplyText);

  await page.reload();
  await page.getByTestId('conversation-item').first().click();
  await expect(page.getByTestId('message-user').nth(1).getByTestId('branch-position')).toHaveText('1/2');
  await page.getByTestId('message-user').nth(1).getByTestId('branch-next').click();
  await expect(page.getByTestId('message-user').nth(1).getByTestId('message-text')).toHaveText('What did the dog eat?');
});
