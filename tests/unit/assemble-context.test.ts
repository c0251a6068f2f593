import { describe, expect, it } from 'vitest';
import { assembleContext, type ContextSources } from '../../src/memory/context/assemble-context.ts';
import type { EmbeddedFact } from '../../src/store/facts.ts';

const fact = (id: string, text: string): EmbeddedFact => ({
  id, text, sourceMessageId: null, pinned: true, private: false, createdAt: 0, updatedAt: 0, vector: null, vectorModel: null,
});

const sources = (facts: EmbeddedFact[], passages: string[] = []): ContextSources => ({
  embedQuery: async () => null,
  facts: () => facts.map((entry) => ({ fact: entry, reason: 'pinned' as const, score: 1 })),
  passages: () => ({
    passages: passages.map((text, index) => ({ chunkId: index, documentId: 'doc', documentName: 'notes.md', location: { lineStart: 1, lineEnd: 2 }, text })),
    timings: { vectorSearchMs: 1.5, keywordSearchMs: 0.5, fuseMs: 0.1 },
  }),
});

const turns = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ role: index % 2 === 0 ? ('user' as const) : ('assistant' as const), text: `turn ${index} ${'x'.repeat(300)}` }));

describe('assembling the prompt for a reply', () => {
  it('puts memories and numbered passages in the system prompt and records what was used', async () => {
    const context = await assembleContext(
      { conversationId: 'c', prompt: 'What pet do I have?', history: turns(2), systemPrompt: 'You are Hearth.', contextTokens: 4096, replyTokens: 512 },
      sources([fact('f1', 'The user has a cat called Miso.')], ['Miso eats fish twice a day.']),
    );
    expect(context.systemPrompt).toContain('You are Hearth.');
    expect(context.systemPrompt).toContain('- The user has a cat called Miso.');
    expect(context.systemPrompt).toContain('[1] notes.md: Miso eats fish twice a day.');
    expect(context.history).toHaveLength(2);
    expect(context.record.facts).toEqual([{ id: 'f1', text: 'The user has a cat called Miso.', reason: 'pinned' }]);
    expect(context.record.sources).toHaveLength(1);
    expect(context.record.timings).toMatchObject({ vectorSearchMs: 1.5, keywordSearchMs: 0.5, fuseMs: 0.1 });
    expect(context.record.droppedTurns).toBe(0);
  });

  it('drops the oldest turns, never the newest, when the conversation outgrows the context window', async () => {
    const history = turns(20);
    const context = await assembleContext(
      { conversationId: 'c', prompt: 'And now?', history, systemPrompt: 'You are Hearth.', contextTokens: 1024, replyTokens: 256 },
      sources([]),
    );
    expect(context.history.length).toBeGreaterThan(0);
    expect(context.history.length).toBeLessThan(20);
    expect(context.history.at(-1)).toEqual(history.at(-1));
    expect(context.record.droppedTurns).toBe(20 - context.history.length);
  });

  it('leaves out memories and passages that would not fit, rather than overflowing', async () => {
    const context = await assembleContext(
      { conversationId: 'c', prompt: 'Hi', history: [], systemPrompt: 'You are Hearth.', contextTokens: 600, replyTokens: 256 },
      sources([fact('short', 'The user is Ada.'), fact('long', 'y'.repeat(2000))], ['z'.repeat(2000)]),
    );
    expect(context.record.facts.map((entry) => entry.id)).toEqual(['short']);
    expect(context.record.sources).toEqual([]);
  });
});
