/** Chat steps that several end-to-end tests share. */
import { expect, type Locator, type Page } from '@playwright/test';

/** Types a message into the composer and sends it. */
export async function sendMessage(page: Page, text: string): Promise<void> {
  await page.getByTestId('composer-input').fill(text);
  await page.getByTestId('send-button').click();
}

/** Sends a message and waits until its reply is complete; returns the reply. */
export async function sendAndAwaitReply(page: Page, text: string): Promise<Locator> {
  const replies = page.getByTestId('message-assistant');
  const before = await replies.count();
  await sendMessage(page, text);
  // Until the new reply is on screen, the last one is the previous reply, long complete.
  await expect(replies).toHaveCount(before + 1, { timeout: 30_000 });
  const reply = replies.last();
  await expect(reply).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
  return reply;
}
