/**
 * `npm run ask` from a terminal, against a real dev chain and a real
 * provider process: the reply streams to stdout, the cost and the
 * transactions follow, and the session it opened is closed before it ends.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devAccount, devChainId } from '../../src/market/devchain/dev-accounts.ts';
import { devPrivateKey, startDevMarket, type DevMarket } from '../helpers/dev-chain.ts';
import { startProviderProcess, type ProviderProcess } from '../helpers/provider-process.ts';

const root = path.resolve(import.meta.dirname, '../..');
let chain: DevMarket;
let provider: ProviderProcess;

function ask(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['src/cli/ask.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

beforeAll(async () => {
  chain = await startDevMarket();
  provider = await startProviderProcess({ deploymentFile: chain.deploymentFile, privateKey: devPrivateKey('provider') });
}, 180_000);

afterAll(async () => {
  await provider?.stop();
  await chain?.stop();
});

describe('npm run ask', () => {
  it('streams a provider’s reply, then says what it cost and which transactions it caused, and closes the session', async () => {
    const { code, stdout, stderr } = await ask(['--chain-config', chain.deploymentFile, 'Once upon a time']);
    expect(stderr).not.toMatch(/Error|error/);
    expect(code).toBe(0);
    expect(stdout.trim().length).toBeGreaterThan(0);
    expect(stderr).toContain(`Provider   ${provider.address}`);
    expect(stderr).toMatch(/cost \d+(\.\d+)? MOR/);
    const transactions = [...stderr.matchAll(/Transaction (0x[0-9a-f]{64})/g)].map((match) => match[1] as Hex);
    expect(transactions.length).toBeGreaterThanOrEqual(2);
    const sessionId = /Session {4}(0x[0-9a-f]{64})/.exec(stderr)![1] as Hex;
    const session = await chain.as('user').getSession(sessionId);
    expect(session.user.toLowerCase()).toBe(devAccount('user', devChainId).address.toLowerCase());
    expect(session.closedAt).toBeGreaterThan(0n);
  }, 120_000);

  it('says in a sentence why it cannot ask, and exits with 1', async () => {
    const noQuestion = await ask(['--chain-config', chain.deploymentFile]);
    expect(noQuestion).toMatchObject({ code: 1, stderr: expect.stringContaining('Ask a question.') });
    const noBid = await ask(['--chain-config', chain.deploymentFile, '--bid', `0x${'12'.repeat(32)}`, 'Hello']);
    expect(noBid.code).toBe(1);
    expect(noBid.stderr).toContain('That bid is no longer on the marketplace.');
  }, 60_000);
});
