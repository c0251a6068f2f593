/**
 * The market as Hearth reads it from a real Hardhat dev chain, with two real
 * provider processes bidding on the demo model at different prices: the
 * model with its name and tags, both bids ranked (the cheaper first, their
 * records being equal), each provider's endpoint and stake; a provider whose
 * pong is signed by someone else, and one killed, marked and left out; the
 * chain stopped, the last market kept and the reason shown; a chain that
 * was never there, retried.
 */
import { once } from 'node:events';
import net from 'node:net';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectChainClient } from '../../src/market/chain/client.ts';
import { devMarketSettings } from '../../src/market/devchain/deploy.ts';
import { chainConfigOf } from '../../src/market/devchain/deployment-file.ts';
import { devChainId } from '../../src/market/devchain/dev-accounts.ts';
import { freePort } from '../../src/market/devchain/hardhat-node.ts';
import { MarketView, type MarketViewState } from '../../src/market/market-view/market-view.ts';
import { emptySignature, encodePongResult, encodeRpcResponse, type Hex } from '../../src/market/morrpc/messages.ts';
import { withSignature } from '../../src/market/morrpc/signing.ts';
import { devPrivateKey, startDevMarket, type DevMarket } from '../helpers/dev-chain.ts';
import { demoModelPath } from '../helpers/models.ts';
import { startProviderProcess, type ProviderProcess } from '../helpers/provider-process.ts';

// Inside the marketplace's bid limits, with room for a cheaper bid below both.
const cheapPrice = 2n * devMarketSettings.bidMinPricePerSecond;
const dearPrice = 2n * cheapPrice;
const defaultStake = parseEther('0.2');

let chain: DevMarket;
let cheap: ProviderProcess;
let dear: ProviderProcess;
let view: MarketView;

const startProvider = (role: 'provider' | 'otherUser', price: bigint) => startProviderProcess({
  deploymentFile: chain.deploymentFile, privateKey: devPrivateKey(role), args: ['--model', demoModelPath, '--price-per-second', price.toString()],
});

/** The state after the next read the view makes on its own. */
const nextRead = (of: MarketView) => new Promise<MarketViewState>((resolve) => {
  const off = of.onChange((state) => { off(); resolve(state); });
});

