/**
 * What a person sees in Hearth's window, driven in Chromium against a real
 * host (global-setup.ts starts one with the bundled stories260K demo model).
 */
import { expect, test, type Page, type WebSocketRoute } from '@playwright/test';
import fs from 'node:fs';
import { sendMessage } from './chat-actions.ts';
import { failOnPageProblems, openHearthAt, recordReplyGrowth, replySamples, screenshot, waitForReply } from './page-watch.ts';
import { generateSlowModel, startHearth, tempDir, type RunningHearth } from './hearth-server.ts';

function hearthUrl(): string {
  const url = process.env.HEARTH_URL;
  if (!url) throw new Error('HEARTH_URL is not set: run these tests through playwright.config.ts (its globalSetup starts Hearth).');
  return url;
}

failOnPageProblems();

const openHearth = (page: Page, url = hearthUrl()) => openHearthAt(page, url);

test('a first visit shows the demo model label and how to get a real model', async ({ page }, testInfo) => {
  await openHearth(page);
  await expect(page.getByTestId('demo-label')).toHaveText("Demo model: stories260K writes children's stories, not real answers");
  const empty = page.getByTestId('empty-state');
  await expect(empty).toBeVisible();
  await expect(empty).toContainText('Qwen2.5-1.5B-Instruct');
  await expect(empty).toContainText('npm start -- --model /path/to/model.gguf');
  await expect(empty).toContainText('npm run serve -- --model /path/to/model.gguf');
  await expect(empty).toContainText('HEARTH_MODEL=/path/to/model.gguf');
  await expect(page.getByTestId('status-model')).toContainText('demo');
  await expect(page.getByTestId('composer-input')).toBeFocused();
  await screenshot(page, testInfo, 'first-visit');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, testInfo, 'first-visit-dark');
});

test('a reply streams in token by token, then its speed shows in the status bar', async ({ page }, testInfo) => {
  await openHearth(page);
  await recordReplyGrowth(page);
  await sendMessage(page, 'Tell me a story about a cat');

  await expect(page.getByTestId('message-user').getByTestId('message-text')).toHaveText('Tell me a story about a cat');
  await expect(page.getByTestId('composer-input')).toHaveValue('');
  const text = await waitForReply(page);
  expect(text.length).toBeGreaterThan(0);

  // While the reply was being written, the page showed it growing.
  const streamed = (await replySamples(page)).filter((s) => s.status === 'streaming' && s.length > 0).map((s) => s.length);
  const distinct = [...new Set(streamed)];
  expect(distinct.length, `lengths seen while streaming: ${distinct.join(', ')}`).toBeGreaterThanOrEqual(2);
  expect([...distinct].sort((a, b) => a - b)).toEqual(distinct);

  await expect(page.getByTestId('status-speed')).toContainText(/\d+(\.\d)? tok\/s/);
  await expect(page.getByTestId('status-speed')).toContainText(/TTFT \d/);
  await expect(page.getByTestId('regenerate-button')).toBeVisible();
  await screenshot(page, testInfo, 'reply-streamed');
});

test.describe('with a slow model', () => {
  let hearth: RunningHearth | undefined;
  let modelDir: string | undefined;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    modelDir = tempDir('hearth-e2e-model-');
    hearth = await startHearth({ modelPath: generateSlowModel(modelDir) });
  });

  test.afterAll(async () => {
    await hearth?.stop();
    if (modelDir !== undefined) fs.rmSync(modelDir, { recursive: true, force: true });
  });

  test('Stop ends a reply mid-way: it shows as stopped and stops growing', async ({ page }, testInfo) => {
    if (hearth === undefined) throw new Error('the slow Hearth did not start');
    await openHearth(page, hearth.url);
    await expect(page.getByTestId('demo-label')).toHaveCount(0);
    await sendMessage(page, 'Write a long essay about the sea.');

    const reply = page.getByTestId('message-assistant').last();
    const replyText = reply.getByTestId('message-text');
    await expect(reply).toHaveAttribute('data-status', 'streaming');
    await expect(replyText).not.toHaveText('', { timeout: 30_000 });
    await expect(page.getByTestId('composer-input')).toBeDisabled();
    await page.getByTestId('stop-button').click();

    await expect(reply).toHaveAttribute('data-status', 'interrupted');
    await expect(reply.getByTestId('message-stopped')).toHaveText('Stopped');
    const stoppedAt = await replyText.textContent();
    await page.waitForTimeout(1000);
    await expect(replyText).toHaveText(stoppedAt ?? '');
    await expect(page.getByTestId('stop-button')).toHaveCount(0);
    await expect(page.getByTestId('composer-input')).toBeEnabled();
    await screenshot(page, testInfo, 'reply-stopped');

    // It stays stopped after a reload.
    await page.reload();
    await expect(page.getByTestId('message-assistant').last()).toHaveAttribute('data-status', 'interrupted');
  });
});

