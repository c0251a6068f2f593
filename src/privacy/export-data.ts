import fs from 'node:fs';
import path from 'node:path';
import { formatEther } from 'viem';
import { defaultChatSettings, type ChatSettings, type Conversation, type Message, type RemoteReply, type ToolCallView } from '../api/contract.ts';
import type { StoredChatSettings } from '../store/chat-settings.ts';
import type { MarketSessionRecord, MarketTransactionRecord } from '../store/market-sessions.ts';
import type { Store } from '../store/store.ts';

export interface ExportResult {
  /** The folder written: hearth.json plus one Markdown file per conversation, memory.md, documents.md and provider-sessions.md. */
  directory: string;
  conversations: number;
  messages: number;
  facts: number;
  documents: number;
}

const stamp = (time: Date) => time.toISOString().replace(/\.\d+Z$/, '').replace(/[:T]/g, '-');
const when = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');

/** A file name from a title: letters, digits and dashes, short, plus the id so two equal titles never collide. */
function fileNameFor(conversation: Conversation): string {
  const slug = conversation.title.normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 48).toLowerCase();
  return `${slug || 'conversation'}-${conversation.id.slice(0, 8)}.md`;
}

/** Where a provider's reply ran and what it cost, in full: the record a person can check against the chain. */
function remoteMarkdown(remote: RemoteReply): string[] {
  return [
    `Written by Morpheus provider ${remote.provider.address} at ${remote.provider.endpoint}, model ${remote.model.name} (${remote.model.id}).`,
    `Bid ${remote.bid.id} at ${formatEther(BigInt(remote.bid.pricePerSecondWei))} MOR a second; session ${remote.sessionId}.`,
    `Cost ${formatEther(BigInt(remote.costWei))} MOR for ${remote.seconds} s; ${remote.inputTokens} tokens in, ${remote.outputTokens} out; ` +
      `first text after ${Math.round(remote.ttftMs)} ms, ${remote.tokensPerSecond.toFixed(1)} tokens a second.`,
    `Sent ${remote.sent.bytes} bytes, sha256 ${remote.sent.sha256}.`,
    `Transactions: ${remote.transactions.length > 0 ? remote.transactions.join(', ') : 'none (the session was already open)'}.`,
    '',
  ];
}

const mor = (wei: bigint | null) => (wei === null ? 'not known yet' : `${formatEther(wei)} MOR`);
const transactionLine = (transaction: MarketTransactionRecord) =>
  `${transaction.hash} (${transaction.kind}: ${transaction.purpose}; ${transaction.status}${transaction.blockNumber === null ? '' : ` in block ${transaction.blockNumber}`})`;

/** Every session opened with a provider, what it staked, cost and gave back, and the transactions sent for it. */
function sessionsMarkdown(sessions: MarketSessionRecord[], transactions: MarketTransactionRecord[]): string {
  const parts = ['# Your provider sessions', ''];
  for (const session of sessions) {
    const own = transactions.filter((transaction) => transaction.sessionRef === session.id).reverse();
    parts.push(
      `## ${session.model.name}, ${when(session.createdAt)}: ${session.state}`,
      '',
      `Provider ${session.provider.address} at ${session.provider.endpoint}, bid ${session.bid.id} at ${formatEther(session.bid.pricePerSecond)} MOR a second, chain ${session.chainId}.`,
      `Session ${session.sessionId ?? 'not opened on chain'}; staked ${mor(session.stake)}, cost ${mor(session.costWei)}, refunded ${mor(session.refundWei)}.`,
      ...(session.error ? [`Error: ${session.error}`] : []),
      ...own.map((transaction) => `- ${transactionLine(transaction)}`),
      '',
    );
  }
  const others = transactions.filter((transaction) => transaction.sessionRef === null);
  if (others.length > 0) parts.push('## Other transactions', '', ...others.map((transaction) => `- ${transactionLine(transaction)}`), '');
  return parts.join('\n');
}

/** A conversation's own settings, where it has any: the preset it follows and each value it sets. */
function settingsMarkdown({ settings, preset, changedFromPreset }: StoredChatSettings): string[] {
  const values = Object.entries(settings).filter(([key, value]) => value !== defaultChatSettings[key as keyof ChatSettings]);
  if (preset === null && values.length === 0) return [];
  return [
    `Settings${preset ? ` (preset ${preset.name}${changedFromPreset ? ', changed' : ''})` : ''}: ` +
      (values.length === 0 ? 'Hearth\u2019s defaults.' : values.map(([key, value]) => `${key} ${JSON.stringify(value)}`).join('; ')),
    '',
  ];
}

const approvalWords: Record<NonNullable<ToolCallView['approval']>, string> = {
  once: 'approved once', always: 'approved always', standing: 'allowed always, earlier', refused: 'refused',
};