/** A TCP server at an endpoint that answers every ping with a pong signed by a key of its own, not the provider's. */
async function impostorEndpoint(): Promise<net.Server> {
  const key = secp256k1.utils.randomSecretKey();
  const server = net.createServer((socket) => {
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString();
      let request: { id: string; params: { nonce: Hex } };
      try {
        request = JSON.parse(received);
      } catch {
        return;
      }
      const pong = withSignature({ nonce: request.params.nonce, version: 'impostor', signature: emptySignature }, encodePongResult, key);
      socket.end(encodeRpcResponse(request.id, { result: encodePongResult(pong) }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

beforeAll(async () => {
  chain = await startDevMarket();
  [cheap, dear] = await Promise.all([startProvider('otherUser', cheapPrice), startProvider('provider', dearPrice)]);
  view = new MarketView({ client: connectChainClient(chainConfigOf(chain.deployment)), retryMs: 20 });
}, 180_000);

afterAll(async () => {
  view?.stop();
  await Promise.all([cheap?.stop(), dear?.stop()]);
  await chain?.stop();
});

describe('the market read from the chain', () => {
  it('lists the model with its name and tags and both bids, ranked cheaper first, with each provider\u2019s endpoint and stake', async () => {
    const firstRead = nextRead(view);
    view.start();
    // Starting does not wait for the chain: the view answers at once, and says it is reading.
    expect(view.state).toMatchObject({ status: 'reading', snapshot: null });
    const state = await firstRead;

    expect(state.status).toBe('ready');
    expect(state.nextReadAt).toBeGreaterThan(0);
    const snapshot = state.snapshot!;
    expect(snapshot.chainId).toBe(devChainId);
    expect(snapshot.models).toHaveLength(1);
    const [model] = snapshot.models;
    expect(model).toMatchObject({ id: chain.deployment.model.id, name: 'stories260K', tags: ['llama'], skipped: [] });
    expect(model!.bids.map((bid) => [bid.id, bid.provider, bid.pricePerSecond])).toEqual([
      [cheap.bidId, cheap.address, cheapPrice],
      [dear.bidId, dear.address, dearPrice],
    ]);
    // No sessions yet: equal records, so the score is the price's inverse.
    expect(model!.bids[0]!.stats).toEqual(model!.bids[1]!.stats);
    expect(model!.bids[0]!.score / model!.bids[1]!.score).toBeCloseTo(2, 9);

    expect(snapshot.providers).toHaveLength(2);
    for (const provider of [cheap, dear]) {
      expect(snapshot.providers.find((p) => p.address === provider.address)).toMatchObject({
        endpoint: `127.0.0.1:${provider.port}`, stake: defaultStake, ping: { reachable: true },
      });
    }
  });

  it('leaves out a bid whose endpoint answers with a pong not signed by the provider registered there', async () => {
    const impostor = await impostorEndpoint();
    try {
      const { port } = impostor.address() as net.AddressInfo;
      const owner = chain.as('modelOwner');
      await owner.approveMor(parseEther('1'));
      await owner.registerProvider({ stake: defaultStake, endpoint: `127.0.0.1:${port}` });
      const { bidId } = await owner.postBid({ modelId: chain.deployment.model.id, pricePerSecond: devMarketSettings.bidMinPricePerSecond });

      const { snapshot } = await view.refresh();
      const [model] = snapshot!.models;
      // The cheapest bid of all, but its pong is a stranger's.
      expect(model!.bids.map((bid) => bid.id)).toEqual([cheap.bidId, dear.bidId]);
      expect(model!.skipped).toMatchObject([{ id: bidId, provider: owner.account, why: { code: 'MORRPC_BAD_SIGNATURE' } }]);
      expect(snapshot!.providers.find((p) => p.address === owner.account)?.ping).toMatchObject({ reachable: false, error: { code: 'MORRPC_BAD_SIGNATURE' } });
    } finally {
      impostor.close();
    }
  });

  it('marks a provider that was killed as unreachable and leaves its bid out at the next read', async () => {
    const exited = once(cheap.child, 'exit');
    cheap.child.kill('SIGKILL');
    await exited;

    const { status, snapshot } = await view.refresh();
    expect(status).toBe('ready');
    const [model] = snapshot!.models;
    expect(model!.bids.map((bid) => bid.id)).toEqual([dear.bidId]);
    const skipped = model!.skipped.find((bid) => bid.id === cheap.bidId);
    expect(skipped).toMatchObject({ provider: cheap.address, pricePerSecond: cheapPrice, why: { code: 'MARKET_PROVIDER_UNREACHABLE' } });
    expect(skipped!.why.message).toMatch(/did not answer/);
    expect(skipped!.why.details).toContain(`127.0.0.1:${cheap.port}`);
    expect(snapshot!.providers.find((p) => p.address === cheap.address)?.ping).toMatchObject({ reachable: false, error: { code: 'MARKET_PROVIDER_UNREACHABLE' } });
  });

  it('keeps the last market and says why when the chain stops answering, and keeps retrying', async () => {
    const before = view.state.snapshot;
    await chain.node.stop();

    const failed = await view.refresh();
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'CHAIN_UNREACHABLE', message: 'Hearth cannot reach the blockchain node.' });
    expect(failed.snapshot).toBe(before);
    expect(failed.failures).toBe(1);

    // Retried on its own, with the last market still there.
    const retried = await nextRead(view);
    expect(retried).toMatchObject({ status: 'failed', failures: 2, error: { code: 'CHAIN_UNREACHABLE' } });
    expect(retried.snapshot).toBe(before);
  });
});

describe('a market whose chain was never there', () => {
  it('says why, has nothing to show, and retries with the failures counted', async () => {
    const config = { chainId: devChainId, rpcUrl: `http://127.0.0.1:${await freePort()}`, diamond: `0x${'11'.repeat(20)}`, mor: `0x${'22'.repeat(20)}` } as const;
    const nowhere = new MarketView({ client: connectChainClient(config), retryMs: 10 });
    const failures: MarketViewState[] = [];
    const thirdFailure = new Promise<void>((resolve) => nowhere.onChange((state) => {
      failures.push(state);
      if (failures.length === 3) resolve();
    }));
    nowhere.start();
    try {
      await thirdFailure;
    } finally {
      nowhere.stop();
    }
    expect(failures.map((state) => [state.status, state.failures, state.error?.code, state.snapshot])).toEqual([
      ['failed', 1, 'CHAIN_UNREACHABLE', null], ['failed', 2, 'CHAIN_UNREACHABLE', null], ['failed', 3, 'CHAIN_UNREACHABLE', null],
    ]);
    expect(nowhere.state.nextReadAt).toBeUndefined();
  });
});
