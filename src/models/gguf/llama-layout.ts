/**
 * What a llama-architecture GGUF of a given shape contains: its metadata
 * keys and its tensors (names, shapes, storage types). Pure data, no I/O, so
 * sizes and parameter counts are known before anything is written.
 */
import { GGUF_DEFAULT_ALIGNMENT, fileTypes, type TensorType } from './format.ts';
import { BOS_ID, EOS_ID, MIN_VOCAB, SPECIAL_TOKENS, UNK_ID, buildLlamaVocab } from './llama-vocab.ts';
import type { TensorFill } from './tensor-data.ts';

export interface LlamaGgufOptions {
  /** Embedding length (model width). */
  width: number;
  layers: number;
  /** Feed-forward length. */
  ffn: number;
  heads: number;
  /** Key/value heads (grouped-query attention); defaults to `heads`. */
  kvHeads?: number;
  vocabSize: number;
  contextLength: number;
  /** Storage of the 2-D weights; norms are always f32. */
  type: TensorType;
  /** Same seed, same bytes. Defaults to 1. */
  seed?: number;
  /** Metadata keys to leave out, to make malformed files on purpose. */
  omitKeys?: readonly string[];
}

/** The options were not a shape llama.cpp can load. */
export class GgufOptionsError extends Error {
  override name = 'GgufOptionsError';
}

export type MetadataValue =
  | { kind: 'string'; value: string }
  | { kind: 'uint32'; value: number }
  | { kind: 'float32'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'string[]'; value: readonly string[] }
  | { kind: 'float32[]'; value: readonly number[] }
  | { kind: 'int32[]'; value: readonly number[] };

export interface TensorSpec {
  name: string;
  /** ggml order: the first dimension is the row length. */
  dims: readonly number[];
  type: TensorType;
  fill: TensorFill;
  /** Leading values written as zero (see `output.weight`). */
  zeroValues: number;
}

export interface LlamaLayout {
  metadata: Map<string, MetadataValue>;
  tensors: TensorSpec[];
  parameters: number;
  alignment: number;
}

const RMS_EPSILON = 1e-5;
const ROPE_FREQ_BASE = 10_000;

