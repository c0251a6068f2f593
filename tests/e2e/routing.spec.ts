/**
 * Where a question runs, in Hearth's window, against a real dev chain, two
 * real providers and a Hearth host that reads their marketplace
 * (dev-market.ts), with the test wallet signing as the dev user: in
 * Automatic mode a prompt too long for this computer's model is previewed
 * (why, the worst case, above the amount the person asked to be asked
 * at, exactly what would leave, an e-mail address only as a placeholder)
 * before a provider writes it; a short one stays here with
 * no preview; local-only mode names no provider anywhere and asks nothing
 * of the wallet. The tests run in order, on one host.
 */
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { devChainId } from '../../src/market/devchain/dev-accounts.ts';
import { writeLlamaGguf } from '../../src/models/gguf/write-llama-gguf.ts';
import { sendMessage } from './chat-actions.ts';
import { startHearthMarket, type HearthMarket } from './dev-market.ts';
import { tempDir } from './hearth-server.ts';
import { failOnPageProblems, lastReply, openHearthAt, screenshot, waitForReply } from './page-watch.ts';
import { installTestWallet, type TestWallet } from './test-wallet.ts';
import { connectWallet, hexShown, reviewDialog } from './wallet-steps.ts';

test.describe.configure({ mode: 'serial' });

const email = 'ada.lovelace@example.org';
// About 8,300 characters: some 2,100 tokens as the policy counts them (four bytes a token), more than the
// 1,536 the demo model's context (2,048) leaves for a message (3,600 real tokens there); 3,200 real tokens
// in the providers' model, whose context (8,192) holds them.
const longPrompt = `Please send the story to ${email} when it is done. ${'Once upon a time a little fire was warm at home at night, and the light was good. '.repeat(100)}`;

let market: HearthMarket | undefined;
let modelDir: string | undefined;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  modelDir = tempDir('hearth-e2e-routing-model-');
  market = await startHearthMarket({ providerModelPath: await writeLongContextModel(modelDir) });
});

/** The providers' model: random weights, with a context and a vocabulary that hold the long prompt. */
async function writeLongContextModel(dir: string): Promise<string> {
  const file = path.join(dir, 'long-context.gguf');
  await writeLlamaGguf(file, { width: 256, layers: 4, ffn: 512, heads: 4, vocabSize: 4000, contextLength: 8192, type: 'q8_0' });
  return file;
}

test.afterAll(async () => {
  await market?.stop();
  if (modelDir !== undefined) fs.rmSync(modelDir, { recursive: true, force: true });
});

function started(): HearthMarket {
  if (market === undefined) throw new Error('the dev market and its Hearth host did not start');
  return market;
}

failOnPageProblems();

async function openWithWallet(page: Page): Promise<TestWallet> {
  const wallet = await installTestWallet(page, { rpcUrl: started().chain.rpcUrl, chainId: devChainId });
  await openHearthAt(page, started().hearth.url);
  return wallet;
}

const previewDialog = (page: Page) => page.getByRole('dialog', { name: 'Send this message to a provider?' });
const replyFrom = (page: Page) => page.getByLabel('Reply from');
const chat = (page: Page) => page.getByRole('main', { name: 'Chat' });

/** Reads the transaction review (it must say `says`), confirms it, and waits until the wallet sent it. */
async function confirmReview(page: Page, wallet: TestWallet, says: string | RegExp): Promise<void> {
  const sentBefore = wallet.transactions.length;
  await expect(reviewDialog(page)).toContainText(says, { timeout: 60_000 });
  await reviewDialog(page).getByRole('button', { name: 'Confirm in wallet' }).click();
  await expect.poll(() => wallet.transactions.length, { timeout: 30_000 }).toBe(sentBefore + 1);
}

