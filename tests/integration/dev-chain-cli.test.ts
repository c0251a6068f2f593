import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectChainClient } from '../../src/market/chain/client.ts';
import { chainConfigOf, readDeployment } from '../../src/market/devchain/deployment-file.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const root = path.resolve(import.meta.dirname, '../..');
const tempDir = useTempDirs();

describe('npm run chain', () => {
  it('starts a dev chain, writes where the marketplace is, serves it until Ctrl+C, then stops the node', async () => {
    const out = path.join(tempDir(), 'dev-chain.json');
    const child = spawn(process.execPath, ['src/cli/chain.ts', '--port', '0', '--out', out], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    try {
      const deadline = Date.now() + 60_000;
      while (!output.includes('Press Ctrl+C') && child.exitCode === null && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(output).toContain('chain id 31337');
      expect(output).toContain(`Deployment written to ${out}`);

      const deployment = readDeployment(out);
      expect(deployment).toMatchObject({ chainId: 31337, model: { name: 'stories260K' } });
      expect(deployment.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const market = connectChainClient(chainConfigOf(deployment));
      expect(await market.getActiveModelIds()).toEqual([deployment.model.id]);
      expect((await market.getModel(deployment.model.id)).name).toBe('stories260K');
      expect(await market.morBalance(deployment.accounts.user)).toBe(10n ** 24n);

      child.kill('SIGINT');
      await once(child, 'exit');
      const after = await market.getActiveModelIds().catch((error: { code?: string }) => error.code);
      expect(after).toBe('CHAIN_UNREACHABLE');
    } finally {
      if (child.exitCode === null) child.kill('SIGTERM');
    }
  });
});
