/**
 * Light and dark as a user meets them: every page (the passphrase and
 * unlock screens, Chat with a reply, Documents, Memory, Models, Providers,
 * Wallet, Privacy) is readable in both, by axe-core's colour-contrast rules,
 * and photographed in both; the Appearance switch (System, Light, Dark)
 * applies at once, by mouse or keyboard, and is remembered after a reload.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { sendAndAwaitReply } from './chat-actions.ts';
import { e2ePassphrase, startHearth, tempDir, type RunningHearth } from './hearth-server.ts';
import { screenshot } from './page-watch.ts';

const schemes = ['light', 'dark'] as const;
/** The page background of each theme, as the browser computes it. */
const background = { light: 'rgb(250, 248, 245)', dark: 'rgb(28, 26, 24)' };

let dataDir: string;
let folder: string;
let hearth: RunningHearth | undefined;

test.beforeAll(() => {
  dataDir = tempDir('hearth-e2e-appearance-');
  folder = tempDir('hearth-e2e-appearance-docs-');
  fs.writeFileSync(path.join(folder, 'soup.md'), '# Soup\n\nThe secret ingredient of the soup is cardamom.\n');
});

test.afterAll(async () => {
  await hearth?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(folder, { recursive: true, force: true });
});

/** How much of the page is scrolled out of view, in pixels: axe judges only the text it can see. */
function hiddenHeight(page: Page): Promise<number> {
  return page.evaluate(() =>
    Math.max(0, ...[...document.querySelectorAll('*')]
      .filter((element) => /auto|scroll/.test(getComputedStyle(element).overflowY))
      .map((element) => element.scrollHeight - element.clientHeight)),
  );
}

/** Makes the window tall enough that nothing scrolls, again while what a page loads after it opens makes it grow. */
async function fitContent(page: Page, width: number): Promise<void> {
  for (let tries = 0; tries < 5; tries++) {
    const hidden = await hiddenHeight(page);
    if (hidden === 0) return;
    await page.setViewportSize({ width, height: (page.viewportSize()?.height ?? 800) + hidden });
    await page.waitForTimeout(100);
  }
}

/** Photographs the page and checks its contrast, with the system in light and then in dark mode. */
async function expectReadableInBothThemes(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 1280, height: 800 };
  await fitContent(page, viewport.width);
  for (const scheme of schemes) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator('body')).toHaveCSS('background-color', background[scheme]);
    await screenshot(page, testInfo, `${name}-${scheme}`);
    const { violations, incomplete } = await new AxeBuilder({ page }).withRules(['color-contrast', 'link-in-text-block']).analyze();
    // "Incomplete" is what axe could not judge (e.g. text scrolled out of view): that fails too, so nothing goes unchecked.
    const failures = [...violations, ...incomplete].flatMap((result) =>
      result.nodes.map((node) => `${result.id} at ${node.target.join(' ')}: ${node.failureSummary ?? ''}`),
    );
    expect.soft(failures, `${name} in ${scheme}`).toEqual([]);
  }
  await page.setViewportSize(viewport);
}

/**
 * What a model that writes markdown would reply (the demo model writes plain
 * stories): every assistant message the host sends this page has this text instead.
 */
const markdownReply = [
  '## A heading',
  '',
  'Some **bold** text, a [link](https://example.org) and `inline code`.',
  '',
  '> A quoted line.',
  '',
  '| Column | Value |',
  '| --- | --- |',
  '| a | 1 |',
  '',
  '```ts',
  'const answer = 42;',
  '```',
].join('\n');

async function routeMarkdownRepliesDouble(page: Page): Promise<void> {
  const isAssistantMessage = (value: unknown): value is { role: 'assistant'; content: string } =>
    typeof value === 'object' && value !== null && 'role' in value && value.role === 'assistant' && 'content' in value;
  await page.routeWebSocket(/\/api\?token=/, (socket) => {
    const server = socket.connectToServer();
    server.onMessage((frame) => {
      if (typeof frame !== 'string') return socket.send(frame);
      socket.send(JSON.stringify(JSON.parse(frame), (_key, value: unknown) => (isAssistantMessage(value) ? { ...value, content: markdownReply } : value)));
    });
  });
}

async function openPage(page: Page, id: string, testId: string): Promise<void> {
  await page.getByTestId(`nav-${id}`).click();
  await expect(page.getByTestId(testId)).toBeVisible();
}