test('Regenerate writes the last reply again as a new version, the old one a click away', async ({ page }, testInfo) => {
  await openHearth(page);
  await sendMessage(page, 'A story about a brave mouse');
  await waitForReply(page);
  await recordReplyGrowth(page);
  const firstId = await page.getByTestId('message-assistant').getAttribute('data-message-id');
  await page.getByTestId('regenerate-button').click();
  // The new version takes the old reply's place.
  await expect(page.getByTestId('message-assistant')).not.toHaveAttribute('data-message-id', firstId!);
  await expect(page.getByTestId('message-assistant')).toHaveCount(1);
  const text = await waitForReply(page);
  expect(text.length).toBeGreaterThan(0);
  expect((await replySamples(page)).some((s) => s.status === 'streaming')).toBe(true);
  await expect(page.getByTestId('message-assistant')).toHaveAttribute('data-status', 'complete');
  await expect(page.getByTestId('message-user')).toHaveCount(1);
  await expect(page.getByTestId('message-assistant').getByTestId('branch-position')).toHaveText('2/2');
  await screenshot(page, testInfo, 'regenerated');
  await page.getByTestId('message-assistant').getByTestId('branch-previous').click();
  await expect(page.getByTestId('message-assistant').getByTestId('branch-position')).toHaveText('1/2');
});

test('after a reload the conversation is in the list with its messages', async ({ page }, testInfo) => {
  await openHearth(page);
  await sendMessage(page, 'Remember the little red boat');
  const reply = await waitForReply(page);

  await page.reload();
  await expect(page.getByTestId('status-state')).toHaveAttribute('data-state', 'ready');
  // Start from a new chat, then find the conversation in the list.
  await page.getByTestId('new-chat-button').click();
  await expect(page.getByTestId('empty-state')).toBeVisible();
  const item = page.getByTestId('conversation-item').filter({ hasText: 'Remember the little red boat' }).first();
  await expect(item).toBeVisible();
  await expect(page.getByTestId('conversation-item').first()).toContainText('Remember the little red boat');
  await item.click();

  await expect(page.getByTestId('message-user').getByTestId('message-text')).toHaveText('Remember the little red boat');
  await expect(page.getByTestId('message-assistant').getByTestId('message-text')).toHaveText(reply.trim());
  await expect(item).toHaveAttribute('aria-current', 'page');
  await screenshot(page, testInfo, 'after-reload');
});

test('searching for a word from a reply finds it and opens its conversation', async ({ page }, testInfo) => {
  await openHearth(page);
  await sendMessage(page, 'Tell me about a happy dog');
  const reply = await waitForReply(page);
  const word = (reply.match(/[A-Za-z]{5,}/g) ?? []).find((w) => !/^(there|their|which|would|about)$/i.test(w));
  expect(word, `a word of five letters or more in: ${reply}`).toBeDefined();

  await page.getByTestId('new-chat-button').click();
  await page.getByTestId('search-input').fill(word!);
  const hit = page.getByTestId('search-hit').first();
  await expect(hit).toBeVisible();
  await expect(hit.locator('mark').first()).toBeVisible();
  await screenshot(page, testInfo, 'search-hits');

  const conversationId = await hit.getAttribute('data-conversation-id');
  await hit.click();
  await expect(page.getByTestId('message-assistant').first()).toBeVisible();
  await expect(page.locator('[data-testid="message-text"]', { hasText: new RegExp(word!, 'i') }).first()).toBeVisible();
  expect(page.url()).toContain(`#/c/${conversationId}`);
  await screenshot(page, testInfo, 'search-opened');
});

