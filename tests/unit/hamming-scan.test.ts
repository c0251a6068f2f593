import { describe, expect, it } from 'vitest';
import { binaryCode, createHammingScan, vector8 } from '../../src/memory/retrieval/hamming-scan.ts';
import { dot, normalise } from '../../src/memory/retrieval/vectors.ts';
import { hammingWasmBase64 } from '../../src/memory/retrieval/hamming-wasm.ts';
import { compileHammingWat } from '../../tools/compile-hamming.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

function randomCodes(random: () => number, count: number, bytes: number): Uint8Array {
  return Uint8Array.from({ length: count * bytes }, () => Math.floor(random() * 256));
}

function distance(a: Uint8Array, b: Uint8Array): number {
  let bits = 0;
  for (let i = 0; i < a.length; i++) for (let x = a[i]! ^ b[i]!; x; x &= x - 1) bits++;
  return bits;
}

/** Distances of the k nearest, by brute force in JavaScript: the scan must return ids at exactly these distances. */
function nearestDistances(codes: Uint8Array, bytes: number, query: Uint8Array, k: number): number[] {
  const all = Array.from({ length: codes.length / bytes }, (_, i) => distance(codes.subarray(i * bytes, (i + 1) * bytes), query));
  return all.sort((a, b) => a - b).slice(0, k);
}

