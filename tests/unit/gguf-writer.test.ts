import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGgufFileInfo } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GgufOptionsError, writeLlamaGguf, type LlamaGgufOptions } from '../../src/models/gguf/write-llama-gguf.ts';

// 601 tokens make the q8_0 embedding rows end off the 32-byte alignment, so padding is exercised.
const tiny: LlamaGgufOptions = { width: 64, layers: 2, ffn: 96, heads: 4, kvHeads: 2, vocabSize: 601, contextLength: 512, type: 'q8_0', seed: 7 };
const ggmlTypes = { f32: 0, f16: 1, q8_0: 8 } as const;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hearth-gguf-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeLlamaGguf', () => {
  for (const type of ['f32', 'f16', 'q8_0'] as const) {
    it(`writes a complete ${type} llama model that node-llama-cpp reads back as written`, async () => {
      const path = join(dir, `tiny-${type}.gguf`);
      const written = await writeLlamaGguf(path, { ...tiny, type });
      const info = await readGgufFileInfo(path, { logWarnings: false });

      expect(info.version).toBe(3);
      const { general, llama, tokenizer } = info.metadata as unknown as {
        general: { architecture: string; alignment: number };
        llama: Record<string, unknown> & { attention: Record<string, number> };
        tokenizer: { ggml: { model: string; tokens: string[]; scores: number[]; token_type: number[]; bos_token_id: number; eos_token_id: number } };
      };
      expect(general.architecture).toBe('llama');
      expect(llama).toMatchObject({ embedding_length: 64, block_count: 2, feed_forward_length: 96, context_length: 512 });
      expect(llama.attention).toMatchObject({ head_count: 4, head_count_kv: 2 });
      expect(llama.attention.layer_norm_rms_epsilon).toBeCloseTo(1e-5);

      const vocab = tokenizer.ggml;
      expect(vocab.model).toBe('llama');
      expect(vocab.tokens).toHaveLength(601);
      expect(vocab.scores).toHaveLength(601);
      expect(vocab.token_type).toHaveLength(601);
      expect(new Set(vocab.tokens).size).toBe(601);
      expect(vocab.tokens.slice(0, 4)).toEqual(['<unk>', '<s>', '</s>', '<0x00>']);
      expect(vocab.tokens[258]).toBe('<0xFF>');
      expect(vocab.tokens).toContain('\u2581the');
      expect([vocab.bos_token_id, vocab.eos_token_id]).toEqual([1, 2]);

      // 3 model-level tensors and 9 per block; norms stay f32, weights take the requested type.
      const tensors = info.fullTensorInfo ?? [];
      expect(info.tensorCount).toBe(3 + 9 * 2);
      expect(tensors).toHaveLength(21);
      const byName = new Map(tensors.map((t) => [t.name, t]));
      expect(byName.get('token_embd.weight')?.dimensions).toEqual([64, 601]);
      expect(byName.get('output.weight')?.ggmlType).toBe(ggmlTypes[type]);
      expect(byName.get('blk.1.attn_k.weight')?.dimensions).toEqual([64, 32]);
      expect(byName.get('blk.1.ffn_down.weight')?.dimensions).toEqual([96, 64]);
      expect(byName.get('blk.0.attn_norm.weight')?.ggmlType).toBe(ggmlTypes.f32);

      // Every tensor starts on the 32-byte alignment, and the file ends where the last tensor does.
      for (const t of tensors) expect(Number(t.fileOffset) % 32).toBe(0);
      const parameters = tensors.reduce((sum, t) => sum + t.dimensions.reduce((a: number, b) => a * Number(b), 1), 0);
      expect(written.parameters).toBe(parameters);
      expect((await stat(path)).size).toBe(written.bytes);
    });
  }

  it('writes small finite weights, unit norms and silent special-token output rows', async () => {
    const path = join(dir, 'values-f32.gguf');
    await writeLlamaGguf(path, { ...tiny, type: 'f32' });
    const info = await readGgufFileInfo(path, { logWarnings: false });
    const file = await readFile(path);
    const floats = (name: string): Float32Array => {
      const t = info.fullTensorInfo!.find((x) => x.name === name)!;
      const count = t.dimensions.reduce((a: number, b) => a * Number(b), 1);
      return new Float32Array(file.buffer.slice(file.byteOffset + Number(t.fileOffset), file.byteOffset + Number(t.fileOffset) + count * 4));
    };
    const weights = floats('blk.0.attn_q.weight');
    const std = Math.sqrt(weights.reduce((s, v) => s + v * v, 0) / weights.length);
    expect(weights.every((v) => Number.isFinite(v) && Math.abs(v) < 0.04)).toBe(true);
    expect(std).toBeGreaterThan(0.015);
    expect(std).toBeLessThan(0.025);
    expect(floats('output_norm.weight').every((v) => v === 1)).toBe(true);
    const output = floats('output.weight');
    expect(output.subarray(0, 3 * 64).every((v) => v === 0)).toBe(true);
    expect(output.subarray(3 * 64, 4 * 64).some((v) => v !== 0)).toBe(true);
  });

  it('writes the same bytes for the same seed and different bytes for another', async () => {
    const [a, b, c] = [join(dir, 'seed-a.gguf'), join(dir, 'seed-b.gguf'), join(dir, 'seed-c.gguf')];
    await writeLlamaGguf(a, tiny);
    await writeLlamaGguf(b, tiny);
    await writeLlamaGguf(c, { ...tiny, seed: 8 });
    const [bytesA, bytesB, bytesC] = await Promise.all([readFile(a), readFile(b), readFile(c)]);
    expect(bytesA.equals(bytesB)).toBe(true);
    expect(bytesA.equals(bytesC)).toBe(false);
  });

  it('leaves out the keys asked for, to make malformed models on purpose', async () => {
    const path = join(dir, 'no-heads.gguf');
    await writeLlamaGguf(path, { ...tiny, omitKeys: ['llama.attention.head_count'] });
    const info = await readGgufFileInfo(path, { logWarnings: false });
    const attention = (info.metadata as unknown as { llama: { attention: Record<string, unknown> } }).llama.attention;
    expect(attention).not.toHaveProperty('head_count');
    expect(attention).toHaveProperty('head_count_kv', 2);
  });

  it('refuses shapes llama.cpp cannot load, and writes nothing', async () => {
    const path = join(dir, 'refused.gguf');
    await expect(writeLlamaGguf(path, { ...tiny, width: 48, heads: 2, kvHeads: 2 })).rejects.toThrow(/multiples of 32/);
    await expect(writeLlamaGguf(path, { ...tiny, heads: 5 })).rejects.toBeInstanceOf(GgufOptionsError);
    await expect(writeLlamaGguf(path, { ...tiny, vocabSize: 100 })).rejects.toThrow(/vocabSize/);
    await expect(writeLlamaGguf(path, { ...tiny, omitKeys: ['llama.no_such_key'] })).rejects.toThrow(/does not write/);
    await expect(stat(path)).rejects.toThrow(/ENOENT/);
  });
});

describe('generate-model CLI', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['src/cli/generate-model.ts', ...args], { encoding: 'utf8' });
  const shape = ['--width', '64', '--layers', '1', '--ffn', '64', '--heads', '4', '--vocab', '400', '--context', '256'];

  it('writes the model and prints its path, size and parameter count', async () => {
    const out = join(dir, 'cli.gguf');
    const result = run('--out', out, ...shape, '--type', 'q8_0');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(out);
    expect(result.stdout).toMatch(/MB \(\d+ bytes\), [\d.]+M parameters/);
    expect((await stat(out)).size).toBeGreaterThan(0);
  });

  it('explains a bad flag in one sentence and exits with status 2', () => {
    const badType = run('--out', join(dir, 'x.gguf'), ...shape, '--type', 'q4');
    expect(badType.status).toBe(2);
    expect(badType.stderr.split('\n')[0]).toBe('--type must be q8_0, f16 or f32, got "q4".');
    const missing = run('--out', join(dir, 'x.gguf'), '--type', 'f16');
    expect(missing.status).toBe(2);
    expect(missing.stderr.split('\n')[0]).toBe('--width is required.');
  });
});
