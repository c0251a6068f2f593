/**
 * A session allowance on a real Hardhat dev chain with a real provider
 * process: the user's wallet signs the grant once, then Hearth's session key
 * (kept in the encrypted database) opens sessions as the wallet, staked from
 * the wallet, within a cap the token enforces; it can move no MOR for itself,
 * and once the allowance is revoked it can open nothing. A wallet that
 * declines the grant leaves the chain as it was.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { createWalletClient, erc20Abi, http, isAddressEqual, parseEther, type Address, type Hash, type Hex } from 'viem';
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HearthError } from '../../src/api/errors.ts';
import { toChainError } from '../../src/market/chain/chain-error.ts';
import { connectChainClient, type ChainClient } from '../../src/market/chain/client.ts';
import type { MarketChainConfig } from '../../src/market/chain/config.ts';
import { rpcChain } from '../../src/market/chain/rpc-chain.ts';
import { chainConfigOf } from '../../src/market/devchain/deployment-file.ts';
import { MorRpcClient } from '../../src/market/morrpc/client.ts';
import { databaseFileName, openStore, type Store } from '../../src/store/store.ts';
import { accountSigner } from '../../src/wallet/account-signer.ts';
import { createAgentKey, loadAgentKey } from '../../src/wallet/agent-key.ts';
import { grantSessionAllowance, readSessionAllowance, revokeSessionAllowance } from '../../src/wallet/session-allowance.ts';
import type { TransactionRequest, WalletSigner } from '../../src/wallet/signer.ts';
import { devPrivateKey, startDevMarket, type DevMarket } from '../helpers/dev-chain.ts';
import { startProviderProcess, type ProviderProcess } from '../helpers/provider-process.ts';

const key = randomBytes(32);
const cap = parseEther('25');
const gasEth = parseEther('0.01');
const stake = parseEther('1');

let dir: string;
let chain: DevMarket;
let provider: ProviderProcess;
let config: MarketChainConfig;
let store: Store;
let wallet: ChainClient;
let user: Address;
let agent: PrivateKeyAccount;

/**
 * The user's wallet, where the user clicks Reject: a person cannot click here, so this
 * double declines every transaction as a wallet reports it, and keeps what it was shown.
 */
class RejectingWalletDouble implements WalletSigner {
  readonly shown: TransactionRequest[] = [];
  readonly address: Address;
  constructor(address: Address) {
    this.address = address;
  }
  async sendTransaction(request: TransactionRequest): Promise<Hash> {
    this.shown.push(request);
    throw new HearthError('WALLET_REJECTED', { details: 'the user clicked Reject' });
  }
}

async function refusal(promise: Promise<unknown>): Promise<HearthError> {
  const error = await promise.then(() => undefined, (thrown: unknown) => thrown);
  if (!(error instanceof HearthError)) throw new Error(`expected a HearthError, got ${String(error)}`);
  return error;
}

/** A provider approval for a session whose user is the wallet, as Hearth asks for one before opening. */
async function approvalForWallet(): Promise<{ approval: Hex; approvalSignature: Hex }> {
  const approved = await new MorRpcClient({ host: provider.host, port: provider.port, sessionKey: secp256k1.utils.randomSecretKey() })
    .requestSession({ user, bidId: provider.bidId, spend: stake });
  return { approval: approved.approval, approvalSignature: approved.approvalSig };
}

/** Every 32-byte hex string saved in the settings table that is the agent's private key. */
function agentKeyHexes(): string[] {
  const values = store.db.prepare('SELECT value FROM settings').all() as { value: string }[];
  return values.flatMap(({ value }) => value.match(/0x[0-9a-fA-F]{64}/g) ?? [])
    .filter((hex) => isAddressEqual(privateKeyToAccount(hex as Hex).address, agent.address));
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-allowance-'));
  chain = await startDevMarket();
  provider = await startProviderProcess({ deploymentFile: chain.deploymentFile, privateKey: devPrivateKey('provider') });
  config = chainConfigOf(chain.deployment);
  wallet = chain.as('user');
  user = wallet.account!;
  store = openStore(path.join(dir, 'data'), { key });
});

