/**
 * The review's reading of a transaction, from real calldata encoded here
 * with viem: each call Hearth makes in words, with its amounts in MOR, its
 * worst case, and anything else reported as unreadable.
 */
import { encodeAbiParameters, encodeFunctionData, parseAbi, parseEther, type Address, type Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import type { MarketViewWire } from '../../../src/api/index.ts';
import { knownMarketplaces, marketplaceChains } from '../../../renderer/src/wallet/chains.ts';
import { decodeTransaction } from '../../../renderer/src/wallet/decode-transaction.ts';

const base = knownMarketplaces[0]!;
const { diamond, mor } = base;
const user: Address = '0x1111111111111111111111111111111111111111';
const provider: Address = '0x1200000000000000000000000000000000003456';
const agent: Address = '0x9700000000000000000000000000000000004444';
const bidId: Hex = `0x${'b1'.repeat(32)}`;

const abi = parseAbi([
  'function approve(address spender, uint256 amount) returns (bool)',
  'function openSession(address user_, uint256 amount_, bool isDirectPaymentFromUser_, bytes approvalEncoded_, bytes signature_) returns (bytes32)',
  'function closeSession(bytes receiptEncoded_, bytes signature_)',
  'function withdrawUserStakes(address user_, uint8 iterations_)',
  'function delegateContract(address to, address contract_, bytes32 rights, bool enable) payable returns (bytes32)',
  'function transfer(address to, uint256 amount) returns (bool)',
]);

const market: MarketViewWire = {
  status: 'ready',
  chainId: 8453,
  readAt: 0,
  models: [
    {
      id: `0x${'0d'.repeat(32)}`,
      name: 'stories260K',
      tags: [],
      bids: [
        {
          id: bidId,
          provider,
          endpoint: 'provider.example:3333',
          pricePerSecondWei: parseEther('0.0003').toString(),
          score: 1,
          leftOut: null,
          stats: { tokensPerSecond: 0, ttftMs: 0, seconds: 0, successCount: 0, totalCount: 0 },
        },
      ],
    },
  ],
};

const context = { marketplace: base, market };

function openSessionData(amount: bigint, bid: Hex = bidId): Hex {
  const approval = encodeAbiParameters(
    [{ type: 'bytes32' }, { type: 'uint256' }, { type: 'address' }, { type: 'uint128' }],
    [bid, 8453n, user, 1_700_000_000n],
  );
  return encodeFunctionData({ abi, functionName: 'openSession', args: [user, amount, false, approval, '0x1234'] });
}

describe('reading the MOR approval', () => {
  it('names the marketplace as the spender and says how much it may take', () => {
    const data = encodeFunctionData({ abi, functionName: 'approve', args: [diamond, parseEther('25')] });
    const decoded = decodeTransaction({ to: mor, data, valueWei: '0' }, context);
    expect(decoded.kind).toBe('approve');
    expect(decoded.summary).toBe('Let the Morpheus marketplace take up to 25 MOR from this wallet');
    expect(decoded.worstCase).toBe('up to 25 MOR can leave this wallet');
    expect(decoded.details).toEqual([{ label: 'Allowance', value: '25 MOR' }]);
  });

  it('says an approval of 0 stops the marketplace, and that nothing leaves', () => {
    const data = encodeFunctionData({ abi, functionName: 'approve', args: [diamond, 0n] });
    const decoded = decodeTransaction({ to: mor, data, valueWei: '0' }, context);
    expect(decoded.summary).toBe('Stop the Morpheus marketplace from taking MOR from this wallet');
    expect(decoded.worstCase).toBe('nothing leaves this wallet');
  });

  it('names another spender by its address, with MOR decimals kept', () => {
    const data = encodeFunctionData({ abi, functionName: 'approve', args: [provider, parseEther('0.54')] });
    const decoded = decodeTransaction({ to: mor, data, valueWei: '0' }, context);
    expect(decoded.summary).toBe(`Let ${provider} take up to 0.54 MOR from this wallet`);
  });

  it('does not read an approval on another token as MOR', () => {
    const data = encodeFunctionData({ abi, functionName: 'approve', args: [diamond, parseEther('25')] });
    const decoded = decodeTransaction({ to: provider, data, valueWei: '0' }, context);
    expect(decoded.kind).toBe('unknown');
  });
});

describe('reading a session opening', () => {
  it('names the provider, the model, the time the stake buys, the price and the most it costs', () => {
    const decoded = decodeTransaction({ to: diamond, data: openSessionData(parseEther('0.54')), valueWei: '0' }, context);
    expect(decoded.kind).toBe('open');
    expect(decoded.summary).toBe('Open a session with provider 0x1200…3456 for stories260K: up to 30 minutes at 0.0003 MOR/s, at most 0.54 MOR');
    expect(decoded.worstCase).toBe('0.54 MOR is staked from this wallet; the part the session does not use comes back when it closes');
    expect(decoded.details).toContainEqual({ label: 'Provider', value: provider });
    expect(decoded.details).toContainEqual({ label: 'Stake', value: '0.54 MOR' });
  });

  it('rounds the minutes down', () => {
    const decoded = decodeTransaction({ to: diamond, data: openSessionData(parseEther('0.0359')), valueWei: '0' }, context);
    expect(decoded.summary).toContain('up to 1 minute at 0.0003 MOR/s');
  });

  it('says when the bid is not in the market Hearth read, and shows its id', () => {
    const unknownBid: Hex = `0x${'ee'.repeat(32)}`;
    const decoded = decodeTransaction({ to: diamond, data: openSessionData(parseEther('1'), unknownBid), valueWei: '0' }, context);
    expect(decoded.kind).toBe('open');
    expect(decoded.summary).toBe('Open a session on bid 0xeeee…eeee, which is not in the market Hearth last read: at most 1 MOR');
    expect(decoded.details).toContainEqual({ label: 'Bid', value: unknownBid });
    expect(decodeTransaction({ to: diamond, data: openSessionData(parseEther('1')), valueWei: '0' }, { ...context, market: null }).summary).toContain('not in the market');
  });
});

describe('reading the other calls Hearth makes', () => {
  it('closes a session, and nothing leaves', () => {
    const data = encodeFunctionData({ abi, functionName: 'closeSession', args: ['0xaa', '0xbb'] });
    const decoded = decodeTransaction({ to: diamond, data, valueWei: '0' }, context);
    expect([decoded.kind, decoded.summary, decoded.worstCase]).toEqual(['close', 'Close a session', 'nothing leaves this wallet']);
  });

  it('withdraws released stakes to this wallet', () => {
    const data = encodeFunctionData({ abi, functionName: 'withdrawUserStakes', args: [user, 20] });
    const decoded = decodeTransaction({ to: diamond, data, valueWei: '0' }, context);
    expect([decoded.kind, decoded.summary]).toEqual(['withdraw', 'Withdraw the released session stakes to this wallet']);
  });

  it("grants and withdraws the session key's rights in the delegation registry", () => {
    const registry: Address = '0x00000000000000447e69651d841bD8D104Bed493';
    const grant = encodeFunctionData({ abi, functionName: 'delegateContract', args: [agent, diamond, `0x${'00'.repeat(32)}`, true] });
    const revoke = encodeFunctionData({ abi, functionName: 'delegateContract', args: [agent, diamond, `0x${'00'.repeat(32)}`, false] });
    expect(decodeTransaction({ to: registry, data: grant, valueWei: '0' }, context).summary).toBe("Let Hearth's session key 0x9700…4444 open and close Morpheus sessions for this wallet");
    const stopped = decodeTransaction({ to: registry, data: revoke, valueWei: '0' }, context);
    expect(stopped.summary).toBe("Stop Hearth's session key 0x9700…4444 from acting for this wallet");
    expect(stopped.worstCase).toBe('nothing leaves this wallet');
  });

  it('sends ETH with no data as a plain transfer', () => {
    const decoded = decodeTransaction({ to: agent, data: '0x', valueWei: parseEther('0.01').toString() }, context);
    expect(decoded.kind).toBe('transfer');
    expect(decoded.summary).toBe(`Send 0.01 ETH to ${agent}`);
    expect(decoded.worstCase).toBe('0.01 ETH leaves this wallet');
  });
});

describe('a transaction Hearth cannot read', () => {
  it('says so for a call Hearth does not make, and shows its raw data', () => {
    const data = encodeFunctionData({ abi, functionName: 'transfer', args: [provider, parseEther('5')] });
    const decoded = decodeTransaction({ to: mor, data, valueWei: '0' }, context);
    expect(decoded.kind).toBe('unknown');
    expect(decoded.summary).toBe('Hearth cannot read this transaction');
    expect(decoded.worstCase).toBe('Hearth cannot tell what this call may take from this wallet');
    expect(decoded.details).toEqual([{ label: 'Data', value: data }]);
  });

  it('says so for a marketplace call sent to another address, or carrying ETH', () => {
    const data = encodeFunctionData({ abi, functionName: 'withdrawUserStakes', args: [user, 20] });
    expect(decodeTransaction({ to: provider, data, valueWei: '0' }, context).kind).toBe('unknown');
    const withEth = decodeTransaction({ to: diamond, data, valueWei: parseEther('1').toString() }, context);
    expect(withEth.kind).toBe('unknown');
    expect(withEth.worstCase).toBe('1 ETH leaves this wallet, and Hearth cannot tell what else the call may do');
  });

  it('says so for garbage data, and for calls on a chain whose contracts it does not know', () => {
    expect(decodeTransaction({ to: diamond, data: '0xdeadbeef', valueWei: '0' }, context).kind).toBe('unknown');
    const approve = encodeFunctionData({ abi, functionName: 'approve', args: [diamond, 1n] });
    expect(decodeTransaction({ to: mor, data: approve, valueWei: '0' }, { marketplace: undefined, market }).kind).toBe('unknown');
  });
});

describe('the configured marketplace', () => {
  it('comes first, with the core’s contracts, and a dev chain gets its name', () => {
    const dev = { chainId: 31337, rpcUrl: 'http://127.0.0.1:8545', diamond: provider, mor: agent };
    const [own, ...others] = marketplaceChains(dev);
    expect(own.chain.name).toBe('Hearth dev chain');
    expect([own.diamond, own.mor, own.rpcUrl]).toEqual([provider, agent, 'http://127.0.0.1:8545']);
    expect(others.map((entry) => entry.chain.id)).toEqual([8453, 84532]);
    expect(marketplaceChains(null).map((entry) => entry.chain.name)).toEqual(['Base', 'Base Sepolia']);
  });
});
