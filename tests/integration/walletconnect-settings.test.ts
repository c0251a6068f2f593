/**
 * WalletConnect's project id through the API contract, on a real core with
 * no marketplace configured: set, read, cleared, kept in the encrypted
 * settings across a restart, and a wrong id refused in words with nothing
 * changed. Each change is reported as a walletConnect.changed event, which
 * the hosts follow to open the page's policy to the relay.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WalletConnectSetting } from '../../src/api/contract.ts';
import type { EventMessage } from '../../src/api/wire.ts';
import { useTestCores } from '../helpers/test-cores.ts';
import { unlockedForTests } from '../helpers/vault.ts';

const projectId = '3f2a9c0d41b84e6f9a7d5c1e0b2f4a68';

let dir: string;
const cores = useTestCores(unlockedForTests);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-walletconnect-'));
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the WalletConnect project id through the API', () => {
  it('is set, read and cleared without a marketplace, each change reported, and survives a restart', async () => {
    const dataDir = path.join(dir, 'kept');
    const first = await cores.start(dataDir);
    const changes: unknown[] = [];
    first.on((message: EventMessage) => {
      if (message.event === 'walletConnect.changed') changes.push(message.payload);
    });
    expect(await first.call('market.chain', {})).toBeNull();
    expect(await first.call('walletConnect.get', {})).toEqual({ projectId: null });

    // Pasted with spaces around it and in capitals, it is kept as the dashboard writes it.
    expect(await first.call('walletConnect.set', { projectId: `  ${projectId.toUpperCase()}\n` })).toEqual({ projectId });
    expect(await first.call('walletConnect.get', {})).toEqual({ projectId });
    expect(changes).toEqual([{ projectId }]);
    await cores.stop(first);

    const second = await cores.start(dataDir);
    expect(await second.call('walletConnect.get', {})).toEqual({ projectId });
    expect(await second.call('walletConnect.set', { projectId: null })).toEqual({ projectId: null });
    await cores.stop(second);

    const third = await cores.start(dataDir);
    expect((await third.call('walletConnect.get', {})) as WalletConnectSetting).toEqual({ projectId: null });
  });

  it('refuses an id that is not 32 hexadecimal characters with a sentence, and keeps the one set', async () => {
    const core = await cores.start(path.join(dir, 'refused'));
    await core.call('walletConnect.set', { projectId });
    const changes: unknown[] = [];
    core.on((message: EventMessage) => {
      if (message.event === 'walletConnect.changed') changes.push(message.payload);
    });
    for (const wrong of ['', 'abc', `${projectId}0`, projectId.replace('f', 'g'), `${projectId.slice(0, 16)} ${projectId.slice(16)}`]) {
      await expect(core.call('walletConnect.set', { projectId: wrong })).rejects.toMatchObject({
        code: 'INVALID_REQUEST',
        shortMessage: 'That is not a WalletConnect project id: a project id is 32 characters, each a digit or a letter from a to f.',
        action: expect.stringContaining('Reown dashboard'),
      });
    }
    await expect(core.call('walletConnect.set', { projectId: 32 })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(core.call('walletConnect.set', {})).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    expect(await core.call('walletConnect.get', {})).toEqual({ projectId });
    expect(changes).toEqual([]);
  });
});
