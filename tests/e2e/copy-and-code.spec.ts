/**
 * Copying from the chat as a person does it: a message's Copy puts its whole
 * markdown text on the clipboard; a fenced code block in a message is
 * highlighted, named by its language, and its own Copy puts exactly the code
 * there; each says "Copied". Where the clipboard is refused, a sentence says
 * so and the code is selected instead. The person's own message carries the
 * code block (the demo model writes stories, not code), and it stays
 * readable by axe-core's colour-contrast rule in light and in dark mode.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { sendAndAwaitReply } from './chat-actions.ts';
import { startHearth, type RunningHearth } from './hearth-server.ts';
import { failOnPageProblems, openHearthAt, screenshot } from './page-watch.ts';

const code = ['function add(a: number, b: number): number {', '  return a + b; // the sum', '}'].join('\n');
const message = ['Here is the function:', '', '```ts', code, '```', '', 'What does it **return**?'].join('\n');

/** The keyword colour of each theme (--code-keyword), as the browser computes it. */
const keywordColour = { light: 'rgb(179, 38, 30)', dark: 'rgb(255, 138, 122)' };

let hearth: RunningHearth | undefined;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  hearth = await startHearth();
});

test.afterAll(async () => {
  await hearth?.stop();
});

failOnPageProblems();

function hearthUrl(): string {
  if (hearth === undefined) throw new Error('Hearth did not start');
  return hearth.url;
}

const readClipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

/** Makes the window tall enough that nothing scrolls: axe judges only text it can see. */
async function showAllContent(page: Page): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 1280, height: 800 };
  const hidden = await page.evaluate(() =>
    Math.max(0, ...[...document.querySelectorAll('*')]
      .filter((element) => /auto|scroll/.test(getComputedStyle(element).overflowY))
      .map((element) => element.scrollHeight - element.clientHeight)),
  );
  await page.setViewportSize({ width: viewport.width, height: viewport.height + hidden });
}

/** Fails on every element of the messages whose text axe finds too faint, or could not judge. */
async function expectMessagesReadable(page: Page, scheme: 'light' | 'dark'): Promise<void> {
  const { violations, incomplete } = await new AxeBuilder({ page })
    .include('[data-testid="message-user"]')
    .include('[data-testid="message-assistant"]')
    .withRules(['color-contrast'])
    .analyze();
  const failures = [...violations, ...incomplete].flatMap((result) =>
    result.nodes.map((node) => `${result.id} at ${node.target.join(' ')}: ${node.failureSummary ?? ''}`),
  );
  expect(failures, `messages in ${scheme} mode`).toEqual([]);
}

test.describe('with the clipboard allowed', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('a code block is highlighted and copies only its code; Copy on a message copies its whole text', async ({ page }, testInfo) => {
    await openHearthAt(page, hearthUrl());
    const reply = await sendAndAwaitReply(page, message);
    const sent = page.getByTestId('message-user').last();
    const block = sent.getByTestId('code-block');

    await expect(block.getByTestId('code-language')).toHaveText('TypeScript');
    await expect(block.locator('.hljs-keyword').first()).toHaveText('function');
    await expect(block.locator('.hljs-comment')).toHaveText('// the sum');
    await expect(sent.locator('strong')).toHaveText('return');

    await block.getByTestId('code-copy').click();
    await expect(block.getByTestId('code-copy-status')).toHaveText('Copied');
    expect(await readClipboard(page)).toBe(code);
    // The confirmation is short: it goes by itself.
    await expect(block.getByTestId('code-copy-status')).toHaveText('', { timeout: 5_000 });

    await sent.getByTestId('message-copy').click();
    await expect(sent.getByTestId('message-copy-status')).toHaveText('Copied');
    expect(await readClipboard(page)).toBe(message);

    await reply.getByTestId('message-copy').click();
    await expect(reply.getByTestId('message-copy-status')).toHaveText('Copied');
    const replyOnScreen = (await reply.getByTestId('message-text').innerText()).replace(/\s+/g, ' ').trim();
    expect(replyOnScreen.length).toBeGreaterThan(0);
    expect((await readClipboard(page)).replace(/\s+/g, ' ').trim()).toBe(replyOnScreen);

    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
    await showAllContent(page);
      await expect(block.locator('.hljs-keyword').first()).toHaveCSS('color', keywordColour[scheme]);
      await screenshot(page, testInfo, `code-block-${scheme}`);
      await expectMessagesReadable(page, scheme);
    }
  });
});

/** Refuses the page's clipboard writes, as for a person who denied Hearth the permission. */
async function denyClipboard(page: Page, context: BrowserContext, url: string): Promise<void> {
  const browser = context.browser();
  if (browser === null) throw new Error('no browser to set the permission in');
  const { targetInfo } = await (await context.newCDPSession(page)).send('Target.getTargetInfo');
  await (await browser.newBrowserCDPSession()).send('Browser.setPermission', {
    permission: { name: 'clipboard-write' },
    setting: 'denied',
    origin: new URL(url).origin,
    browserContextId: targetInfo.browserContextId,
  });
}

test('where the clipboard is refused, a sentence says so and the code is selected to copy by hand', async ({ page, context }, testInfo) => {
  await denyClipboard(page, context, hearthUrl());
  await openHearthAt(page, hearthUrl());
  await sendAndAwaitReply(page, message);
  const block = page.getByTestId('message-user').last().getByTestId('code-block');

  await block.getByTestId('code-copy').click();
  await expect(block.getByTestId('code-copy-status')).toHaveText(
    'The clipboard is not available here, so the text is selected: press Ctrl+C (⌘C on a Mac) to copy it.',
  );
  expect((await page.evaluate(() => window.getSelection()?.toString() ?? '')).trim()).toBe(code);

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await showAllContent(page);
    await screenshot(page, testInfo, `copy-refused-${scheme}`);
    await expectMessagesReadable(page, scheme);
  }
});
