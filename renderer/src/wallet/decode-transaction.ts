/**
 * What a transaction Hearth asks the wallet to sign does, in words, read
 * from its calldata with the ABI of exactly the calls Hearth makes. The
 * window decodes it itself rather than trusting the core's sentence, so the
 * review says what the bytes do. Anything else is reported as unreadable.
 */
import { decodeAbiParameters, decodeFunctionData, isAddressEqual, parseAbi, type Address, type Hex } from 'viem';
import type { MarketViewWire } from '../../../src/api/index.ts';
import type { MarketplaceChain } from './chains.ts';
import { formatEth, formatMor, shortHex } from './units.ts';

const morAbi = parseAbi(['function approve(address spender, uint256 amount) returns (bool)']);

const marketplaceAbi = parseAbi([
  'function openSession(address user_, uint256 amount_, bool isDirectPaymentFromUser_, bytes approvalEncoded_, bytes signature_) returns (bytes32)',
  'function closeSession(bytes receiptEncoded_, bytes signature_)',
  'function withdrawUserStakes(address user_, uint8 iterations_)',
]);

const delegateRegistryAbi = parseAbi([
  'function delegateContract(address to, address contract_, bytes32 rights, bool enable) payable returns (bytes32)',
]);

/** The provider's session approval that openSession carries. */
const approvalLayout = [
  { name: 'bidId', type: 'bytes32' },
  { name: 'chainId', type: 'uint256' },
  { name: 'user', type: 'address' },
  { name: 'timestamp', type: 'uint128' },
] as const;

export type TransactionKind = 'approve' | 'open' | 'close' | 'withdraw' | 'delegate' | 'transfer' | 'unknown';

export interface DecodedTransaction {
  kind: TransactionKind;
  /** What it does, as one sentence. */
  summary: string;
  /** The most it can take from the wallet, lower-case, to follow "Worst case: ". */
  worstCase: string;
  /** Facts to show beside the sentence: amounts, the provider, the bid. */
  details: { label: string; value: string }[];
}

export interface TransactionToDecode {
  to: Address;
  data: Hex;
  valueWei: string;
}

export interface DecodeContext {
  /** The marketplace on the request's chain, when Hearth knows it. */
  marketplace: MarketplaceChain | undefined;
  /** The market as the core last read it, to name an openSession's bid. */
  market: MarketViewWire | null;
}

const sameAddress = (a: Address, b: Address | undefined) => b !== undefined && isAddressEqual(a, b);

/** The decoded call, or null when the data is not one of this ABI's calls. */
function attempt<T>(decode: () => T): T | null {
  try {
    return decode();
  } catch {
    return null;
  }
}

function approve(spender: Address, amount: bigint, diamond: Address | undefined): DecodedTransaction {
  const who = sameAddress(spender, diamond) ? 'the Morpheus marketplace' : spender;
  const details = [{ label: 'Allowance', value: formatMor(amount) }];
  if (amount === 0n) {
    return { kind: 'approve', summary: `Stop ${who} from taking MOR from this wallet`, worstCase: 'nothing leaves this wallet', details };
  }
  return {
    kind: 'approve',
    summary: `Let ${who} take up to ${formatMor(amount)} from this wallet`,
    worstCase: `up to ${formatMor(amount)} can leave this wallet`,
    details,
  };
}

function findBid(market: MarketViewWire | null, bidId: Hex) {
  for (const model of market?.models ?? []) {
    const bid = model.bids.find((candidate) => candidate.id.toLowerCase() === bidId.toLowerCase());
    if (bid !== undefined) return { model, bid };
  }
  return null;
}

