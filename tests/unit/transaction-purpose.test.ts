/**
 * The sentence the user reads before the wallet's own confirmation: amounts in
 * MOR and ETH as people write them, ids short enough to read.
 */
import { parseEther } from 'viem';
import { describe, expect, it } from 'vitest';
import { shortHex, transactionPurpose } from '../../src/market/chain/transaction-purpose.ts';

const bidId = '0x12ab000000000000000000000000000000000000000000000000000000003456';
const agent = '0x9f3c00000000000000000000000000000000c0de';

describe('what a transaction does, in words', () => {
  it('states MOR amounts in MOR, not in wei', () => {
    expect(transactionPurpose.allowMor(parseEther('25'))).toBe('Let the Morpheus marketplace take up to 25 MOR from this wallet');
    expect(transactionPurpose.allowMor(parseEther('0.0005'))).toBe('Let the Morpheus marketplace take up to 0.0005 MOR from this wallet');
    expect(transactionPurpose.allowMor(0n)).toBe('Stop the Morpheus marketplace from taking MOR from this wallet');
  });

  it('shortens ids and addresses, and names the wallet a session is opened for', () => {
    expect(transactionPurpose.openSession(bidId, parseEther('1'), undefined)).toBe('Open a session on bid 0x12ab…3456 staking 1 MOR');
    expect(transactionPurpose.openSession(bidId, parseEther('1'), agent)).toBe('Open a session on bid 0x12ab…3456 staking 1 MOR from wallet 0x9f3c…c0de');
    expect(transactionPurpose.fundSessionKey(agent, parseEther('0.01'))).toBe('Send 0.01 ETH to Hearth’s session key 0x9f3c…c0de, for its network fees');
    expect(shortHex('0x1234')).toBe('0x1234');
  });
});
