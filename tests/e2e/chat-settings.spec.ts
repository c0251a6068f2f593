/**
 * A conversation's own settings as a person meets them: change its system
 * prompt and see the next reply written with it, save the settings as a
 * preset, see the preset named in the chat header after a reload, and
 * delete it after confirming.
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

test('a changed system prompt is used by the next reply, and settings saved as a preset are named in the header', async ({ page }, testInfo) => {
  await page.goto(hearth.url);
  await expect(page.getByTestId('status-state')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });

  const first = await sendAndAwaitReply(page, 'Tell me a story');
  await first.getByText(/Written with this chat/).click();
  await expect(first.getByTestId('reply-system-prompt')).toHaveText(/You are Hearth/);
  await expect(page.getByTestId('chat-settings')).toHaveText('Default settings');

  await page.getByTestId('chat-settings').click();
  const panel = page.getByTestId('chat-settings-panel');
  await expect(panel.getByTestId('system-prompt')).toBeFocused();
  await panel.getByTestId('system-prompt').fill('You tell short stories about a fox called Pip.');
  await panel.getByTestId('temperature').fill('5');
  await panel.getByTestId('chat-settings-save').click();
  await expect(panel.getByRole('alert')).toHaveText(/Temperature must be a number from 0 to 2/);
  await panel.getByTestId('temperature').fill('0.2');
  await panel.getByTestId('max-tokens').fill('32');
  await panel.getByTestId('memories-use').selectOption('none');
  await panel.getByTestId('preset-name').fill('Storyteller');
  await panel.getByTestId('preset-save').click();
  await expect(panel.getByTestId('preset-select').locator('option', { hasText: 'Storyteller' })).toHaveCount(1);
  await panel.getByTestId('preset-select').selectOption({ label: 'Storyteller' });
  await panel.getByTestId('preset-apply').click();
  await page.screenshot({ path: testInfo.outputPath('chat-settings-panel.png') });
  await panel.getByTestId('chat-settings-save').click();
  await expect(panel).toBeHidden();
  await expect(page.getByTestId('chat-settings')).toHaveText('Storyteller');

  const second = await sendAndAwaitReply(page, 'And then?');
  await second.getByText(/Written with the preset Storyteller/).click();
  await expect(second.getByTestId('reply-system-prompt')).toHaveText('You tell short stories about a fox called Pip.');
  await expect(second.getByTestId('reply-settings')).toContainText('Temperature 0.2, top-p 0.9, at most 32 tokens');

  await page.reload();
  await page.getByTestId('conversation-item').first().click();
  await expect(page.getByTestId('chat-settings')).toHaveText('Storyteller');
  await page.getByTestId('chat-settings').click();
  await expect(panel.getByTestId('system-prompt')).toHaveValue('You tell short stories about a fox called Pip.');
  await panel.getByTestId('preset-select').selectOption({ label: 'Storyteller' });
  await panel.getByRole('button', { name: 'Delete preset' }).click();
  await page.getByTestId('preset-delete-confirm').click();
  await expect(panel.getByTestId('preset-select').locator('option', { hasText: 'Storyteller' })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('chat-settings')).toHaveText('Custom settings');
});
