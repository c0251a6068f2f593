/**
 * The user's wallet connected in the window, on a real core, a real dev
 * chain and a real provider: the core never holds the wallet's key. Each
 * transaction reaches the window as a sign request with what it does in
 * words; here the window's part is played by this test, which has a dev
 * account sign and send each one through viem (as a wallet extension
 * would) and answers with the hash, or declines.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createWalletClient, http, type Hex, type LocalAccount, type TypedDataDefinition } from 'viem';
import { hardhat } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarketSessionView, Message, SignRequestEvent, WalletStatus } from '../../src/api/contract.ts';
import type { Core } from '../../src/core/core.ts';
import { chainConfigOf } from '../../src/market/devchain/deployment-file.ts';
import { devAccount, devChainId } from '../../src/market/devchain/dev-accounts.ts';
import { replyDone } from '../helpers/core-events.ts';
import { devPrivateKey, startDevMarket, type DevMarket } from '../helpers/dev-chain.ts';
import { startProviderProcess, type ProviderProcess } from '../helpers/provider-process.ts';
import { useTestCores } from '../helpers/test-cores.ts';
import { unlockedForTests } from '../helpers/vault.ts';

const user = devAccount('user', devChainId);
let dir: string;
let chain: DevMarket;
let provider: ProviderProcess;
const cores = useTestCores();

type TransactionSignRequest = Extract<SignRequestEvent, { kind: 'transaction' }>;

/** The window: answers every transaction sign request by having the wallet sign and send it, or by declining. */
function windowWallet(core: Core) {
  const wallet = createWalletClient({ account: user, chain: { ...hardhat, rpcUrls: { default: { http: [chain.rpcUrl] } } }, transport: http(chain.rpcUrl) });
  const asked: TransactionSignRequest[] = [];
  let decline = false;
  core.on(async (message) => {
    if (message.event !== 'wallet.signRequest') return;
    const request = message.payload as SignRequestEvent;
    if (request.kind !== 'transaction') return;
    asked.push(request);
    if (decline) {
      await core.call('wallet.answer', { id: request.id, rejected: true });
      return;
    }
    const hash = await wallet.sendTransaction({ to: request.to as Hex, data: request.data as Hex, value: BigInt(request.valueWei) });
    await core.call('wallet.answer', { id: request.id, hash });
  });
  return { asked, declineFromNowOn: () => { decline = true; } };
}

/**
 * The window's wallet signing what the core asks to be signed (the proof
 * that links it): typed data, or only text messages for a wallet that
 * cannot sign typed data; with another account's key, or declining.
 */
function signingWindow(core: Core, options: { typedData?: boolean; account?: LocalAccount; decline?: boolean } = {}) {
  const { typedData = true, account = user, decline = false } = options;
  const asked: SignRequestEvent[] = [];
  core.on(async (message) => {
    if (message.event !== 'wallet.signRequest') return;
    const request = message.payload as SignRequestEvent;
    if (request.kind === 'transaction') return;
    asked.push(request);
    if (decline) return void (await core.call('wallet.answer', { id: request.id, rejected: true }));
    if (request.kind === 'typedData' && !typedData) return void (await core.call('wallet.answer', { id: request.id, unsupported: true }));
    const signature = request.kind === 'typedData'
      ? await account.signTypedData(request.typedData as unknown as TypedDataDefinition)
      : await account.signMessage({ message: request.message });
    await core.call('wallet.answer', { id: request.id, signature });
  });
  return asked;
}

async function ask(core: Core, text: string): Promise<Message> {
  const sent = (await core.call('chat.send', { conversationId: null, text, target: { kind: 'provider', fallback: 'none' } })) as { assistantMessage: Message };
  return replyDone(core, sent.assistantMessage.id);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-window-wallet-'));
  chain = await startDevMarket();
  provider = await startProviderProcess({ deploymentFile: chain.deploymentFile, privateKey: devPrivateKey('provider') });
}, 180_000);

