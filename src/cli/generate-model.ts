/**
 * Generates a llama-architecture GGUF model with random weights, for
 * benchmarks and tests: the same speed as a trained model of that shape.
 *
 *   node src/cli/generate-model.ts --out PATH --width 768 --layers 12 --ffn 2048 \
 *     --heads 12 --vocab 32000 --context 2048 --type q8_0 [--kv-heads N] [--seed N]
 */
import { parseArgs } from 'node:util';
import { GgufOptionsError, writeLlamaGguf, type LlamaGgufOptions } from '../models/gguf/write-llama-gguf.ts';

const USAGE =
  'Usage: generate-model --out PATH --width N --layers N --ffn N --heads N --vocab N --context N --type q8_0|f16|f32 [--kv-heads N] [--seed N]';

const numberFlags = {
  width: 'width',
  layers: 'layers',
  ffn: 'ffn',
  heads: 'heads',
  vocab: 'vocabSize',
  context: 'contextLength',
} as const;

function parseOptions(argv: string[]): { out: string; options: LlamaGgufOptions } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      out: { type: 'string' },
      type: { type: 'string' },
      seed: { type: 'string' },
      'kv-heads': { type: 'string' },
      ...Object.fromEntries(Object.keys(numberFlags).map((flag) => [flag, { type: 'string' as const }])),
    },
  });
  const flags = values as Record<string, string | undefined>;
  const required = (flag: string): string => {
    const value = flags[flag];
    if (value === undefined) throw new UsageError(`--${flag} is required.`);
    return value;
  };
  const integer = (flag: string, text: string): number => {
    if (!/^-?\d+$/.test(text)) throw new UsageError(`--${flag} must be a whole number, got "${text}".`);
    return Number(text);
  };
  const type = required('type');
  if (type !== 'q8_0' && type !== 'f16' && type !== 'f32') throw new UsageError(`--type must be q8_0, f16 or f32, got "${type}".`);
  const shape = Object.fromEntries(
    Object.entries(numberFlags).map(([flag, key]) => [key, integer(flag, required(flag))]),
  ) as Record<(typeof numberFlags)[keyof typeof numberFlags], number>;
  const options: LlamaGgufOptions = { ...shape, type, seed: flags.seed === undefined ? 1 : integer('seed', flags.seed) };
  if (flags['kv-heads'] !== undefined) options.kvHeads = integer('kv-heads', flags['kv-heads']);
  return { out: required('out'), options };
}

class UsageError extends Error {}

let out = '';
try {
  const parsed = parseOptions(process.argv.slice(2));
  out = parsed.out;
  const { options } = parsed;
  const started = performance.now();
  const model = await writeLlamaGguf(out, options);
  const seconds = (performance.now() - started) / 1000;
  console.log(`${model.path}`);
  console.log(`${(model.bytes / 1e6).toFixed(1)} MB (${model.bytes} bytes), ${(model.parameters / 1e6).toFixed(1)}M parameters, written in ${seconds.toFixed(1)} s`);
} catch (error) {
  if (error instanceof UsageError || error instanceof GgufOptionsError) {
    console.error(`${error.message}\n${USAGE}`);
    process.exitCode = 2;
  } else if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    // parseArgs: an unknown flag or a flag without its value.
    console.error(`${error.message}\n${USAGE}`);
    process.exitCode = 2;
  } else if (error instanceof Error && 'syscall' in error) {
    // A file system failure (missing folder, no permission, disk full).
    console.error(`Could not write ${out}: ${error.message}`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
