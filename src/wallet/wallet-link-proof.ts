/**
 * Before Hearth prepares anything for a wallet connected in the window, the
 * wallet proves it holds the address the window named: it signs a statement
 * that sends nothing and costs nothing (EIP-712 typed data, or a text
 * message from a wallet that cannot sign typed data). Once proven, the
 * address is remembered for its chain and not asked again.
 */
import { randomBytes } from 'node:crypto';
import { getAddress, type Address, type Hex } from 'viem';
import { z } from 'zod';
import type { TypedDataWire } from '../api/contract.ts';
import { HearthError } from '../api/errors.ts';
import type { SettingsRepository } from '../store/settings.ts';
import type { SignatureRequest } from './window-wallet-signer.ts';

const settingKey = 'wallet.linked';
const linkedSchema = z.array(z.string());

export const linkStatement = 'Link this wallet to Hearth on this computer. Signing proves the wallet is yours; it sends nothing and costs nothing.';
/** The first line of the text message, by which the window recognises it. */
export const linkMessageTitle = 'Hearth asks you to link this wallet.';

interface LinkClaim {
  wallet: Address;
  chainId: number;
  /** ISO 8601 time of the request. */
  issuedAt: string;
  /** Fresh for each request, so that no earlier signature can stand in. */
  nonce: string;
}

export function linkTypedData({ wallet, chainId, issuedAt, nonce }: LinkClaim): TypedDataWire {
  return {
    domain: { name: 'Hearth', version: '1', chainId },
    types: {
      LinkWallet: [
        { name: 'wallet', type: 'address' },
        { name: 'statement', type: 'string' },
        { name: 'issuedAt', type: 'string' },
        { name: 'nonce', type: 'string' },
      ],
    },
    primaryType: 'LinkWallet',
    message: { wallet, statement: linkStatement, issuedAt, nonce },
  };
}

export function linkMessage({ wallet, chainId, issuedAt, nonce }: LinkClaim): string {
  return `${linkMessageTitle}\n\n${linkStatement}\n\nWallet: ${wallet}\nChain ID: ${chainId}\nIssued at: ${issuedAt}\nNonce: ${nonce}`;
}

export interface WalletLinkProofOptions {
  wallet: Address;
  chainId: number;
  settings: SettingsRepository;
  /** Asks the wallet in the window to sign. */
  sign(request: SignatureRequest): Promise<Hex>;
  /** Whether the signature is the wallet's (the chain client's isSignedBy). */
  isSignedBy(args: { signer: Address; signature: Hex } & ({ typedData: TypedDataWire } | { message: string })): Promise<boolean>;
  now?: () => Date;
}

const linkedKey = (chainId: number, wallet: Address) => `${chainId}:${getAddress(wallet)}`;

function linkedWallets(settings: SettingsRepository): string[] {
  const saved = linkedSchema.safeParse(settings.get(settingKey));
  return saved.success ? saved.data : [];
}

/**
 * Resolves once the wallet is proven (at once when it was before); rejects
 * with WALLET_REJECTED when the person declined, WALLET_PROOF_FAILED when
 * the signature is another address's, and nothing is remembered then.
 */
export async function proveWalletLink({ wallet, chainId, settings, sign, isSignedBy, now = () => new Date() }: WalletLinkProofOptions): Promise<void> {
  const key = linkedKey(chainId, wallet);
  if (linkedWallets(settings).includes(key)) return;
  const claim = { wallet: getAddress(wallet), chainId, issuedAt: now().toISOString(), nonce: randomBytes(16).toString('hex') };
  const purpose = 'prove that this wallet is yours, so that Hearth may ask it to sign';
  let signed: { typedData: TypedDataWire } | { message: string } = { typedData: linkTypedData(claim) };
  let signature: Hex;
  try {
    signature = await sign({ ...signed, purpose });
  } catch (error) {
    if (!(error instanceof HearthError && error.code === 'WALLET_METHOD_UNSUPPORTED')) throw error;
    signed = { message: linkMessage(claim) };
    signature = await sign({ ...signed, purpose });
  }
  if (!(await signedByWallet(() => isSignedBy({ signer: claim.wallet, signature, ...signed })))) {
    throw new HearthError('WALLET_PROOF_FAILED', { details: `the signature is not ${claim.wallet}'s` });
  }
  settings.set(settingKey, [...linkedWallets(settings), key]);
}

/** A signature that cannot even be read is no proof; a node that cannot be reached says so instead. */
async function signedByWallet(check: () => Promise<boolean>): Promise<boolean> {
  try {
    return await check();
  } catch (error) {
    if (error instanceof HearthError && (error.code === 'CHAIN_UNREACHABLE' || error.code === 'CHAIN_RATE_LIMITED')) throw error;
    return false;
  }
}