test('an empty or over-long message is refused with a clear sentence, and the text stays', async ({ page }, testInfo) => {
  await openHearth(page);
  const input = page.getByTestId('composer-input');

  await input.fill('   ');
  await page.getByTestId('send-button').click();
  await expect(page.getByTestId('composer-error')).toContainText('The message is empty.');
  await expect(input).toHaveValue('   ');

  // Over the limit the composer says so before anything is sent; the refusal of the empty text no longer applies.
  const long = 'word '.repeat(6_400) + 'more';
  await input.fill(long);
  await input.press('Enter');
  await expect(page.getByTestId('composer-error')).toHaveCount(0);
  await expect(page.getByTestId('composer-length-error')).toContainText('over Hearth\u2019s limit of 32,000');
  await expect(page.getByTestId('composer-length-error')).toContainText('Shorten it by 4 characters');
  await expect(input).toHaveValue(long);
  await expect(page.getByTestId('message-user')).toHaveCount(0);
  await expect(page.getByTestId('empty-state')).toBeVisible();
  await screenshot(page, testInfo, 'message-refused');
});

test('when the connection drops, a banner says so and the page reconnects by itself', async ({ page }, testInfo) => {
  // Every socket the page opens goes through this proxy, so the test can cut it.
  // (The proxy relays each token through Playwright, which is slow: replies are not awaited here.)
  const sockets: { page: WebSocketRoute; server: WebSocketRoute }[] = [];
  await page.routeWebSocket(/\/api\?token=/, (ws) => {
    sockets.push({ page: ws, server: ws.connectToServer() });
  });
  await openHearth(page);
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __banners: string[] }).__banners = seen;
    new MutationObserver(() => {
      const banner = document.querySelector('[data-testid="connection-banner"]');
      if (banner?.textContent) seen.push(banner.textContent);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });

  const first = sockets[0];
  if (first === undefined) throw new Error('the page opened no WebSocket');
  await first.server.close();
  await first.page.close();

  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __banners: string[] }).__banners))
    .toContain('Connection to Hearth lost — reconnecting…');
  await expect(page.getByTestId('connection-banner')).toHaveCount(0);
  expect(sockets.length).toBeGreaterThanOrEqual(2);

  // Back to normal: a message goes through and its reply starts.
  await expect(page.getByTestId('status-state')).toHaveAttribute('data-state', 'ready');
  await sendMessage(page, 'After the line came back');
  await expect(page.getByTestId('message-user').getByTestId('message-text')).toHaveText('After the line came back');
  const reply = page.getByTestId('message-assistant').last();
  await expect(reply.getByTestId('message-text')).not.toHaveText('');
  await screenshot(page, testInfo, 'reconnected');
  if ((await page.getByTestId('stop-button').count()) > 0) await page.getByTestId('stop-button').click();
  await expect(reply).toHaveAttribute('data-status', /^(complete|interrupted)$/);
});

test.describe('when Hearth stops', () => {
  let hearth: RunningHearth | undefined;

  test.beforeAll(async () => {
    hearth = await startHearth();
  });

  test.afterAll(async () => {
    await hearth?.stop();
  });

  test('the banner stays and a message cannot be sent, but its text is kept', async ({ page }, testInfo) => {
    if (hearth === undefined) throw new Error('Hearth did not start');
    await openHearth(page, hearth.url);
    await hearth.stop();

    const banner = page.getByTestId('connection-banner');
    await expect(banner).toContainText('Connection to Hearth lost — reconnecting…');
    await expect(page.getByTestId('status-state')).toHaveText('Not connected');
    await sendMessage(page, 'Is anyone there?');
    await expect(page.getByTestId('composer-error')).toContainText('Hearth is not connected right now.');
    await expect(page.getByTestId('composer-input')).toHaveValue('Is anyone there?');
    await expect(banner).toContainText('open the new address it prints', { timeout: 20_000 });
    await screenshot(page, testInfo, 'connection-lost');
  });
});