describe('the Hamming scan of binary codes', () => {
  it('runs the module compiled from hamming.wat (run tools/compile-hamming.ts after changing it)', async () => {
    expect(Buffer.from(await compileHammingWat()).toString('base64')).toBe(hammingWasmBase64);
  });

  it('finds the k nearest codes exactly, for sizes that fill SIMD lanes or not, across growth', () => {
    const random = seededRandom(5);
    for (const dimensions of [64, 100, 384, 1024]) {
      const scan = createHammingScan(dimensions);
      const bytes = scan.codeBytes;
      const codes = randomCodes(random, 3000, bytes);
      // Three appends: the first fills the initial capacity, the others make it grow.
      scan.append(Float64Array.from({ length: 1000 }, (_, i) => i + 1), codes.subarray(0, 1000 * bytes));
      scan.append(Float64Array.from({ length: 1500 }, (_, i) => i + 1001), codes.subarray(1000 * bytes, 2500 * bytes));
      scan.append(Float64Array.from({ length: 500 }, (_, i) => i + 2501), codes.subarray(2500 * bytes));
      expect(scan.size).toBe(3000);
      for (const k of [1, 10, 100]) {
        const query = randomCodes(random, 1, bytes);
        const found = scan.nearest(query, k);
        expect(found).toHaveLength(k);
        expect(new Set(found).size).toBe(k);
        const foundDistances = found.map((id) => distance(codes.subarray((id - 1) * bytes, id * bytes), query)).sort((a, b) => a - b);
        expect(foundDistances).toEqual(nearestDistances(codes, bytes, query, k));
      }
      const own = scan.nearest(codes.subarray(1234 * bytes, 1235 * bytes), 1);
      expect(own).toEqual([1235]);
    }
  });

  it('forgets removed ids and keeps every other one findable', () => {
    const random = seededRandom(9);
    const scan = createHammingScan(128);
    const codes = randomCodes(random, 2000, scan.codeBytes);
    const ids = Float64Array.from({ length: 2000 }, (_, i) => 10_000 + i);
    scan.append(ids, codes);
    const removed = new Set(Array.from({ length: 300 }, (_, i) => 10_000 + i * 5));
    expect(scan.remove(removed)).toBe(300);
    expect(scan.remove(new Set([1, 2, 3]))).toBe(0);
    expect(scan.size).toBe(1700);
    for (let i = 0; i < 2000; i += 7) {
      const found = scan.nearest(codes.subarray(i * scan.codeBytes, (i + 1) * scan.codeBytes), 1)[0];
      if (removed.has(10_000 + i)) expect(found).not.toBe(10_000 + i);
      else expect(found).toBe(10_000 + i);
    }
    expect(scan.nearest(codes.subarray(0, scan.codeBytes), 5000)).toHaveLength(1700);
    const between = scan.entriesBetween(10_000, 10_009);
    expect([...between.chunkIds].sort()).toEqual([10_001, 10_002, 10_003, 10_004, 10_006, 10_007, 10_008, 10_009]);
    expect(between.codes).toHaveLength(8 * scan.codeBytes);
  });

  it('codes each dimension by its sign, least significant bit first', () => {
    expect([...binaryCode(Float32Array.from([1, -1, 0.5, 0, -2, 3, 3, 3, 0.1]))]).toEqual([0b1110_0101, 0b1]);
  });

  it('ranks by cosine from the 8-bit vectors it holds, moved with their codes, and says when it holds none', () => {
    const random = seededRandom(11);
    const units = Array.from({ length: 600 }, () => normalise(Float32Array.from({ length: 384 }, () => random() - 0.5)));
    const scan = createHammingScan(384);
    const ids = Float64Array.from(units, (_, i) => i + 1);
    const codes = new Uint8Array(Buffer.concat(units.map(binaryCode)));
    // The first 300 with their vectors; the rest without, as a library's ranges are before their vectors are read.
    scan.append(ids.subarray(0, 300), codes.subarray(0, 300 * scan.codeBytes), new Uint8Array(Buffer.concat(units.slice(0, 300).map(vector8))));
    scan.append(ids.subarray(300), codes.subarray(300 * scan.codeBytes));
    const query = normalise(units[42]!.map((v) => v + (random() - 0.5) * 0.05));
    const cosineOf = (id: number) => {
      const slot = scan.nearestSlots(binaryCode(units[id - 1]!), 1)[0]!;
      expect(scan.idAt(slot)).toBe(id);
      return scan.cosineAt(slot, query);
    };
    for (const id of [1, 43, 150, 300]) expect(Math.abs(cosineOf(id)! - dot(query, units[id - 1]!))).toBeLessThan(0.01);
    expect(cosineOf(301)).toBeNull();

    // Read later, into slots that still hold the same chunks: a removal moved chunk 600 into chunk 301's slot.
    scan.remove(new Set([301]));
    const later = new Uint8Array(Buffer.concat(units.slice(300).map(vector8)));
    scan.fillVectors(300, ids.subarray(300), later);
    expect(cosineOf(600)).toBeNull();
    expect(Math.abs(cosineOf(450)! - dot(query, units[449]!))).toBeLessThan(0.01);
    scan.remove(new Set([2]));
    expect(Math.abs(cosineOf(599)! - dot(query, units[598]!))).toBeLessThan(0.01);

    // A chunk embedded again, back in its old slot, keeps its new vector when its range's older one is read.
    const again = createHammingScan(384);
    const [a, b, c] = [units[0]!, units[1]!, units[2]!];
    again.append([7, 8], new Uint8Array(Buffer.concat([binaryCode(a), binaryCode(b)])));
    again.remove(new Set([8]));
    again.append([8], binaryCode(c), vector8(c));
    again.fillVectors(0, Float64Array.from([7, 8]), new Uint8Array(Buffer.concat([vector8(a), vector8(b)])));
    const slot = again.nearestSlots(binaryCode(c), 1)[0]!;
    expect(again.idAt(slot)).toBe(8);
    expect(Math.abs(again.cosineAt(slot, query)! - dot(query, c))).toBeLessThan(0.01);

    const { chunkIds, vectors, missing } = scan.entriesBetween(590, 600);
    expect(chunkIds).toHaveLength(11);
    expect(missing.map((i) => chunkIds[i])).toEqual([600]);
    expect(vectors).toHaveLength(11 * (4 + 384));
  });

  it('refuses codes of the wrong length', () => {
    const scan = createHammingScan(64);
    expect(() => scan.append([1, 2], new Uint8Array(15))).toThrow(RangeError);
  });
});
