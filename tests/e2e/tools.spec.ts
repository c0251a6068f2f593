/**
 * Tools as a person meets them: add the test MCP server on the Tools page
 * and see its tools; in chat, the local model (made to call a tool in each
 * reply's first round, HEARTH_FORCE_TOOL_CALL) asks first; allowed once,
 * the tool runs and the reply goes on; refused, it does not run; after a
 * reload both records are still there. Readable in light and dark.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { sendMessage } from './chat-actions.ts';
import { projectNode, repoRoot, startHearth, type RunningHearth } from './hearth-server.ts';

const testServerPath = path.join(repoRoot, 'tests', 'fixtures', 'mcp-test-server.ts');

let hearth: RunningHearth;

test.beforeAll(async () => {
  hearth = await startHearth({ env: { HEARTH_FORCE_TOOL_CALL: '1' } });
});

test.afterAll(async () => {
  await hearth.stop();
});

async function expectReadable(page: Page, selector: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const { violations } = await new AxeBuilder({ page }).include(selector).withRules(['color-contrast']).analyze();
    expect.soft(violations.flatMap((result) => result.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`)), `${selector} in ${scheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: null });
}

test('a tool server added on the Tools page gives the model tools it uses only with the person\u2019s approval', async ({ page }, testInfo) => {
  await page.goto(hearth.url);
  await expect(page.getByTestId('status-state')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });

  await page.getByTestId('nav-tools').click();
  await expect(page.getByTestId('tools-empty')).toBeVisible();
  await page.getByTestId('tool-server-name').fill('Test tools');
  await page.getByTestId('tool-server-command').fill(projectNode);
  await page.getByTestId('tool-server-args').fill(testServerPath);
  await page.getByTestId('tool-server-env').fill('MCP_TEST_TOOLS=add_numbers,lookup_word');
  await page.getByTestId('tool-server-add').click();
  const server = page.getByTestId('tool-server');
  await expect(server).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
  await expect(server.getByTestId('tool-name')).toHaveText(['add_numbers', 'lookup_word']);
  await expectReadable(page, '[data-testid="tools-page"]');
  await page.screenshot({ path: testInfo.outputPath('tools-page.png') });

  await page.getByTestId('nav-chat').click();
  await sendMessage(page, 'What is 2 plus 3?');
  const firstReply = page.getByTestId('message-assistant').last();
  const approval = firstReply.getByTestId('tool-approval');
  await expect(approval).toBeVisible({ timeout: 30_000 });
  await expect(approval).toContainText(/Hearth wants to use (add_numbers|lookup_word) from Test tools/);
  await expectReadable(page, '[data-testid="tool-approval"]');
  await page.screenshot({ path: testInfo.outputPath('tool-approval.png') });
  await approval.getByTestId('tool-allow-once').click();
  await expect(firstReply).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
  const done = firstReply.getByTestId('tool-call');
  await expect(done).toHaveAttribute('data-status', 'done');
  await expect(done.getByTestId('tool-call-status')).toContainText('allowed once');
  await done.getByText('Result').click();
  await expect(done.getByTestId('tool-call-result')).not.toBeEmpty();
  await expect(firstReply.getByTestId('message-text')).not.toBeEmpty();

  await sendMessage(page, 'And 4 plus 5?');
  const secondReply = page.getByTestId('message-assistant').last();
  await secondReply.getByTestId('tool-refuse').click({ timeout: 30_000 });
  await expect(secondReply).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
  await expect(secondReply.getByTestId('tool-call')).toHaveAttribute('data-status', 'refused');
  await expect(secondReply.getByTestId('tool-call-status')).toContainText('refused');
  await expectReadable(page, '.tool-calls');
  await page.screenshot({ path: testInfo.outputPath('tool-calls.png') });

  await page.reload();
  await expect(page.getByTestId('status-state')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  const records = page.getByTestId('tool-call');
  await expect(records).toHaveCount(2);
  await expect(records.nth(0)).toHaveAttribute('data-status', 'done');
  await expect(records.nth(1)).toHaveAttribute('data-status', 'refused');
});
