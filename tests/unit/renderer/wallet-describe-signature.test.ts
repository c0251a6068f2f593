/**
 * The review's reading of a signature: the proof the core asks to link a
 * wallet (made here by the core's own code, as typed data and as a text
 * message) is said plainly, with nothing at stake; any other typed data or
 * message is reported as unreadable, with a warning.
 */
import { describe, expect, it } from 'vitest';
import { describeMessage, describeTypedData } from '../../../renderer/src/wallet/describe-signature.ts';
import { linkMessage, linkTypedData } from '../../../src/wallet/wallet-link-proof.ts';

const wallet = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const claim = { wallet, chainId: 8453, issuedAt: '2026-12-05T18:00:00.000Z', nonce: '00ff' } as const;

describe('a signature in words', () => {
  it('reads the typed-data proof that links a wallet: what it proves, its fields, and that nothing is sent', () => {
    const described = describeTypedData(linkTypedData(claim));
    expect(described.kind).toBe('link');
    expect(described.summary).toBe('Prove that 0x7099…79C8 is your wallet, so that Hearth may ask it to sign. This sends nothing.');
    expect(described.details).toEqual([
      { label: 'Wallet', value: wallet },
      { label: 'Statement', value: expect.stringContaining('sends nothing and costs nothing') },
      { label: 'Issued at', value: claim.issuedAt },
      { label: 'Nonce', value: claim.nonce },
    ]);
    expect(described.worstCase).toMatch(/^nothing is sent and nothing is spent/);
  });

  it('reads the same proof as the text message a wallet without typed data signs', () => {
    const described = describeMessage(linkMessage(claim));
    expect(described).toMatchObject({ kind: 'link', summary: expect.stringContaining('0x7099…79C8 is your wallet') });
  });

  it('warns about typed data it cannot read, such as a token permit, naming the contract', () => {
    const described = describeTypedData({
      domain: { name: 'Morpheus', version: '1', chainId: 8453, verifyingContract: '0x7431aDa8a591C955a994a21710752EF9b882b8e3' },
      types: { Permit: [{ name: 'owner', type: 'address' }, { name: 'spender', type: 'address' }, { name: 'value', type: 'uint256' }] },
      primaryType: 'Permit',
      message: { owner: wallet, spender: '0x1111111111111111111111111111111111111111', value: '1000000000000000000000' },
    });
    expect(described.kind).toBe('unknown');
    expect(described.summary).toBe('Hearth cannot read this signature: Permit data for “Morpheus”.');
    expect(described.details[0]).toEqual({ label: 'Contract', value: '0x7431aDa8a591C955a994a21710752EF9b882b8e3' });
    expect(described.worstCase).toMatch(/can let someone take tokens/);
  });

  it('warns about a message that is not Hearth’s proof, even one that borrows its first line', () => {
    expect(describeMessage('Sign in to example.org').kind).toBe('unknown');
    expect(describeMessage('Hearth asks you to link this wallet.\n\nNo wallet named here').kind).toBe('unknown');
  });
});