afterAll(async () => {
  store?.close();
  await provider?.stop();
  await chain?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('a session allowance', () => {
  it('declined in the wallet, the grant fails with WALLET_REJECTED and nothing changes on chain', async () => {
    const declined = createAgentKey(store.settings, { chainId: config.chainId, user });
    const before = await readSessionAllowance({ client: wallet, user, agent: declined.address });
    const rejecting = new RejectingWalletDouble(user);

    const error = await refusal(grantSessionAllowance({ wallet: connectChainClient(config, rejecting), agent: declined.address, capMor: cap, gasEth }));

    expect(error.code).toBe('WALLET_REJECTED');
    expect(error.shortMessage).toBe('You declined the transaction in your wallet, so nothing was sent.');
    // The wallet was asked for the first transaction only, and told what it does.
    expect(rejecting.shown).toEqual([expect.objectContaining({
      chainId: config.chainId, to: config.mor, purpose: 'Let the Morpheus marketplace take up to 25 MOR from this wallet',
    })]);
    expect(await readSessionAllowance({ client: wallet, user, agent: declined.address })).toEqual(before);
    expect(before).toEqual({ delegated: false, allowance: 0n, agentEth: 0n });
  });

  it('granted, the session key opens a session whose user is the wallet, staked from the wallet', async () => {
    agent = createAgentKey(store.settings, { chainId: config.chainId, user });
    const hashes = await grantSessionAllowance({ wallet, agent: agent.address, capMor: cap, gasEth });
    expect(hashes).toHaveLength(3);
    expect(await readSessionAllowance({ client: wallet, user, agent: agent.address })).toEqual({ delegated: true, allowance: cap, agentEth: gasEth });

    const walletMor = await wallet.morBalance();
    const agentClient = connectChainClient(config, accountSigner(agent, config.rpcUrl, config.chainId));
    const { sessionId } = await agentClient.openSession({ amount: stake, directPayment: true, ...(await approvalForWallet()), user });

    const session = await wallet.getSession(sessionId);
    expect(session).toMatchObject({ user, stake, isActive: true });
    expect(await wallet.getUserSessions()).toContain(sessionId);
    expect(await wallet.morBalance()).toBe(walletMor - stake);
    expect(await agentClient.morBalance()).toBe(0n);
    // The stake came out of the cap; the agent paid only its network fee.
    const after = await readSessionAllowance({ client: wallet, user, agent: agent.address });
    expect(after.allowance).toBe(cap - stake);
    expect(after.agentEth).toBeLessThan(gasEth);
  });

  it('the session key cannot take the wallet’s MOR for itself: the token refuses it', async () => {
    const walletMor = await wallet.morBalance();
    const agentWallet = createWalletClient({ account: agent, chain: rpcChain(config.chainId, config.rpcUrl), transport: http(config.rpcUrl) });

    const attempt = agentWallet.writeContract({ address: config.mor, abi: erc20Abi, functionName: 'transferFrom', args: [user, agent.address, stake] });
    const error = toChainError(await attempt.then(() => undefined, (thrown: unknown) => thrown), 'take MOR from the wallet');

    expect(error.code).toBe('CHAIN_REVERTED');
    expect(error.details).toBe('take MOR from the wallet: ERC20InsufficientAllowance');
    expect(await wallet.morBalance()).toBe(walletMor);
    expect(await wallet.morBalance(agent.address)).toBe(0n);
  });

  it('keeps the session key across a restart, encrypted: its private key is nowhere in the data folder', async () => {
    const [savedKey] = agentKeyHexes();
    expect(savedKey).toBeDefined();
    store.close();

    const dataDir = path.join(dir, 'data');
    expect(fs.existsSync(path.join(dataDir, databaseFileName))).toBe(true);
    const secret = savedKey!.slice(2).toLowerCase();
    for (const name of fs.readdirSync(dataDir, { recursive: true }) as string[]) {
      const file = path.join(dataDir, name);
      if (!fs.statSync(file).isFile()) continue;
      const bytes = fs.readFileSync(file);
      expect(bytes.toString('latin1').toLowerCase().includes(secret), name).toBe(false);
      expect(bytes.includes(Buffer.from(secret, 'hex')), name).toBe(false);
    }

    store = openStore(dataDir, { key });
    expect(loadAgentKey(store.settings, { chainId: config.chainId, user })?.address).toBe(agent.address);
    // Another wallet, or another chain, has no key of its own yet.
    expect(loadAgentKey(store.settings, { chainId: config.chainId, user: chain.as('otherUser').account! })).toBeNull();
    expect(loadAgentKey(store.settings, { chainId: 8453, user })).toBeNull();
  });

  it('revoked, the session key can open no session, and the marketplace may take nothing', async () => {
    expect(await revokeSessionAllowance({ wallet, agent: agent.address })).toHaveLength(2);
    const state = await readSessionAllowance({ client: wallet, user, agent: agent.address });
    expect(state).toMatchObject({ delegated: false, allowance: 0n });

    const walletMor = await wallet.morBalance();
    const agentClient = connectChainClient(config, agent);
    const error = await refusal(agentClient.openSession({ amount: stake, directPayment: true, ...(await approvalForWallet()), user }));

    expect(error.code).toBe('CHAIN_REVERTED');
    expect(error.details).toBe('open a session: InsufficientRightsForOperation');
    expect(error.shortMessage).toBe('This wallet may not act for that account.');
    expect(await wallet.morBalance()).toBe(walletMor);
  });
});