afterAll(async () => {
  await provider?.stop();
  await chain?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the wallet connected in the window', () => {
  it('signs every transaction the core prepares, each shown in words first; a declined one changes nothing', async () => {
    const core = await cores.start(path.join(dir, 'data'), {
      ...unlockedForTests, generation: { maxTokens: 16 }, market: { chain: chainConfigOf(chain.deployment), pingTimeoutMs: 2_000 },
    });
    const window = windowWallet(core);
    signingWindow(core);
    expect(await core.call('wallet.status', {})).toMatchObject({ connected: false });
    await expect(core.call('wallet.connect', { address: user.address, chainId: 1 })).rejects.toMatchObject({ code: 'WALLET_WRONG_NETWORK' });
    const connected = (await core.call('wallet.connect', { address: user.address, chainId: devChainId })) as WalletStatus;
    expect(connected).toMatchObject({ connected: true, address: user.address });
    await core.call('market.refresh', {});

    const reply = await ask(core, 'Once upon a time');
    expect(reply.status).toBe('complete');
    expect(window.asked.map((request) => request.purpose)).toEqual([
      expect.stringMatching(/^Let the Morpheus marketplace take up to [\d.]+ MOR from this wallet/),
      expect.stringMatching(/^Open a session/),
    ]);
    expect(reply.remote!.transactions).toHaveLength(2);
    const [session] = (await core.call('sessions.list', {})) as MarketSessionView[];
    expect(session!.transactions.map((transaction) => transaction.purpose)).toEqual(window.asked.map((request) => request.purpose));

    await core.call('sessions.close', { id: session!.id });
    expect(window.asked.at(-1)!.purpose).toMatch(/^Close session/);
    expect(await core.call('wallet.answer', { id: window.asked.at(-1)!.id, hash: `0x${'00'.repeat(32)}` })).toEqual({ accepted: false });

    window.declineFromNowOn();
    const onChainBefore = (await chain.as('user').getUserSessions(user.address)).length;
    const declined = await ask(core, 'The end');
    expect(declined).toMatchObject({ status: 'error', error: { code: 'WALLET_REJECTED', message: 'You declined the transaction in your wallet, so nothing was sent.' } });
    expect((await chain.as('user').getUserSessions(user.address)).length).toBe(onChainBefore);
    const after = (await core.call('wallet.disconnect', {})) as WalletStatus;
    expect(after.connected).toBe(false);
  }, 180_000);

  it('keeps what waits for a window that reloaded: the same wallet connecting again is shown the requests still unanswered', async () => {
    const core = await cores.start(path.join(dir, 'reloaded'), {
      ...unlockedForTests, generation: { maxTokens: 16 }, market: { chain: chainConfigOf(chain.deployment), pingTimeoutMs: 2_000 },
    });
    const wallet = createWalletClient({ account: user, chain: { ...hardhat, rpcUrls: { default: { http: [chain.rpcUrl] } } }, transport: http(chain.rpcUrl) });
    signingWindow(core);
    const asked: TransactionSignRequest[] = [];
    core.on((message) => {
      const request = message.payload as SignRequestEvent;
      if (message.event === 'wallet.signRequest' && request.kind === 'transaction') asked.push(request);
    });
    const nextRequest = async (count: number) => {
      await expect.poll(() => asked.length, { timeout: 60_000 }).toBe(count);
      return asked[count - 1]!;
    };
    await core.call('wallet.connect', { address: user.address, chainId: devChainId });
    await core.call('market.refresh', {});
    const sent = (await core.call('chat.send', { conversationId: null, text: 'Once upon a time', target: { kind: 'provider', fallback: 'none' } })) as { assistantMessage: Message };
    const first = await nextRequest(1);

    // The window reloads: its dialog is gone, and the wallet connects again as it was.
    expect(await core.call('wallet.connect', { address: user.address.toLowerCase(), chainId: devChainId })).toMatchObject({ connected: true });
    expect(await core.call('wallet.signRequests', {})).toEqual([first]);
    const hash = await wallet.sendTransaction({ to: first.to as Hex, data: first.data as Hex, value: BigInt(first.valueWei) });
    expect(await core.call('wallet.answer', { id: first.id, hash })).toEqual({ accepted: true });

    const second = await nextRequest(2);
    expect(await core.call('wallet.signRequests', {})).toEqual([second]);
    const opened = await wallet.sendTransaction({ to: second.to as Hex, data: second.data as Hex, value: BigInt(second.valueWei) });
    await core.call('wallet.answer', { id: second.id, hash: opened });
    expect(await replyDone(core, sent.assistantMessage.id)).toMatchObject({ status: 'complete' });
    expect(await core.call('wallet.signRequests', {})).toEqual([]);
  }, 180_000);

  it('links a wallet once it proved, with a typed-data signature that sends nothing, that it holds the address; not asked again', async () => {
    const dataDir = path.join(dir, 'proof');
    const options = { ...unlockedForTests, market: { chain: chainConfigOf(chain.deployment), pingTimeoutMs: 2_000 } };
    let core = await cores.start(dataDir, options);
    const asked = signingWindow(core);
    expect(await core.call('wallet.connect', { address: user.address, chainId: devChainId })).toMatchObject({ connected: true });
    expect(asked).toHaveLength(1);
    const [proof] = asked;
    expect(proof).toMatchObject({
      kind: 'typedData', chainId: devChainId,
      typedData: { domain: { name: 'Hearth', chainId: devChainId }, primaryType: 'LinkWallet', message: { wallet: user.address, statement: expect.stringContaining('sends nothing') } },
    });
    expect(proof!.purpose).toMatch(/prove that this wallet is yours/);

    await core.call('wallet.disconnect', {});
    await core.call('wallet.connect', { address: user.address, chainId: devChainId });
    await cores.stop(core);
    core = await cores.start(dataDir, options);
    const askedAfterRestart = signingWindow(core);
    expect(await core.call('wallet.connect', { address: user.address, chainId: devChainId })).toMatchObject({ connected: true });
    expect(asked).toHaveLength(1);
    expect(askedAfterRestart).toEqual([]);
  }, 120_000);

  it('a wallet that cannot sign typed data proves it with a text message', async () => {
    const core = await cores.start(path.join(dir, 'message-proof'), { ...unlockedForTests, market: { chain: chainConfigOf(chain.deployment), pingTimeoutMs: 2_000 } });
    const asked = signingWindow(core, { typedData: false });
    expect(await core.call('wallet.connect', { address: user.address, chainId: devChainId })).toMatchObject({ connected: true });
    expect(asked.map((request) => request.kind)).toEqual(['typedData', 'message']);
    const message = asked[1] as Extract<SignRequestEvent, { kind: 'message' }>;
    expect(message.message).toMatch(new RegExp(`^Hearth asks you to link this wallet\\.[\\s\\S]*Wallet: ${user.address}\\nChain ID: ${devChainId}\\n`));
  }, 120_000);

  it('a declined proof, or a signature from another address, links nothing', async () => {
    const options = { ...unlockedForTests, market: { chain: chainConfigOf(chain.deployment), pingTimeoutMs: 2_000 } };
    const declining = await cores.start(path.join(dir, 'declined-proof'), options);
    signingWindow(declining, { decline: true });
    const declined = declining.call('wallet.connect', { address: user.address, chainId: devChainId });
    await expect(declined).rejects.toMatchObject({ code: 'WALLET_REJECTED' });
    await expect(declined).rejects.toThrow('You declined the signature in your wallet, so nothing was signed.');
    expect(await declining.call('wallet.status', {})).toMatchObject({ connected: false });

    const impostor = await cores.start(path.join(dir, 'impostor-proof'), options);
    signingWindow(impostor, { account: devAccount('provider', devChainId) });
    await expect(impostor.call('wallet.connect', { address: user.address, chainId: devChainId })).rejects.toMatchObject({ code: 'WALLET_PROOF_FAILED' });
    expect(await impostor.call('wallet.status', {})).toMatchObject({ connected: false });
  }, 120_000);
});
