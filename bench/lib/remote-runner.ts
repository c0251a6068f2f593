/**
 * The remote path of `npm run bench:remote`: a provider's reply as the chat
 * shows it. The dev chain and provider process of bench:provider
 * (provider-runner.ts); in this process the chat service writing into a
 * real encrypted store, its reply source a session that ProviderSessions
 * opened with the user's dev wallet, as the app opens one. Each reply is
 * timed from `chat.send` to the `chat.token` events a window would get.
 *
 * The provider's own time to first token comes from its signed receipt
 * (session.report, asked after each reply): it carries the inference
 * worker's TTFT of the session's latest reply, from the start of
 * generation to the first token. What the chat saw beyond that is what
 * Hearth adds, on both sides of the wire.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hexToBytes } from '@noble/hashes/utils.js';
import type { EventName, EventPayload, Message } from '../../src/api/contract.ts';
import { createChatService, type ChatService } from '../../src/chat/chat-service.ts';
import { Engine } from '../../src/engine/engine.ts';
import type { GenerationSettings } from '../../src/engine/protocol.ts';
import { decodeReceipt } from '../../src/market/chain/signed-messages.ts';
import { chainConfigOf } from '../../src/market/devchain/deployment-file.ts';
import { devAccount } from '../../src/market/devchain/dev-accounts.ts';
import { MorRpcClient } from '../../src/market/morrpc/client.ts';
import { ProviderSessions, type OpenedSession, type SessionTarget } from '../../src/market/sessions/provider-sessions.ts';
import { SpendLedger } from '../../src/market/sessions/spend-ledger.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { accountSigner } from '../../src/wallet/account-signer.ts';
import { createChunkClock, type ReplyMeasurement } from './measurement.ts';
import { processCpuMs, startDevMarketProvider } from './provider-runner.ts';

export interface RemoteRunnerOptions {
  modelPath: string;
  threads: number;
  settings: GenerationSettings;
}

export interface RemoteReply extends ReplyMeasurement {
  /** The provider's own TTFT for this reply (its inference worker's), from its signed receipt; whole milliseconds. */
  providerTtftMs: number;
  /** The chat's TTFT minus the provider's own: the time Hearth adds before the first token. */
  addedTtftMs: number;
  /** `chat.token` events (the provider paces its chunks, so fewer than tokens). */
  textChunks: number;
  /** The receipt's output tokens grew by exactly this reply's: its TTFT is this reply's. */
  receiptMatchesReply: boolean;
  /** CPU time of this process during the reply: the chat service, the store, checking and decrypting every chunk. */
  consumerCpuMs: number;
  /** CPU time of the provider process during the reply, from /proc. */
  providerCpuMs: number;
}

export interface SessionOpenTiming {
  /** From asking the provider for an approval to `openSession` mined and the session recorded as open. */
  ms: number;
  /** Transactions mined for it (the MOR allowance, openSession). */
  transactions: number;
}

export interface RemoteRunner {
  /** The open of the session the replies use: the run's first, with every cache cold. */
  firstOpen: SessionOpenTiming;
  reply(prompt: string): Promise<RemoteReply>;
  /** Opens a fresh session, as the chat opens one for a new bid, and times it. */
  openSession(): Promise<SessionOpenTiming>;
  close(): Promise<void>;
}

/** The reply being written now: replies run one at a time. */
interface ReplyInProgress {
  messageId: string;
  onText(text: string): void;
  onDone(message: Message): void;
}