test('every page is readable in light and in dark mode', async ({ page }, testInfo) => {
  test.setTimeout(150_000);
  hearth = await startHearth({ passphrase: null, dataDir });
  await page.goto(hearth.url);
  await expect(page.getByRole('heading', { name: 'Protect your Hearth' })).toBeVisible();
  await page.getByTestId('vault-passphrase').fill(e2ePassphrase);
  await page.getByTestId('vault-repeat').fill('not the same');
  await expect(page.getByText('The two passphrases differ.')).toBeVisible();
  await expectReadableInBothThemes(page, testInfo, 'vault-create');
  await page.getByTestId('vault-repeat').fill(e2ePassphrase);
  await page.getByTestId('vault-submit').click();
  await expect(page.getByTestId('status-state')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });

  await expectReadableInBothThemes(page, testInfo, 'chat-empty');
  await sendAndAwaitReply(page, 'Tell me a story about a kettle');
  await expectReadableInBothThemes(page, testInfo, 'chat');
  await page.getByTestId('search-input').fill('kettle');
  await expect(page.locator('mark').first()).toBeVisible();
  await expectReadableInBothThemes(page, testInfo, 'chat-search');
  await page.getByTestId('search-input').fill('');

  const markdownPage = await page.context().newPage();
  await routeMarkdownRepliesDouble(markdownPage);
  await markdownPage.goto(hearth.url);
  await markdownPage.getByTestId('conversation-item').click();
  await expect(markdownPage.getByTestId('code-block')).toBeVisible();
  await expectReadableInBothThemes(markdownPage, testInfo, 'chat-markdown');
  await markdownPage.close();

  await openPage(page, 'documents', 'documents-empty');
  await page.getByTestId('document-path').fill(path.join(folder, 'missing.md'));
  await page.getByTestId('document-add').click();
  await expect(page.getByTestId('documents-error')).toBeVisible();
  await expectReadableInBothThemes(page, testInfo, 'documents-error');
  await page.getByTestId('document-path').fill(folder);
  await page.getByTestId('document-add').click();
  await expect(page.getByTestId('document-status')).toHaveText('Ready', { timeout: 30_000 });
  await expectReadableInBothThemes(page, testInfo, 'documents');

  await openPage(page, 'memory', 'memory-empty');
  await page.getByTestId('memory-input').fill('The user is called Ada.');
  await page.getByTestId('memory-add').click();
  await page.getByTestId('memory-pin').click();
  await expect(page.getByTestId('memory-fact')).toHaveAttribute('data-pinned', 'true');
  await expectReadableInBothThemes(page, testInfo, 'memory');

  await openPage(page, 'models', 'installed-item');
  await expectReadableInBothThemes(page, testInfo, 'models');
  await openPage(page, 'providers', 'providers-page');
  await expectReadableInBothThemes(page, testInfo, 'providers');
  await openPage(page, 'wallet', 'wallet-page-off');
  await expectReadableInBothThemes(page, testInfo, 'wallet');
  await openPage(page, 'privacy', 'privacy-page');
  await expectReadableInBothThemes(page, testInfo, 'privacy');

  await hearth.stop();
  hearth = await startHearth({ passphrase: null, dataDir });
  await page.goto(hearth.url);
  await expect(page.getByRole('heading', { name: 'Unlock Hearth' })).toBeVisible();
  await page.getByTestId('vault-passphrase').fill('a wrong passphrase');
  await page.getByTestId('vault-submit').click();
  await expect(page.getByTestId('vault-error')).toBeVisible();
  await expectReadableInBothThemes(page, testInfo, 'vault-unlock');
});

test('the Appearance switch applies at once, is remembered after a reload, and System follows the system', async ({ page }, testInfo) => {
  await hearth?.stop();
  hearth = await startHearth();
  const body = page.locator('body');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(hearth.url);
  const appearance = page.getByRole('radiogroup', { name: 'Appearance' });
  await expect(appearance.getByRole('radio', { name: 'System' })).toBeChecked();
  await expect(body).toHaveCSS('background-color', background.light);

  await appearance.getByText('Dark').click();
  await expect(body).toHaveCSS('background-color', background.dark);
  await expect(page.locator('html')).toHaveCSS('color-scheme', 'dark');
  await screenshot(page, testInfo, 'switch-dark-on-light-system');

  await page.reload();
  await expect(appearance.getByRole('radio', { name: 'Dark' })).toBeChecked();
  await expect(body).toHaveCSS('background-color', background.dark);

  // By keyboard: arrow keys move the choice within the group, as in any radio group.
  await appearance.getByRole('radio', { name: 'Dark' }).focus();
  await page.keyboard.press('ArrowLeft');
  await expect(appearance.getByRole('radio', { name: 'Light' })).toBeChecked();
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(body).toHaveCSS('background-color', background.light);
  await expect(page.locator('html')).toHaveCSS('color-scheme', 'light');

  await page.keyboard.press('ArrowLeft');
  await expect(appearance.getByRole('radio', { name: 'System' })).toBeChecked();
  await expect(body).toHaveCSS('background-color', background.dark);
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(body).toHaveCSS('background-color', background.light);
  await screenshot(page, testInfo, 'switch-system');
});
