import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { encodeErrorResult, parseAbi, UserRejectedRequestError } from 'viem';
import { describe, expect, it } from 'vitest';
import { HearthError } from '../../src/api/errors.ts';
import { sessionRouterAbi } from '../../src/market/abi/index.ts';
import { connectChainClient } from '../../src/market/chain/client.ts';
import { toChainError } from '../../src/market/chain/chain-error.ts';
import { decodeRevert } from '../../src/market/chain/revert-reasons.ts';
import { devAccount } from '../../src/market/devchain/dev-accounts.ts';
import { freePort } from '../../src/market/devchain/hardhat-node.ts';

const ourSpelling = parseAbi([
  'error SessionApproveExpired()',
  'error SessionApprovedForAnotherChainId()',
  'error SessionReceiptExpired()',
  'error SessionReceiptForAnotherChainId()',
]);

describe('chain errors a user sees', () => {
  it.each([
    ['SesssionApproveExpired', 'SessionApproveExpired', /approval has expired/],
    ['SesssionApprovedForAnotherChainId', 'SessionApprovedForAnotherChainId', /approval is for another blockchain network/],
    ['SesssionReceiptExpired', 'SessionReceiptExpired', /receipt has expired/],
    ['SesssionReceiptForAnotherChainId', 'SessionReceiptForAnotherChainId', /receipt is for another blockchain network/],
  ] as const)('%s (live bindings) and %s (contract source) read as the same sentence', (live, corrected, sentence) => {
    const fromLive = decodeRevert(encodeErrorResult({ abi: sessionRouterAbi, errorName: live }));
    const fromSource = decodeRevert(encodeErrorResult({ abi: ourSpelling, errorName: corrected }));
    expect(fromLive?.sentence).toMatch(sentence);
    expect(fromSource).toEqual(fromLive);
    expect(fromLive?.name).toBe(corrected);
  });

  it('reads a Solidity panic as a sentence naming what went wrong, never as raw data', () => {
    const panic = (code: bigint) => decodeRevert(encodeErrorResult({ abi: parseAbi(['error Panic(uint256 code)']), errorName: 'Panic', args: [code] }));
    expect(panic(0x11n)).toMatchObject({ name: 'Panic', args: [0x11n], sentence: expect.stringMatching(/calculation went below zero or overflowed \(Solidity panic 0x11\)/) });
    expect(panic(0x12n)?.sentence).toMatch(/divided by zero/);
    expect(panic(0x32n)?.sentence).toMatch(/read past the end of a list/);
    expect(panic(0x99n)?.sentence).toBe('The contract stopped with Solidity panic 0x99.');
    expect(panic(0x11n)?.action).toMatch(/^Nothing was spent but the network fee/);
  });

  it('reads a wallet’s “declined” (EIP-1193 code 4001) as the user’s choice, not as a chain that cannot be reached', () => {
    const declined = toChainError(new UserRejectedRequestError(new Error('User rejected the request.')), 'open a session');
    expect(declined.code).toBe('WALLET_REJECTED');
    expect(declined.message).toMatch(/declined the transaction in your wallet/);
    expect(declined.details).toMatch(/^open a session: /);
  });

  it('turns an unknown revert into no sentence rather than a wrong one', () => {
    expect(decodeRevert('0xdeadbeef')).toBeUndefined();
  });

  it('says the node cannot be reached when nothing listens at the RPC address', async () => {
    const port = await freePort();
    const client = connectChainClient({ chainId: 31337, rpcUrl: `http://127.0.0.1:${port}`, diamond: '0x0000000000000000000000000000000000000001', mor: '0x0000000000000000000000000000000000000002' });
    const error = await client.morBalance('0x0000000000000000000000000000000000000003').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(HearthError);
    expect((error as HearthError).code).toBe('CHAIN_UNREACHABLE');
    expect((error as HearthError).shortMessage).toBe('Hearth cannot reach the blockchain node.');
  });

  it('says the node is turning requests away when it answers 429, and that Hearth tries again', async () => {
    let requests = 0;
    const server = http.createServer((_request, response) => {
      requests += 1;
      response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' }).end('{"error":"too many requests"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const client = connectChainClient({ chainId: 31337, rpcUrl: `http://127.0.0.1:${port}`, diamond: '0x0000000000000000000000000000000000000001', mor: '0x0000000000000000000000000000000000000002' });
      const error = await client.morBalance('0x0000000000000000000000000000000000000003').catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({ code: 'CHAIN_RATE_LIMITED', shortMessage: 'The blockchain node is turning Hearth’s requests away for now (too many requests).' });
      expect(requests).toBeGreaterThan(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses Hardhat’s public test keys on any chain but the local dev chain', () => {
    expect(devAccount('user', 31337).address).toBe('0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC');
    for (const chainId of [1, 8453, 84532]) {
      expect(() => devAccount('user', chainId)).toThrow(expect.objectContaining({ code: 'CHAIN_DEV_KEYS_REFUSED' }));
    }
  });
});
