/**
 * A signature the core asks of the wallet, in words, read here in the
 * window from what will be signed: Hearth's proof that links a wallet
 * (typed data, or the text message a wallet without typed data signs) is
 * recognised and said plainly; anything else is shown as it is, with a
 * warning, since a signature can give tokens away (a permit) or sign in
 * elsewhere.
 */
import type { TypedDataWire } from '../../../src/api/index.ts';
import { shortHex } from './units.ts';

export interface DescribedSignature {
  kind: 'link' | 'unknown';
  summary: string;
  /** Label and value pairs for the facts list. */
  details: { label: string; value: string }[];
  worstCase: string;
}

/** The first line of the message the core's wallet-link-proof.ts writes; the window may read only the contract's types, so it is repeated here. */
const linkMessageTitle = 'Hearth asks you to link this wallet.';

const linkWorstCase = 'nothing is sent and nothing is spent: this signature only proves the wallet is yours';
const unknownWorstCase = 'Hearth cannot tell what this signature allows; a signature can let someone take tokens from this wallet. Decline it unless you know why it is asked';

const linkSummary = (wallet: string) => `Prove that ${shortHex(wallet)} is your wallet, so that Hearth may ask it to sign. This sends nothing.`;

const linkLabels: Record<string, string> = { wallet: 'Wallet', statement: 'Statement', issuedAt: 'Issued at', nonce: 'Nonce' };

/** A value of a typed-data message as one line. */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function describeTypedData(typedData: TypedDataWire): DescribedSignature {
  const { domain, primaryType, message } = typedData;
  const fields = Object.entries(message).map(([label, value]) => ({ label, value: asText(value) }));
  if (domain.name === 'Hearth' && primaryType === 'LinkWallet' && typeof message.wallet === 'string') {
    const labelled = fields.map((field) => ({ ...field, label: linkLabels[field.label] ?? field.label }));
    return { kind: 'link', summary: linkSummary(message.wallet), details: labelled, worstCase: linkWorstCase };
  }
  const signer = domain.name === undefined ? 'an unnamed application' : `“${domain.name}”`;
  return {
    kind: 'unknown',
    summary: `Hearth cannot read this signature: ${primaryType} data for ${signer}.`,
    details: [...(domain.verifyingContract ? [{ label: 'Contract', value: domain.verifyingContract }] : []), ...fields],
    worstCase: unknownWorstCase,
  };
}

export function describeMessage(message: string): DescribedSignature {
  const wallet = /^Wallet: (0x[0-9a-fA-F]{40})$/m.exec(message)?.[1];
  if (message.startsWith(linkMessageTitle) && wallet !== undefined) {
    return { kind: 'link', summary: linkSummary(wallet), details: [], worstCase: linkWorstCase };
  }
  return { kind: 'unknown', summary: 'Hearth cannot read what this message signs.', details: [], worstCase: unknownWorstCase };
}
