/**
 * What every end-to-end spec watches in the page: script errors and CSP
 * violations (any of them fails the test), screenshots to look at, and the
 * last reply as it streams and ends.
 */
import { expect, test, type Page, type TestInfo } from '@playwright/test';

/** Script errors and CSP violations seen by each page. */
const pageProblems = new WeakMap<Page, string[]>();

/** Registers, in the spec that calls it, the check that no page had a script error or a CSP violation. */
export function failOnPageProblems(): void {
  test.afterEach(async ({ page }) => {
    expect(pageProblems.get(page) ?? []).toEqual([]);
  });
}

/** Opens Hearth at `url`, watching the page's problems, and waits until its model is ready. */
export async function openHearthAt(page: Page, url: string): Promise<void> {
  if (!pageProblems.has(page)) {
    const problems: string[] = [];
    pageProblems.set(page, problems);
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
    });
  }
  await page.goto(url);
  await expect(page.getByTestId('status-state')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
}

export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

export const lastReply = (page: Page) => page.getByTestId('message-assistant').last();

/** Waits for the last reply to end and returns its text. */
export async function waitForReply(page: Page, timeoutMs = 30_000): Promise<string> {
  const reply = lastReply(page);
  await expect(reply).toHaveAttribute('data-status', /^(complete|interrupted|error)$/, { timeout: timeoutMs });
  return (await reply.getByTestId('message-text').textContent()) ?? '';
}

export interface ReplySample {
  status: string | null;
  length: number;
}

/** Records the last reply's text length and status on every DOM change, from inside the page. */
export async function recordReplyGrowth(page: Page): Promise<void> {
  await page.evaluate(() => {
    const samples: ReplySample[] = [];
    (window as unknown as { __replySamples: typeof samples }).__replySamples = samples;
    new MutationObserver(() => {
      const replies = document.querySelectorAll('[data-testid="message-assistant"]');
      const last = replies[replies.length - 1];
      if (last === undefined) return;
      const text = last.querySelector('[data-testid="message-text"]')?.textContent ?? '';
      samples.push({ status: last.getAttribute('data-status'), length: text.length });
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

export async function replySamples(page: Page): Promise<ReplySample[]> {
  return page.evaluate(() => (window as unknown as { __replySamples: ReplySample[] }).__replySamples);
}
