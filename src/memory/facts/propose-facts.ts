import type { Message } from '../../api/contract.ts';
import { MAX_FACT_CHARS } from '../../api/contract.ts';

/** A fact is one short sentence; bounded in the grammar, so that a small model cannot run a string past the answer's token limit. */
const factMaxChars = 120;

/** The grammar the local model writes under: it cannot answer anything but this shape. */
export const proposalSchema = {
  type: 'object',
  properties: {
    facts: { type: 'array', items: { type: 'string', maxLength: factMaxChars }, maxItems: 5 },
  },
  required: ['facts'],
} as const;

export const proposalSystemPrompt =
  'You read a conversation and list facts the user stated about themselves that are worth remembering ' +
  'for later conversations: their name, preferences, projects, people and places they mention. ' +
  `Each fact is one short sentence of at most ${factMaxChars} characters, in the third person ("The user …"). List nothing the assistant said, ` +
  'and nothing uncertain. Answer with JSON only.';

/** How much of the conversation the model reads: the latest turns, which a proposal is about. */
const turnsRead = 6;
const charsPerTurn = 1500;

export function proposalPrompt(messages: Message[]): string {
  const recent = messages.filter((message) => message.content.trim().length > 0).slice(-turnsRead);
  const transcript = recent
    .map((message) => `${message.role === 'user' ? 'User' : 'Assistant'}: ${message.content.slice(0, charsPerTurn)}`)
    .join('\n');
  return `Conversation:\n${transcript}\n\nFacts about the user, as JSON:`;
}

const normalise = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

/** A fact says something: at least one letter or digit in any script (a lone "." from a small model is not one). */
const hasWords = (text: string) => /[\p{L}\p{N}]/u.test(text);

/** The model's answer made safe to show: strings only, trimmed, bounded, with words, without repeats or facts already kept. */
export function cleanProposals(value: unknown, known: string[]): string[] {
  const facts = (value as { facts?: unknown } | null)?.facts;
  if (!Array.isArray(facts)) return [];
  const seen = new Set(known.map(normalise));
  const proposals: string[] = [];
  for (const fact of facts) {
    if (typeof fact !== 'string') continue;
    const text = fact.trim().replace(/\s+/g, ' ');
    if (!hasWords(text) || text.length > MAX_FACT_CHARS || seen.has(normalise(text))) continue;
    seen.add(normalise(text));
    proposals.push(text);
  }
  return proposals;
}
