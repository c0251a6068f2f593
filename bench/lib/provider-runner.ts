/**
 * The provider path of `npm run bench:provider`: a real Hardhat dev chain
 * on 127.0.0.1 with the marketplace deployed, a real `npm run provider`
 * process serving the bench model from its own inference worker, and a
 * consumer in this process that opens a session on chain and prompts over
 * MOR-RPC (every chunk ECIES-encrypted to the session key and signed by
 * the provider, checked and decrypted here). Everything is timed at the
 * consumer, as a user of the marketplace would see it. The chain and the
 * provider process are shared with `npm run bench:remote`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { parseEther } from 'viem';
import type { GenerationSettings } from '../../src/engine/protocol.ts';
import { connectChainClient } from '../../src/market/chain/client.ts';
import { deployDevMarket } from '../../src/market/devchain/deploy.ts';
import { chainConfigOf, writeDeployment, type Deployment } from '../../src/market/devchain/deployment-file.ts';
import { devAccount } from '../../src/market/devchain/dev-accounts.ts';
import { startHardhatNode, type HardhatNode } from '../../src/market/devchain/hardhat-node.ts';
import { MorRpcClient } from '../../src/market/morrpc/client.ts';
import type { Hex } from '../../src/market/morrpc/messages.ts';
import { createChunkClock, type ReplyMeasurement } from './measurement.ts';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
/** The dev marketplace's lowest price, as on Base: the provider refuses to bid outside its limits. */
const pricePerSecond = 10n ** 13n;
const sessionStake = parseEther('1');

export interface ProviderRunnerOptions {
  modelPath: string;
  threads: number;
  settings: GenerationSettings;
}

export interface ProviderReply extends ReplyMeasurement {
  /** Signed, encrypted chunks that carried text (the worker batches tokens, so fewer than tokens). */
  textChunks: number;
  /** CPU time of this process during the reply: checking signatures and decrypting every chunk. */
  consumerCpuMs: number;
  /** CPU time of the provider process during the reply (encrypting and signing every chunk, chain reads), from /proc. */
  providerCpuMs: number;
}

export interface ProviderRunner {
  reply(prompt: string): Promise<ProviderReply>;
  close(): Promise<void>;
}

export interface ProviderProcess {
  child: ChildProcess;
  host: string;
  port: number;
  address: Hex;
  bidId: Hex;
}

async function startProviderProcess(deploymentFile: string, privateKey: Hex, modelPath: string, threads: number): Promise<ProviderProcess> {
  const child = spawn(process.execPath, [
    join(projectRoot, 'src/cli/provider.ts'), '--chain-config', deploymentFile, '--port', '0', '--threads', String(threads),
    '--model', modelPath, '--price-per-second', pricePerSecond.toString(),
  ], { cwd: projectRoot, env: { ...process.env, HEARTH_PROVIDER_KEY: privateKey }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000); });
  const ready = await new Promise<{ host: string; port: number; address: Hex; bidId: Hex }>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{"ready"'));
      if (line) resolve(JSON.parse(line));
    });
    child.once('exit', (code) => reject(new Error(`The provider exited (${code}) before it was ready:\n${stderr}`)));
  });
  return { child, ...ready };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** utime + stime of a process in milliseconds (Linux; clock ticks of 10 ms). */
export async function processCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** A Hardhat dev chain with the marketplace deployed for the bench model, and a provider process bidding on it. */
export interface DevMarketProvider {
  deployment: Deployment;
  /** Where the provider listens, its bid, and its process (for its CPU time). */
  provider: ProviderProcess;
  /** The provider's bid price, in MOR wei per second. */
  pricePerSecond: bigint;
  /** The stake each session opens with. */
  sessionStake: bigint;
  close(): Promise<void>;
}

export async function startDevMarketProvider({ modelPath, threads }: { modelPath: string; threads: number }): Promise<DevMarketProvider> {
  const dir = await mkdtemp(join(tmpdir(), 'hearth-bench-provider-'));
  let node: HardhatNode | undefined;
  let provider: ProviderProcess | undefined;
  const close = async (): Promise<void> => {
    if (provider) await stopProcess(provider.child);
    await node?.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    node = await startHardhatNode();
    const deployment = await deployDevMarket(node.rpcUrl, { name: basename(modelPath, '.gguf'), bytes: await readFile(modelPath), tags: ['llama', 'bench'] });
    const deploymentFile = join(dir, 'dev-chain.json');
    writeDeployment(deploymentFile, deployment);
    const providerKey = `0x${bytesToHex(devAccount('provider', deployment.chainId).getHdKey().privateKey!)}` as Hex;
    provider = await startProviderProcess(deploymentFile, providerKey, modelPath, threads);
    return { deployment, provider, pricePerSecond, sessionStake, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export async function startProviderRunner({ modelPath, threads, settings }: ProviderRunnerOptions): Promise<ProviderRunner> {
  const { deployment, provider, close } = await startDevMarketProvider({ modelPath, threads });
  try {
    // One session for the whole run, opened as a consumer opens it: approval over MOR-RPC, then on chain.
    const user = devAccount('user', deployment.chainId);
    const market = connectChainClient(chainConfigOf(deployment), user);
    const sessionKey = secp256k1.utils.randomSecretKey();
    const client = new MorRpcClient({ host: provider.host, port: provider.port, sessionKey });
    const approval = await client.requestSession({ user: user.address, bidId: provider.bidId, spend: sessionStake });
    await market.approveMor(sessionStake);
    const { sessionId } = await market.openSession({ amount: sessionStake, directPayment: true, approval: approval.approval, approvalSignature: approval.approvalSig });
    const providerPid = provider.child.pid!;

    async function reply(prompt: string): Promise<ProviderReply> {
      const request = JSON.stringify({
        model: basename(modelPath, '.gguf'), stream: true, temperature: settings.temperature, top_p: settings.topP, seed: settings.seed,
        max_tokens: settings.maxTokens, messages: [{ role: 'system', content: settings.systemPrompt }, { role: 'user', content: prompt }],
      });
      const cpuAtStart = process.cpuUsage();
      const providerCpuAtStart = await processCpuMs(providerPid);
      const clock = createChunkClock(performance.now());
      let tokens = 0;
      let textChunks = 0;
      await client.prompt(sessionId, request, (chunk) => {
        const parsed = JSON.parse(chunk) as { choices: { delta: { content?: string } }[]; usage?: { completion_tokens: number } };
        const text = parsed.choices[0]?.delta.content;
        if (text) {
          textChunks++;
          clock.chunk(text);
        }
        if (parsed.usage) tokens = parsed.usage.completion_tokens;
      });
      const cpu = process.cpuUsage(cpuAtStart);
      return {
        ...clock.finish(tokens),
        textChunks,
        consumerCpuMs: (cpu.user + cpu.system) / 1000,
        providerCpuMs: (await processCpuMs(providerPid)) - providerCpuAtStart,
      };
    }
    return { reply, close };
  } catch (error) {
    await close();
    throw error;
  }
}