/** One line per tool call: the tool, its server, the arguments, what came back and how the person decided. */
function toolCallLine(call: ToolCallView): string {
  const outcome = call.status === 'failed' ? 'failed' : call.approval ? approvalWords[call.approval] : call.status;
  return `Tool ${call.tool} of ${call.server}, ${JSON.stringify(call.arguments)}: ${call.result ?? ''} (${outcome})`;
}

function messageMarkdown(message: Message): string[] {
  const who = message.role === 'user' ? 'You' : `Hearth${message.model ? ` (${message.model})` : ''}`;
  const note = message.status === 'complete' ? '' : ` [${message.status}]`;
  const parts = [`## ${who}, ${when(message.createdAt)}${note}`, '', message.content, ''];
  if (message.toolCalls?.length) parts.push(...message.toolCalls.map(toolCallLine), '');
  if (message.remote) parts.push(...remoteMarkdown(message.remote));
  const sources = message.context?.sources ?? [];
  if (sources.length > 0) parts.push('Sources:', ...sources.map((source, i) => `${i + 1}. ${source.documentName}`), '');
  return parts;
}

/** The branch shown, then the other versions of edited messages, each saying which message it followed. */
function conversationMarkdown(conversation: Conversation, settings: StoredChatSettings, messages: Message[], shown: Set<string>): string {
  const parts = [`# ${conversation.title}`, '', `Started ${when(conversation.createdAt)}, ${messages.length} messages.`, '', ...settingsMarkdown(settings)];
  const byId = new Map(messages.map((message) => [message.id, message]));
  const path: Message[] = [];
  for (const id of shown) path.push(byId.get(id)!);
  for (const message of path) parts.push(...messageMarkdown(message));
  const others = messages.filter((message) => !shown.has(message.id));
  if (others.length > 0) parts.push('# Other branches', '');
  for (const message of others) {
    const parent = message.parentId ? byId.get(message.parentId) : undefined;
    parts.push(`In reply to: ${parent ? `“${parent.content.slice(0, 80)}”` : 'the start of the conversation'}`, '', ...messageMarkdown(message));
  }
  return parts.join('\n');
}

/**
 * Everything Hearth keeps, in the open: JSON for programs, Markdown for
 * people. The export is not encrypted; the UI says so.
 */
export function exportData(store: Store, parentDirectory: string, now = new Date()): ExportResult {
  const directory = path.join(parentDirectory, `hearth-export-${stamp(now)}`);
  fs.mkdirSync(path.join(directory, 'conversations'), { recursive: true, mode: 0o700 });

  const conversations = store.conversations.list().map((summary) => ({
    conversation: store.conversations.get(summary.id)!,
    settings: store.chatSettings.forConversation(summary.id),
    /** Every branch's messages, each naming the one it follows. */
    messages: store.messages.listAll(summary.id),
    /** The messages shown now, first to last, by id. */
    shown: store.messages.listByConversation(summary.id).map((message) => message.id),
  }));
  const presets = store.chatSettings.presets();
  const facts = store.facts.list();
  const documents = store.documents.list();
  // Each session's private key stays in the encrypted database: it signs prompts, and nothing in the export needs it.
  const sessions = store.marketSessions.list();
  const providerSessions = sessions.map(({ sessionKey, ...session }) => session);
  const marketTransactions = store.marketSessions.listTransactions();
  const json = { format: 'hearth-export', version: 1, exportedAt: now.toISOString(), conversations, presets, memory: facts, documents, providerSessions, marketTransactions };

  const write = (name: string, text: string) => fs.writeFileSync(path.join(directory, name), text, { mode: 0o600 });
  // Amounts in wei pass 2^53: written as decimal strings, exact.
  write('hearth.json', `${JSON.stringify(json, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2)}\n`);
  for (const { conversation, settings, messages, shown } of conversations) {
    write(path.join('conversations', fileNameFor(conversation)), conversationMarkdown(conversation, settings, messages, new Set(shown)));
  }
  write('memory.md', ['# What Hearth remembers about you', '', ...facts.map((fact) => `- ${fact.text}${fact.pinned ? ' (pinned)' : ''}`), ''].join('\n'));
  write('documents.md', [
    '# Your documents',
    '',
    'Hearth keeps an index of these files; the files themselves stay where they are.',
    '',
    ...documents.map((document) => `- ${document.name} (${document.sourcePath}), ${document.status}, ${document.chunkCount} passages`),
    '',
  ].join('\n'));
  write('provider-sessions.md', sessionsMarkdown(sessions, marketTransactions));

  return {
    directory,
    conversations: conversations.length,
    messages: conversations.reduce((sum, entry) => sum + entry.messages.length, 0),
    facts: facts.length,
    documents: documents.length,
  };
}