function openSession(amount: bigint, approvalEncoded: Hex, market: MarketViewWire | null): DecodedTransaction | null {
  let bidId: Hex;
  try {
    [bidId] = decodeAbiParameters(approvalLayout, approvalEncoded);
  } catch {
    return null;
  }
  const staked = formatMor(amount);
  const worstCase = `${staked} is staked from this wallet; the part the session does not use comes back when it closes`;
  const found = findBid(market, bidId);
  if (found === null) {
    return {
      kind: 'open',
      summary: `Open a session on bid ${shortHex(bidId)}, which is not in the market Hearth last read: at most ${staked}`,
      worstCase,
      details: [{ label: 'Bid', value: bidId }, { label: 'Stake', value: staked }],
    };
  }
  const { model, bid } = found;
  const price = BigInt(bid.pricePerSecondWei);
  const details = [
    { label: 'Provider', value: bid.provider },
    { label: 'Model', value: model.name },
    { label: 'Bid', value: bid.id },
    { label: 'Price', value: `${formatMor(price)} per second` },
    { label: 'Stake', value: staked },
  ];
  if (price === 0n) {
    return { kind: 'open', summary: `Open a session with provider ${shortHex(bid.provider)} for ${model.name}, staking ${staked}`, worstCase, details };
  }
  const minutes = amount / price / 60n;
  const duration = `${minutes} minute${minutes === 1n ? '' : 's'}`;
  return {
    kind: 'open',
    summary: `Open a session with provider ${shortHex(bid.provider)} for ${model.name}: up to ${duration} at ${formatMor(price)}/s, at most ${staked}`,
    worstCase,
    details,
  };
}

function delegate(agent: Address, enable: boolean): DecodedTransaction {
  if (!enable) {
    return { kind: 'delegate', summary: `Stop Hearth's session key ${shortHex(agent)} from acting for this wallet`, worstCase: 'nothing leaves this wallet', details: [{ label: 'Session key', value: agent }] };
  }
  return {
    kind: 'delegate',
    summary: `Let Hearth's session key ${shortHex(agent)} open and close Morpheus sessions for this wallet`,
    worstCase: "nothing leaves this wallet now; the session key can then stake this wallet's MOR in sessions, up to what the marketplace is allowed to take",
    details: [{ label: 'Session key', value: agent }],
  };
}

function unknown(data: Hex, value: bigint): DecodedTransaction {
  return {
    kind: 'unknown',
    summary: 'Hearth cannot read this transaction',
    worstCase: value > 0n
      ? `${formatEth(value)} leaves this wallet, and Hearth cannot tell what else the call may do`
      : 'Hearth cannot tell what this call may take from this wallet',
    // The address called is shown as the contract; its raw data is all there is to read.
    details: [{ label: 'Data', value: data === '0x' ? '(none)' : data }],
  };
}

/** What the transaction does, its worst case and its facts; `kind: 'unknown'` for a call Hearth does not make. */
export function decodeTransaction({ to, data, valueWei }: TransactionToDecode, { marketplace, market }: DecodeContext): DecodedTransaction {
  const value = BigInt(valueWei);
  if (data === '0x') {
    if (value === 0n) return unknown(data, value);
    return { kind: 'transfer', summary: `Send ${formatEth(value)} to ${to}`, worstCase: `${formatEth(value)} leaves this wallet`, details: [] };
  }
  // Hearth sends none of its calls with ETH: one that carries ETH is shown as unreadable rather than described without it.
  if (value !== 0n) return unknown(data, value);
  if (sameAddress(to, marketplace?.mor)) {
    const call = attempt(() => decodeFunctionData({ abi: morAbi, data }));
    if (call !== null) return approve(call.args[0], call.args[1], marketplace?.diamond);
  }
  if (sameAddress(to, marketplace?.diamond)) {
    const call = attempt(() => decodeFunctionData({ abi: marketplaceAbi, data }));
    if (call?.functionName === 'openSession') {
      const opened = openSession(call.args[1], call.args[3], market);
      if (opened !== null) return opened;
    }
    if (call?.functionName === 'closeSession') return { kind: 'close', summary: 'Close a session', worstCase: 'nothing leaves this wallet', details: [] };
    if (call?.functionName === 'withdrawUserStakes') {
      return { kind: 'withdraw', summary: 'Withdraw the released session stakes to this wallet', worstCase: 'nothing leaves this wallet', details: [] };
    }
  }
  // The delegation registry's address is read from the marketplace on the chain, so the window knows this call by its ABI alone.
  const call = attempt(() => decodeFunctionData({ abi: delegateRegistryAbi, data }));
  if (call !== null) return delegate(call.args[0], call.args[3]);
  return unknown(data, value);
}
