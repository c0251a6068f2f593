/**
 * A Hearth core's session work in a process of its own, for tests that kill
 * it with SIGKILL at a chosen point and check what the next start finds.
 *
 *   node session-child.ts <dataDir> <keyHex> <deploymentFile> <providerJson> <stakeWei> <mode>
 *
 * mode "open": opens a session, prints {"opened": <record>} and waits.
 * mode "lost-answer": the wallet sends openSession but its answer never comes
 * back to Hearth (so the hash is never written down); prints {"sent": hash}.
 */
import { getAbiItem, toFunctionSelector, type Hash } from 'viem';
import { chainConfigOf, readDeployment } from '../../src/market/devchain/deployment-file.ts';
import { devAccount } from '../../src/market/devchain/dev-accounts.ts';
import { ProviderSessions, type SessionTarget } from '../../src/market/sessions/provider-sessions.ts';
import { SpendLedger } from '../../src/market/sessions/spend-ledger.ts';
import { usedAbi } from '../../src/market/used-interface.ts';
import { openStore } from '../../src/store/store.ts';
import { accountSigner } from '../../src/wallet/account-signer.ts';
import type { WalletSigner } from '../../src/wallet/signer.ts';

const [dataDir, keyHex, deploymentFile, targetJson, stakeWei, mode] = process.argv.slice(2) as [string, string, string, string, string, string];
const deployment = readDeployment(deploymentFile);
const config = chainConfigOf(deployment);
const user = devAccount('user', deployment.chainId);
const store = openStore(dataDir, { key: Buffer.from(keyHex, 'hex') });
const openSelector = toFunctionSelector(getAbiItem({ abi: usedAbi, name: 'openSession' }));

const wallet = accountSigner(user, config.rpcUrl, config.chainId);
const signer: WalletSigner = mode === 'lost-answer'
  ? {
    address: wallet.address,
    async sendTransaction(request): Promise<Hash> {
      const hash = await wallet.sendTransaction(request);
      if (!request.data.startsWith(openSelector)) return hash;
      process.stdout.write(`${JSON.stringify({ sent: hash })}\n`);
      return new Promise<never>(() => undefined);
    },
  }
  : wallet;

const sessions = new ProviderSessions({ config, signer, user: user.address, records: store.marketSessions, ledger: new SpendLedger(store.settings) });
const parsed = JSON.parse(targetJson) as { provider: SessionTarget['provider']; model: SessionTarget['model']; bid: { id: SessionTarget['bid']['id']; pricePerSecond: string } };
const target: SessionTarget = { ...parsed, bid: { id: parsed.bid.id, pricePerSecond: BigInt(parsed.bid.pricePerSecond) } };
const { record } = await sessions.open(target, { stake: BigInt(stakeWei) });
process.stdout.write(`${JSON.stringify({ opened: { id: record.id, sessionId: record.sessionId } })}\n`);
await new Promise<never>(() => undefined);