export async function startRemoteRunner({ modelPath, threads, settings }: RemoteRunnerOptions): Promise<RemoteRunner> {
  const market = await startDevMarketProvider({ modelPath, threads });
  const dataDir = await mkdtemp(join(tmpdir(), 'hearth-bench-remote-'));
  let store: Store | undefined;
  let engine: Engine | undefined;
  let chat: ChatService | undefined;
  const close = async (): Promise<void> => {
    await chat?.close();
    store?.close();
    await engine?.close();
    await market.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const { deployment, provider } = market;
    const config = chainConfigOf(deployment);
    const user = devAccount('user', config.chainId);
    store = openStore(join(dataDir, 'data'), { key: randomBytes(32) });
    const sessions = new ProviderSessions({
      config, signer: accountSigner(user, config.rpcUrl, config.chainId), user: user.address,
      records: store.marketSessions, ledger: new SpendLedger(store.settings),
    });
    const target: SessionTarget = {
      provider: { address: provider.address, endpoint: `${provider.host}:${provider.port}` },
      model: deployment.model,
      bid: { id: provider.bidId, pricePerSecond: market.pricePerSecond },
    };
    const timedOpen = async (): Promise<{ timing: SessionOpenTiming; opened: OpenedSession }> => {
      const started = performance.now();
      const opened = await sessions.open(target, { stake: market.sessionStake });
      return { timing: { ms: performance.now() - started, transactions: opened.transactions.length }, opened };
    };

    let inProgress: ReplyInProgress | undefined;
    // The chat needs an engine for its local replies; none is loaded, as every reply here is the provider's.
    engine = new Engine({ threads, memory: { get: () => undefined, set: () => undefined }, onStatus: () => undefined });
    const chatService = createChatService({
      // The provider is asked with the same system prompt as the in-process path: the same settings on both.
      store, engine, generation: settings, remoteSystemPrompt: settings.systemPrompt,
      emit: <E extends EventName>(event: E, payload: EventPayload<E>) => {
        if (event === 'chat.token') {
          const token = payload as EventPayload<'chat.token'>;
          if (token.messageId === inProgress?.messageId) inProgress.onText(token.text);
        } else if (event === 'chat.done') {
          const { message } = payload as EventPayload<'chat.done'>;
          if (message.id === inProgress?.messageId) inProgress.onDone(message);
        }
      },
    });
    chat = chatService;

    // The session every reply goes through, opened before the first as the chat opens it.
    const { timing: firstOpen, opened } = await timedOpen();
    const { record } = opened;
    const source = sessions.replySource(record, opened.transactions);
    const reporter = new MorRpcClient({
      host: provider.host, port: provider.port, sessionKey: hexToBytes(record.sessionKey.slice(2)), providerPublicKey: record.providerPublicKey!,
    });
    let receiptOutputTokens = 0;
    const providerPid = provider.child.pid!;

    async function reply(prompt: string): Promise<RemoteReply> {
      const cpuAtStart = process.cpuUsage();
      const providerCpuAtStart = await processCpuMs(providerPid);
      const clock = createChunkClock(performance.now());
      let textChunks = 0;
      const done = new Promise<Message>((resolve) => {
        // A new conversation each time: the provider gets the system prompt and this prompt, as bare node-llama-cpp does.
        const { assistantMessage } = chatService.send({ conversationId: null, text: prompt }, source);
        // No event for the reply can come before send returns: its source is asked only after an await.
        inProgress = {
          messageId: assistantMessage.id,
          onText: (text) => {
            textChunks++;
            clock.chunk(text);
          },
          onDone: resolve,
        };
      });
      const message = await done;
      inProgress = undefined;
      const cpu = process.cpuUsage(cpuAtStart);
      const providerCpuMs = (await processCpuMs(providerPid)) - providerCpuAtStart;
      if (message.status !== 'complete') {
        throw new Error(`The remote reply ended ${message.status}: ${message.error?.message ?? ''} ${message.error?.details ?? ''}`);
      }
      const tokens = message.stats?.tokens ?? 0;
      const receipt = decodeReceipt((await reporter.report(record.sessionId!)).message);
      const receiptMatchesReply = receipt.outputTokens - receiptOutputTokens === tokens;
      receiptOutputTokens = receipt.outputTokens;
      const measured = clock.finish(tokens);
      return {
        ...measured,
        providerTtftMs: receipt.ttftMs,
        addedTtftMs: measured.ttftMs - receipt.ttftMs,
        textChunks,
        receiptMatchesReply,
        consumerCpuMs: (cpu.user + cpu.system) / 1000,
        providerCpuMs,
      };
    }

    return {
      firstOpen,
      reply,
      openSession: async () => (await timedOpen()).timing,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