export function planLlamaLayout(options: LlamaGgufOptions): LlamaLayout {
  validate(options);
  const { width, layers, ffn, heads, vocabSize, contextLength, type } = options;
  const kvHeads = options.kvHeads ?? heads;
  const headDim = width / heads;
  const kvWidth = headDim * kvHeads;
  const vocab = buildLlamaVocab(vocabSize);

  const entries: [string, MetadataValue][] = [
    ['general.architecture', { kind: 'string', value: 'llama' }],
    ['general.name', { kind: 'string', value: `hearth-random-llama-${width}x${layers}-${type}` }],
    ['general.file_type', { kind: 'uint32', value: fileTypes[type] }],
    ['general.alignment', { kind: 'uint32', value: GGUF_DEFAULT_ALIGNMENT }],
    ['llama.vocab_size', { kind: 'uint32', value: vocabSize }],
    ['llama.context_length', { kind: 'uint32', value: contextLength }],
    ['llama.embedding_length', { kind: 'uint32', value: width }],
    ['llama.block_count', { kind: 'uint32', value: layers }],
    ['llama.feed_forward_length', { kind: 'uint32', value: ffn }],
    ['llama.rope.dimension_count', { kind: 'uint32', value: headDim }],
    ['llama.rope.freq_base', { kind: 'float32', value: ROPE_FREQ_BASE }],
    ['llama.attention.head_count', { kind: 'uint32', value: heads }],
    ['llama.attention.head_count_kv', { kind: 'uint32', value: kvHeads }],
    ['llama.attention.layer_norm_rms_epsilon', { kind: 'float32', value: RMS_EPSILON }],
    ['tokenizer.ggml.model', { kind: 'string', value: 'llama' }],
    ['tokenizer.ggml.tokens', { kind: 'string[]', value: vocab.tokens }],
    ['tokenizer.ggml.scores', { kind: 'float32[]', value: vocab.scores }],
    ['tokenizer.ggml.token_type', { kind: 'int32[]', value: vocab.types }],
    ['tokenizer.ggml.unknown_token_id', { kind: 'uint32', value: UNK_ID }],
    ['tokenizer.ggml.bos_token_id', { kind: 'uint32', value: BOS_ID }],
    ['tokenizer.ggml.eos_token_id', { kind: 'uint32', value: EOS_ID }],
    ['tokenizer.ggml.add_bos_token', { kind: 'bool', value: true }],
    ['tokenizer.ggml.add_eos_token', { kind: 'bool', value: false }],
  ];
  const metadata = new Map(entries);
  for (const key of options.omitKeys ?? []) {
    if (!metadata.delete(key)) throw new GgufOptionsError(`Cannot omit "${key}": the writer does not write that key.`);
  }

  const weight = (name: string, dims: number[], zeroValues = 0): TensorSpec => ({ name, dims, type, fill: 'random', zeroValues });
  const norm = (name: string): TensorSpec => ({ name, dims: [width], type: 'f32', fill: 'ones', zeroValues: 0 });
  const tensors: TensorSpec[] = [
    weight('token_embd.weight', [width, vocabSize]),
    norm('output_norm.weight'),
    // The special tokens' output rows are zero, so their logits are 0 while
    // some random token always scores higher: at temperature 0 a random
    // model never stops early and benchmarks always get full-length replies.
    weight('output.weight', [width, vocabSize], SPECIAL_TOKENS * width),
  ];
  for (let n = 0; n < layers; n++) {
    tensors.push(
      norm(`blk.${n}.attn_norm.weight`),
      weight(`blk.${n}.attn_q.weight`, [width, width]),
      weight(`blk.${n}.attn_k.weight`, [width, kvWidth]),
      weight(`blk.${n}.attn_v.weight`, [width, kvWidth]),
      weight(`blk.${n}.attn_output.weight`, [width, width]),
      norm(`blk.${n}.ffn_norm.weight`),
      weight(`blk.${n}.ffn_gate.weight`, [width, ffn]),
      weight(`blk.${n}.ffn_up.weight`, [width, ffn]),
      weight(`blk.${n}.ffn_down.weight`, [ffn, width]),
    );
  }
  const parameters = tensors.reduce((sum, t) => sum + t.dims.reduce((a, b) => a * b, 1), 0);
  return { metadata, tensors, parameters, alignment: GGUF_DEFAULT_ALIGNMENT };
}

function validate(options: LlamaGgufOptions): void {
  const positive = ['width', 'layers', 'ffn', 'heads', 'vocabSize', 'contextLength'] as const;
  for (const name of positive) {
    const value = options[name];
    if (!Number.isInteger(value) || value < 1) throw new GgufOptionsError(`${name} must be a positive integer, got ${value}.`);
  }
  const { width, ffn, heads, type } = options;
  if (!(['f32', 'f16', 'q8_0'] as const).includes(type)) throw new GgufOptionsError(`type must be f32, f16 or q8_0, got ${type}.`);
  const kvHeads = options.kvHeads ?? heads;
  if (!Number.isInteger(kvHeads) || kvHeads < 1 || heads % kvHeads !== 0) {
    throw new GgufOptionsError(`kvHeads must be a positive divisor of heads (${heads}), got ${kvHeads}.`);
  }
  if (width % heads !== 0 || (width / heads) % 2 !== 0) {
    throw new GgufOptionsError(`width (${width}) must split into ${heads} heads of an even size.`);
  }
  if (type === 'q8_0' && (width % 32 !== 0 || ffn % 32 !== 0)) {
    throw new GgufOptionsError(`q8_0 needs width and ffn to be multiples of 32, got ${width} and ${ffn}.`);
  }
  if (options.vocabSize < MIN_VOCAB) throw new GgufOptionsError(`vocabSize must be at least ${MIN_VOCAB}, got ${options.vocabSize}.`);
  if (options.seed !== undefined && !Number.isInteger(options.seed)) throw new GgufOptionsError(`seed must be an integer, got ${options.seed}.`);
}
