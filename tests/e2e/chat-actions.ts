/** Chat steps that several end-to-end tests share. */
import { expect, type Locator, type Page } from '@playwright/test';

/** Types a message into the composer and sends it. */
export async function sendMessage(page: Page, text: string): Promise<void> {
  await page.getByTestId('composer-input').fill(text);
  await page.getByTestId('send-button').click();
}

/** Sends a message and waits until its reply is complete; returns the reply. */
export async function sendAndAwaitReply(page: Page, text: string): Promise<Locator> {
  await sendMessage(page, text);
  const reply = page.getByTestId('message-assistant').last();
  await expect(reply).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
  return reply;
}
