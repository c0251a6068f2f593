/**
 * The network fee a transaction would cost, asked of the connected wallet's
 * own provider (the node it trusts), not of Hearth: gas times gas price, in
 * ETH. A wallet that says the call reverts is telling that it would fail.
 */
import { numberToHex, type Address, type Hex } from 'viem';
import type { Config } from 'wagmi';
import { getConnectorClient } from 'wagmi/actions';
import { formatEth } from './units.ts';
import { isRevert, walletMessage } from './wallet-errors.ts';

export type FeeEstimate =
  | { state: 'estimating' }
  | { state: 'estimated'; feeWei: bigint }
  | { state: 'failed'; sentence: string };

export interface FeeQuery {
  from: Address;
  to: Address;
  data: Hex;
  valueWei: string;
  chainId: number;
}

export async function estimateFee(config: Config, { from, to, data, valueWei, chainId }: FeeQuery): Promise<FeeEstimate> {
  try {
    const client = await getConnectorClient(config, { chainId });
    const [gas, gasPrice] = await Promise.all([
      client.request({ method: 'eth_estimateGas', params: [{ from, to, data, value: numberToHex(BigInt(valueWei)) }] }),
      client.request({ method: 'eth_gasPrice' }),
    ]);
    return { state: 'estimated', feeWei: BigInt(gas) * BigInt(gasPrice) };
  } catch (failure) {
    if (isRevert(failure)) {
      return { state: 'failed', sentence: `Your wallet says this transaction would fail (it reverts), so confirming it would only spend the fee: ${walletMessage(failure)}` };
    }
    return { state: 'failed', sentence: `Your wallet could not estimate the network fee: ${walletMessage(failure)}` };
  }
}

/** "about 0.00004 ETH", or "less than 0.000001 ETH" for a fee too small to show. */
export function feeText(feeWei: bigint): string {
  const amount = formatEth(feeWei);
  return amount.startsWith('< ') ? `less than ${amount.slice(2)}` : `about ${amount}`;
}