test('Automatic: a prompt too long for this computer is previewed, redacted, then written by a provider whose reply says why and what left', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  const { cheap } = started();
  const wallet = await openWithWallet(page);
  await connectWallet(page, wallet);
  // Asked above a tiny amount: this reply's worst case is above it, and the preview says so.
  await page.getByTestId('routing-threshold').fill('0.000001');
  await page.getByTestId('routing-threshold-save').click();
  await expect(page.getByTestId('routing-threshold-now')).toContainText('Now: asks above');
  await page.getByTestId('nav-chat').click();
  await expect(replyFrom(page)).toHaveValue('auto');

  await sendMessage(page, longPrompt);
  const dialog = previewDialog(page);
  await expect(dialog).toBeVisible({ timeout: 30_000 });
  await expect(dialog.getByTestId('route-preview-reason')).toContainText("does not fit this computer's model");
  await expect(dialog.getByTestId('route-preview-worst-case')).toContainText(/Worst case: [\d.]+ MOR/);
  await expect(dialog.getByTestId('route-preview-worst-case')).toContainText('more than the amount above which you asked to be asked');
  await expect(dialog.getByTestId('route-preview-redacted')).toContainText('1 e-mail address replaced by a placeholder');
  const sent = dialog.getByTestId('route-preview-text');
  await expect(sent).toContainText('[EMAIL_1]');
  await expect(sent).toContainText('Once upon a time a little fire');
  await expect(sent).not.toContainText(email);
  // Nothing has left yet: no message in the chat, the text still in the composer, nothing asked of the wallet.
  await expect(page.getByTestId('message-user')).toHaveCount(0);
  await expect(page.getByTestId('composer-input')).toHaveValue(longPrompt);
  expect(wallet.transactions).toEqual([]);
  await screenshot(page, testInfo, 'route-preview');

  await dialog.getByRole('button', { name: 'Send to provider' }).click();
  await expect(dialog).toHaveCount(0);
  await confirmReview(page, wallet, 'Let the Morpheus marketplace take up to');
  await confirmReview(page, wallet, hexShown(cheap.address));
  await waitForReply(page, 120_000);
  const reply = lastReply(page);
  await expect(reply).toHaveAttribute('data-status', 'complete');
  await expect(page.getByTestId('composer-input')).toHaveValue('');
  await expect(reply.getByTestId('message-route')).toContainText("Sent to a provider: the prompt");
  await expect(reply.getByTestId('message-route')).toContainText("does not fit this computer's model");
  await expect(reply.getByRole('button', { name: 'Write again here' })).toBeVisible();
  await reply.getByTestId('message-route').scrollIntoViewIfNeeded();
  await screenshot(page, testInfo, 'route-provider-line');

  await reply.getByTestId('remote-badge').click();
  const panel = reply.getByTestId('remote-reply-panel');
  await expect(panel.getByTestId('remote-redacted')).toContainText('1 e-mail address replaced by a placeholder');
  await panel.getByText('Show the text that was sent').click();
  await expect(panel.getByTestId('remote-sent-text')).toBeVisible();
  await expect(panel.getByTestId('remote-sent-text')).toContainText('[EMAIL_1]');
  await expect(panel).not.toContainText(email);
  await screenshot(page, testInfo, 'route-provider-reply');
});

test('Automatic: a short question stays on this computer with no preview, its reply says why; a private conversation offers no provider', async ({ page }, testInfo) => {
  await openHearthAt(page, started().hearth.url);
  await expect(replyFrom(page)).toHaveValue('auto');
  await sendMessage(page, 'Once upon a time');
  await waitForReply(page);
  const reply = lastReply(page);
  await expect(reply).toHaveAttribute('data-status', 'complete');
  await expect(reply.getByTestId('message-route')).toHaveText(/^Answered here: a short question/);
  await expect(reply.getByTestId('remote-badge')).toHaveCount(0);
  await expect(previewDialog(page)).toHaveCount(0);
  await expect(reply.getByRole('button', { name: 'Write again on a provider' })).toBeVisible();
  await screenshot(page, testInfo, 'route-local-reply');

  await page.getByRole('switch', { name: 'Private' }).check();
  await expect(replyFrom(page).locator('option')).toHaveText(['Automatic — Hearth decides', 'This computer']);
  await expect(reply.getByRole('button', { name: 'Write again on a provider' })).toHaveCount(0);
  await screenshot(page, testInfo, 'route-private');
  // Kept after a reload: the conversation itself is private.
  await page.reload();
  await expect(page.getByRole('switch', { name: 'Private' })).toBeChecked({ timeout: 30_000 });
});

test('local-only mode, set on the Wallet page: no provider anywhere in the chat, a long prompt stays here, nothing asked of the wallet', async ({ page }, testInfo) => {
  // Every address the page reaches, from its first request on: all must be this computer's.
  const reached: string[] = [];
  const record = (url: string) => {
    const { protocol, hostname } = new URL(url);
    if (/^(https?|wss?):$/.test(protocol)) reached.push(hostname);
  };
  page.on('request', (request) => record(request.url()));
  page.on('websocket', (socket) => record(socket.url()));
  const wallet = await openWithWallet(page);
  await page.getByTestId('nav-wallet').click();
  const section = page.getByRole('region', { name: 'Where questions run' });
  await section.getByRole('radio', { name: 'This computer only' }).check();
  await expect(section.getByRole('radio', { name: 'This computer only' })).toBeChecked();
  await screenshot(page, testInfo, 'routing-settings-local-only');

  await page.getByTestId('nav-chat').click();
  await expect(replyFrom(page).locator('option')).toHaveText(['This computer']);
  await expect(page.getByTestId('reply-worst-case')).toHaveCount(0);
  await sendMessage(page, longPrompt);
  await waitForReply(page);
  const reply = lastReply(page);
  await expect(reply).toHaveAttribute('data-status', 'error');
  await expect(reply.getByTestId('message-error')).toContainText('too long');
  await expect(previewDialog(page)).toHaveCount(0);
  await expect(reviewDialog(page)).toHaveCount(0);
  await expect(chat(page)).not.toContainText(/provider|MOR\b/i);
  await expect(page.getByTestId('rewrite-provider-button')).toHaveCount(0);
  await screenshot(page, testInfo, 'route-local-only');
  expect(wallet.requests.filter((method) => /send|sign/i.test(method))).toEqual([]);
  expect(wallet.transactions).toEqual([]);
  expect(reached.length).toBeGreaterThan(0);
  expect([...new Set(reached)]).toEqual(['127.0.0.1']);
});
