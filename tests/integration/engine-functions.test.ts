/**
 * The local model calling tools, on the bundled demo model: it writes
 * children's stories and never calls a function by itself, so these tests
 * force one call under node-llama-cpp's function-call grammars and check
 * what the core gets back, and that the model reads the results after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defaultGenerationSettings } from '../../src/chat/chat-service.ts';
import { Engine } from '../../src/engine/engine.ts';
import { toFunctionParamsSchema, toToolArguments } from '../../src/engine/function-schema.ts';
import type { ChatTurn, FunctionDefinition, GenerateRequest } from '../../src/engine/protocol.ts';
import { demoModelPath } from '../helpers/models.ts';

/** The input schemas as an MCP server declares them (the test MCP server's tools, through zod-to-json-schema). */
const declared = {
  add_numbers: {
    $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', additionalProperties: false,
    properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'],
  },
  lookup_word: {
    $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', additionalProperties: false,
    properties: { word: { type: 'string', minLength: 1 }, language: { type: 'string', format: 'bcp47' } }, required: ['word'],
  },
};

/** What each tool accepts, to check the arguments the model's call becomes. */
const accepted = {
  add_numbers: z.strictObject({ a: z.number(), b: z.number() }),
  lookup_word: z.strictObject({ word: z.string().min(1), language: z.string().optional() }),
};

const functions: FunctionDefinition[] = [
  { name: 'add_numbers', description: 'Adds two numbers', parameters: toFunctionParamsSchema(declared.add_numbers) },
  { name: 'lookup_word', description: 'Looks a word up in the dictionary', parameters: toFunctionParamsSchema(declared.lookup_word) },
];

const settings = { ...defaultGenerationSettings, maxTokens: 60, temperature: 0, seed: 7 };
let engine: Engine;

beforeAll(async () => {
  const values = new Map<string, unknown>();
  engine = new Engine({ threads: 1, memory: { get: <T>(key: string) => values.get(key) as T | undefined, set: (key, value) => void values.set(key, value) }, onStatus: () => {} });
  await engine.load(demoModelPath, { isDemo: true });
});

afterAll(async () => {
  await engine.close();
});

async function reply(request: Partial<Omit<GenerateRequest, 'requestId'>>) {
  const chunks: string[] = [];
  const result = await engine.generate({ history: [], prompt: '', settings, ...request }, (text) => chunks.push(text)).result;
  return { ...result, text: chunks.join('') };
}

describe('the local model calling functions', () => {
  it('forced to call, replies with exactly one call of an offered function whose arguments the tool accepts', async () => {
    let usable = 0;
    for (const seed of [1, 2, 3, 4]) {
      const forced = await reply({ prompt: 'What is 2 plus 3?', functions, forceFunctionCall: true, settings: { ...settings, temperature: 1, seed } });
      expect(forced.stopped).toBe(false);
      expect(forced.functionCalls).toHaveLength(1);
      const [call] = forced.functionCalls!;
      expect(['add_numbers', 'lookup_word']).toContain(call!.name);
      // Nothing but the call: no text reaches the person.
      expect(forced.text).toBe('');
      expect(forced.stats.tokens).toBeGreaterThan(0);
      // The grammar allows any exponent: a number past JavaScript's range (seed 2 here writes b as -5.911e400) is named, never passed on as null.
      if (call!.problem) {
        expect(call!.problem).toMatch(/^The parameter \w+ is a number too large to use\.$/);
        continue;
      }
      const name = call!.name as keyof typeof declared;
      expect(accepted[name].safeParse(toToolArguments(declared[name], call!.params)).success).toBe(true);
      usable += 1;
    }
    expect(usable).toBeGreaterThanOrEqual(3);
  });

  it('reads the call and its result and goes on with a plain reply, and a reply without functions still works after', async () => {
    const forced = await reply({ prompt: 'What is 2 plus 3?', functions, forceFunctionCall: true });
    const [call] = forced.functionCalls!;
    const afterResult = (result: string): ChatTurn[] => [
      { role: 'user', text: 'What is 2 plus 3?' },
      { role: 'assistant', text: '', functionCalls: [{ ...call!, result }] },
    ];
    const short = await reply({ history: afterResult('5'), functions });
    expect(short.stopped).toBe(false);
    expect(short.functionCalls).toBeUndefined();
    expect(short.text.trim().length).toBeGreaterThan(0);
    // The call and its result are in what the model read before writing.
    expect(short.promptTokens).toBeGreaterThan(forced.promptTokens);
    const long = await reply({ history: afterResult('The sum of two and three is five, which the calculator checked twice.'), functions });
    expect(long.promptTokens).toBeGreaterThan(short.promptTokens + 10);

    // The same goes on when the functions are no longer offered (tools turned off meanwhile).
    const withoutFunctions = await reply({ history: afterResult('5') });
    expect(withoutFunctions.text.trim().length).toBeGreaterThan(0);

    const plain = await reply({ prompt: 'Once upon a time' });
    expect(plain.functionCalls).toBeUndefined();
    expect(plain.text.trim().length).toBeGreaterThan(10);
  });

  it('offered functions without being forced, the demo model writes its story as text, streamed', async () => {
    const offered = await reply({ prompt: 'Once upon a time', functions });
    expect(offered.stopped).toBe(false);
    expect(offered.functionCalls).toBeUndefined();
    expect(offered.text.trim().length).toBeGreaterThan(10);
  });

  it('a stopped call reply says stopped and returns no call', async () => {
    const chunks: string[] = [];
    const { requestId, result } = engine.generate({ history: [], prompt: 'What is 2 plus 3?', settings, functions, forceFunctionCall: true }, (text) => chunks.push(text));
    engine.stop(requestId);
    const stopped = await result;
    expect(stopped.stopped).toBe(true);
    expect(stopped.functionCalls).toBeUndefined();
  });
});
