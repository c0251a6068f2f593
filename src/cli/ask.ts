/**
 * `npm run ask -- "question"`: one question through the whole remote path
 * from a terminal: the market read from the chain and ranked, a session
 * opened on the best-ranked bid (or `--bid`), the reply streamed over
 * MOR-RPC as it comes, then what it cost and the transactions it caused,
 * and the session closed again so nothing is left staked.
 *
 * It signs with the dev chain's public user account, so it runs against
 * `npm run chain`; on a live chain Hearth signs only through the user's own
 * wallet, connected in the app.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatEther } from 'viem';
import { HearthError } from '../api/errors.ts';
import { defaultGenerationSettings } from '../chat/chat-service.ts';
import type { ReplyCandidate } from '../chat/failover-reply-source.ts';
import { chainConfigOf, defaultDeploymentPath, readDeployment } from '../market/devchain/deployment-file.ts';
import { devAccount } from '../market/devchain/dev-accounts.ts';
import { MarketService } from '../market/market-service.ts';
import { openStore } from '../store/store.ts';
import { accountSigner } from '../wallet/account-signer.ts';
import { OptionsError } from './runtime-options.ts';

const usage = 'Usage: npm run ask -- [--chain-config FILE] [--bid BID_ID] [--fallback next-bid|none] "question"';

function options(argv: string[]) {
  try {
    const { values, positionals } = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: {
        'chain-config': { type: 'string', default: defaultDeploymentPath() },
        bid: { type: 'string' },
        fallback: { type: 'string', default: 'next-bid' },
      },
    });
    const question = positionals.join(' ').trim();
    if (!question) throw new OptionsError(`Ask a question.\n${usage}`);
    if (values.fallback !== 'next-bid' && values.fallback !== 'none') throw new OptionsError(`--fallback is next-bid or none.\n${usage}`);
    if (values.bid !== undefined && !/^0x[0-9a-fA-F]{64}$/.test(values.bid)) throw new OptionsError(`--bid is a bid id: 0x and 64 hex digits.\n${usage}`);
    return { question, chainConfig: values['chain-config'], bid: values.bid as `0x${string}` | undefined, fallback: values.fallback as 'next-bid' | 'none' };
  } catch (error) {
    throw error instanceof OptionsError ? error : new OptionsError(`${(error as Error).message}\n${usage}`);
  }
}

const mor = (wei: string | bigint) => `${formatEther(BigInt(wei))} MOR`;
const noLocalModel: () => ReplyCandidate = () => {
  throw new HearthError('INTERNAL', { details: 'npm run ask asks providers only' });
};

async function main(): Promise<void> {
  const { question, chainConfig, bid, fallback } = options(process.argv.slice(2));
  const deployment = readDeployment(chainConfig);
  const chain = chainConfigOf(deployment);
  const wallet = accountSigner(devAccount('user', deployment.chainId), chain.rpcUrl, chain.chainId);
  // The sessions' records, keys included, live only as long as this command: the session is closed before it ends.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-ask-'));
  const store = openStore(dataDir, { key: randomBytes(32) });
  const market = new MarketService({ chain, store, emit: () => undefined, wallet, localCandidate: noLocalModel });
  const say = (line: string) => process.stderr.write(`${line}\n`);
  try {
    say(`Reading the market on chain ${chain.chainId} (${chain.rpcUrl})…`);
    await market.refresh();
    const source = await market.replySource({ kind: 'provider', fallback, ...(bid ? { bidId: bid } : {}) });
    say(`Asking ${source.model ?? 'the model'} on the marketplace (opening a session if needed)…\n`);
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    await source.prepare(stop.signal);
    const outcome = await source.write({ history: [], prompt: question, settings: defaultGenerationSettings }, (text) => process.stdout.write(text), stop.signal);
    process.stdout.write('\n');
    const remote = outcome.remote;
    if (remote) {
      say('');
      say(`Provider   ${remote.provider.address} at ${remote.provider.endpoint}`);
      say(`Model      ${remote.model.name} (${remote.model.id})`);
      say(`Bid        ${remote.bid.id} at ${mor(remote.bid.pricePerSecondWei)}/s`);
      say(`Session    ${remote.sessionId}`);
      say(`Reply      ${remote.outputTokens} tokens, first after ${remote.ttftMs} ms, ${remote.tokensPerSecond.toFixed(1)} tok/s; cost ${mor(remote.costWei)} (${remote.seconds} s)`);
      say(`Sent       ${remote.sent.bytes} bytes, sha256 ${remote.sent.sha256}`);
      for (const part of remote.continuedBy ?? []) say(`Continued  by ${part.remote?.provider.address ?? 'this computer'} after ${part.after}, from character ${part.startsAt}`);
      for (const hash of remote.transactions) say(`Transaction ${hash}`);
    }
    for (const session of market.listSessions().filter((candidate) => candidate.state === 'open')) {
      const closed = await market.closeSession(session.id);
      say(`Closed     session ${closed.sessionId}: it cost ${mor(closed.costWei ?? '0')}${closed.heldWei && closed.heldWei !== '0' ? `; ${mor(closed.heldWei)} of the stake is held until ${new Date((closed.heldUntil ?? 0) * 1000).toISOString()}` : ''}`);
      for (const transaction of closed.transactions.filter((candidate) => candidate.kind === 'close')) say(`Transaction ${transaction.hash} (${transaction.purpose})`);
    }
    if (outcome.error) throw outcome.error;
  } finally {
    market.stop();
    store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  if (error instanceof OptionsError) process.stderr.write(`${error.message}\n`);
  else if (error instanceof HearthError) process.stderr.write(`${error.shortMessage} ${error.toPayload().action}${error.details ? `\n(${error.details})` : ''}\n`);
  else throw error;
  process.exit(1);
});
