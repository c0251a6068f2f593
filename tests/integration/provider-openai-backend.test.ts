/**
 * A provider backed by an OpenAI-compatible HTTP server instead of its own
 * model. No llama.cpp server, vLLM or Ollama can be installed here, so a
 * small streaming server on 127.0.0.1 stands in for one (OpenAiStandIn).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectChainClient } from '../../src/market/chain/client.ts';
import { decodeReceipt } from '../../src/market/chain/signed-messages.ts';
import { chainConfigOf } from '../../src/market/devchain/deployment-file.ts';
import { devAccount, devChainId } from '../../src/market/devchain/dev-accounts.ts';
import { MorRpcClient } from '../../src/market/morrpc/client.ts';
import { devPrivateKey, startDevMarket, type DevMarket } from '../helpers/dev-chain.ts';
import { startProviderProcess, type ProviderProcess } from '../helpers/provider-process.ts';

/** Streams "Hello", ", ", "world" as chat-completion chunks, with usage, and records what it was asked. */
function startOpenAiStandIn(): Promise<{ url: string; requests: unknown[]; close(): Promise<void> }> {
  const requests: unknown[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    request.on('end', () => {
      if (request.url !== '/v1/chat/completions') {
        response.writeHead(404).end();
        return;
      }
      requests.push(JSON.parse(body));
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const content of ['Hello', ', ', 'world']) {
        response.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content } }] })}\n\n`);
      }
      response.write(`data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 11, completion_tokens: 3 } })}\n\n`);
      response.end('data: [DONE]\n\n');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

let chain: DevMarket;
let standIn: Awaited<ReturnType<typeof startOpenAiStandIn>>;
let provider: ProviderProcess;

beforeAll(async () => {
  chain = await startDevMarket();
  standIn = await startOpenAiStandIn();
  provider = await startProviderProcess({
    deploymentFile: chain.deploymentFile, privateKey: devPrivateKey('provider'), args: ['--backend-url', standIn.url, '--backend-model', 'qwen2.5-1.5b'],
  });
}, 180_000);

afterAll(async () => {
  await provider?.stop();
  await standIn?.close();
  await chain?.stop();
});

describe('a provider in front of an OpenAI-compatible server', () => {
  it('relays the streamed reply encrypted and signed, and reports the server\u2019s token counts', async () => {
    const user = devAccount('user', devChainId);
    const market = connectChainClient(chainConfigOf(chain.deployment), user);
    const client = new MorRpcClient({ host: provider.host, port: provider.port, sessionKey: secp256k1.utils.randomSecretKey() });
    const approval = await client.requestSession({ user: user.address, bidId: provider.bidId, spend: parseEther('1') });
    await market.approveMor(parseEther('1'));
    const { sessionId } = await market.openSession({ amount: parseEther('1'), directPayment: true, approval: approval.approval, approvalSignature: approval.approvalSig });

    const chunks: { model: string; choices: { delta: { content?: string } }[] }[] = [];
    const messages = [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Say hello <to> the world & me' }];
    await client.prompt(sessionId, JSON.stringify({ messages, max_tokens: 8 }), (chunk) => chunks.push(JSON.parse(chunk)));

    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Hello, world');
    expect(chunks[0]?.model).toBe('qwen2.5-1.5b');
    expect(standIn.requests).toEqual([expect.objectContaining({ messages, max_tokens: 8, stream: true, model: 'qwen2.5-1.5b' })]);

    const receipt = decodeReceipt((await client.report(sessionId)).message);
    expect(receipt).toMatchObject({ sessionId, inputTokens: 11, outputTokens: 3 });
  });
});
