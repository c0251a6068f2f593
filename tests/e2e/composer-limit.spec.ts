/**
 * The composer's length limit as a person meets it: a counter near the
 * limit, and over it a sentence before sending, with the text kept and
 * nothing sent. Runs against the shared host from global-setup.ts.
 */
import { expect, test } from '@playwright/test';

function hearthUrl(): string {
  const url = process.env.HEARTH_URL;
  if (!url) throw new Error('HEARTH_URL is not set: run these tests through playwright.config.ts (its globalSetup starts Hearth).');
  return url;
}

test('a message near the limit shows a counter; over it, a sentence says by how much and nothing is sent', async ({ page }, testInfo) => {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(hearthUrl());
  await expect(page.getByTestId('status-state')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  const input = page.getByTestId('composer-input');
  const counter = page.getByTestId('composer-counter');
  const sentence = page.getByTestId('composer-length-error');
  const messagesBefore = await page.getByTestId('message-user').count();

  await input.fill('a'.repeat(1_000));
  await expect(counter).toHaveCount(0);

  await input.fill('a'.repeat(30_000));
  await expect(counter).toHaveText('30,000 / 32,000 characters');
  await expect(counter).toHaveAttribute('data-over', 'false');
  await expect(sentence).toHaveCount(0);
  await expect(page.getByTestId('send-button')).toBeEnabled();

  const tooLong = 'a'.repeat(32_050);
  await input.fill(tooLong);
  await expect(counter).toHaveAttribute('data-over', 'true');
  await expect(sentence).toHaveText(
    'This message is 32,050 characters long, over Hearth\u2019s limit of 32,000. Shorten it by 50 characters, or split it into several messages.',
  );
  await expect(page.getByTestId('send-button')).toBeDisabled();
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: testInfo.outputPath('composer-over-limit.png'), fullPage: true });

  // Enter does not send it either; the text stays for the person to shorten.
  await input.press('Enter');
  await expect(input).toHaveValue(tooLong);
  await expect(page.getByTestId('message-user')).toHaveCount(messagesBefore);

  await input.press('Control+End');
  for (let i = 0; i < 50; i += 1) await input.press('Backspace');
  await expect(sentence).toHaveCount(0);
  await expect(counter).toHaveText('32,000 / 32,000 characters');
  await expect(page.getByTestId('send-button')).toBeEnabled();
  await input.fill('');
  expect(problems).toEqual([]);
});
