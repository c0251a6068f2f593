/**
 * Long-term memory as a user meets it: add a fact on the Memory page, see
 * it listed under a reply as used memory, ask for suggestions from a chat,
 * delete a fact and undo the deletion.
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

test('a remembered fact (pinned, kept private from providers) is used in a reply here, suggestions can be asked for, and a deletion can be undone', async ({ page }, testInfo) => {
  await page.goto(hearth.url);
  await expect(page.getByTestId('status-state')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });

  await page.getByTestId('nav-memory').click();
  await expect(page.getByTestId('memory-empty')).toBeVisible();
  await page.getByTestId('memory-input').fill('The user is called Ada.');
  await page.getByTestId('memory-add').click();
  await expect(page.getByTestId('memory-fact')).toHaveCount(1);
  await page.getByTestId('memory-pin').click();
  await expect(page.getByTestId('memory-fact')).toHaveAttribute('data-pinned', 'true');
  await page.getByTestId('memory-private').click();
  await expect(page.getByTestId('memory-fact')).toHaveAttribute('data-private', 'true');
  await expect(page.getByTestId('memory-private')).toHaveAttribute('aria-pressed', 'true');

  await page.getByTestId('nav-chat').click();
  const reply = await sendAndAwaitReply(page, 'Tell me a story about me');
  await expect(reply.getByTestId('used-memory')).toContainText('The user is called Ada.');
  await reply.getByText(/Context gathered in/).click();
  await expect(reply.getByText('Embed the question')).toBeVisible();

  await page.getByTestId('suggest-memories').click();
  await expect(page.getByTestId('memory-suggestions')).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: testInfo.outputPath('memory-used-and-suggestions.png'), fullPage: true });

  await page.getByTestId('nav-memory').click();
  await page.getByTestId('memory-delete').first().click();
  await expect(page.getByTestId('memory-empty')).toBeVisible();
  await page.getByTestId('memory-undo').click();
  await expect(page.getByTestId('memory-fact')).toContainText('The user is called Ada.');
  await expect(page.getByTestId('memory-fact')).toHaveAttribute('data-pinned', 'true');
  await expect(page.getByTestId('memory-fact')).toHaveAttribute('data-private', 'true');
});
