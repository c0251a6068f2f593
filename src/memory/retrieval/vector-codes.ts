/**
 * The binary codes of the chunks' vectors, kept in the encrypted database
 * and followed in memory (one Hamming scan per model and size).
 *
 * Each code comes with its vector in 8 bits per dimension (hamming-scan.ts),
 * by which the scan's candidates are ranked from memory.
 *
 * Writes append to vector_code_log in the same transaction as the vectors
 * themselves, and triggers log a removal whenever a chunk's vector is
 * deleted or replaced, so the codes cannot disagree with chunks.vector,
 * even after a crash. Memory follows the log (one indexed read per search
 * when nothing changed). In the background, the log is folded into one row
 * per range of 4,096 chunk ids, so opening a library reads a few large
 * rows (1M codes: 245 rows, about 56 MB) instead of replaying every batch;
 * each fold step is one range in one short transaction. The ranges' 8-bit
 * vectors (388 MB for 1M 384-d vectors) are read after the library opens,
 * one range per background step; until then a candidate's float vector is
 * read from the database. A database whose
 * codes must be derived from chunks.vector (written before the codes
 * existed) is rebuilt in the background, 512 chunks a step; meanwhile
 * the search uses the codes built so far.
 */
import type { HearthDatabase } from '../../store/open.ts';
import { binaryCode, createHammingScan, vector8, type HammingScan } from './hamming-scan.ts';
import { fromBlob } from './vectors.ts';

/**
 * Each background step (reading a range's 8-bit vectors, folding one, a
 * rebuild step) holds the event loop while it runs: a range of 4,096 384-d
 * vectors is 1.6 MB to decrypt, about 10 ms here (ranges of 16,384 held
 * questions asked meanwhile for up to 60 ms).
 */
const RANGE_BITS = 12;
const REBUILD_STEP_CHUNKS = 512;
/** The log is folded once it holds this many rows. */
const FOLD_AFTER_ROWS = 512;

export interface VectorCodesProgress {
  /** A rebuild of the codes from the stored vectors: chunk ids covered of the id span. */
  rebuild: { done: number; total: number } | null;
  /** Log rows not yet folded. */
  unfoldedRows: number;
}

type LogRow = {
  seq: number; model: string; dimensions: number; chunk_ids: Uint8Array | null; codes: Uint8Array | null; vectors8: Uint8Array | null;
  removed_chunk_id: number | null;
};
/** A range's codes, appended at load from slot `first` on; its 8-bit vectors are read later. */
type PendingVectors = { model: string; dimensions: number; rangeStart: number; first: number };
type State = { generation: number; rebuild_after_chunk_id: number | null; last_seq: number | null };

const scanKey = (model: string, dimensions: number) => `${dimensions}\u0000${model}`;
const rangeOf = (chunkId: number) => Math.floor(chunkId / 2 ** RANGE_BITS);
const idsBlob = (ids: Float64Array) => new Uint8Array(ids.buffer, ids.byteOffset, ids.byteLength);
const idsOf = (blob: Uint8Array) => new Float64Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));

export function createVectorCodes(db: HearthDatabase) {
  const readState = db.prepare(`SELECT generation, rebuild_after_chunk_id, (SELECT max(seq) FROM vector_code_log) AS last_seq FROM vector_code_state`);
  const logSince = db.prepare('SELECT seq, model, dimensions, chunk_ids, codes, vectors8, removed_chunk_id FROM vector_code_log WHERE seq > ? ORDER BY seq');
  const logChunkIdsThrough = db.prepare('SELECT model, dimensions, chunk_ids, removed_chunk_id FROM vector_code_log WHERE seq <= ?');
  const unfoldedCount = db.prepare('SELECT count(*) FROM vector_code_log').pluck();
  const allRanges = db.prepare('SELECT model, dimensions, range_start, folded_seq, chunk_ids, codes FROM vector_code_ranges');
  // length() of a blob reads only the record's header.
  const rangeSizes = db.prepare('SELECT model, dimensions, sum(length(chunk_ids)) / 8 AS entries FROM vector_code_ranges GROUP BY model, dimensions');
  const rangeVectors = db.prepare('SELECT chunk_ids, vectors8 FROM vector_code_ranges WHERE model = ? AND dimensions = ? AND range_start = ?');
  const appendLog = db.prepare('INSERT INTO vector_code_log (model, dimensions, chunk_ids, codes, vectors8) VALUES (?, ?, ?, ?, ?)');
  const writeRange = db.prepare(`
    INSERT OR REPLACE INTO vector_code_ranges (model, dimensions, range_start, folded_seq, chunk_ids, codes, vectors8) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const storedVectors = db.prepare('SELECT id, vector FROM chunks WHERE id IN (SELECT value FROM json_each(?))');
  const dropFolded = db.prepare('DELETE FROM vector_code_log WHERE seq <= ?');
  const vectorsAfter = db.prepare(`SELECT id, vector, vector_model FROM chunks WHERE id > ? AND vector IS NOT NULL ORDER BY id LIMIT ${REBUILD_STEP_CHUNKS}`);
  const idSpan = db.prepare('SELECT (SELECT min(id) FROM chunks) AS low, (SELECT max(id) FROM chunks) AS high');
  const setRebuildCursor = db.prepare('UPDATE vector_code_state SET rebuild_after_chunk_id = ?');

  const scans = new Map<string, HammingScan>();
  let pendingVectors: PendingVectors[] = [];
  let generation = -1;
  let seenSeq = 0;
  let rebuildAfter: number | null = null;

  function scanFor(model: string, dimensions: number): HammingScan {
    const key = scanKey(model, dimensions);
    let scan = scans.get(key);
    if (!scan) scans.set(key, (scan = createHammingScan(dimensions)));
    return scan;
  }

  /** Applies log rows in order; removals are batched until an addition must see them. */
  function replay(rows: Iterable<LogRow>, skip: (row: LogRow, chunkId: number) => boolean = () => false): void {
    const pending = new Map<string, Set<number>>();
    const flush = () => {
      for (const [key, ids] of pending) scans.get(key)?.remove(ids);
      pending.clear();
    };
    for (const row of rows) {
      seenSeq = Math.max(seenSeq, row.seq);
      const key = scanKey(row.model, row.dimensions);
      if (row.removed_chunk_id !== null) {
        if (skip(row, row.removed_chunk_id)) continue;
        let ids = pending.get(key);
        if (!ids) pending.set(key, (ids = new Set()));
        ids.add(row.removed_chunk_id);
        continue;
      }
      flush();
      const ids = idsOf(row.chunk_ids!);
      const scan = scanFor(row.model, row.dimensions);
      const kept = ids.filter((id) => !skip(row, id));
      if (kept.length === ids.length) {
        scan.append(ids, row.codes!, row.vectors8);
        continue;
      }
      const vectorBytes = row.vectors8 ? row.vectors8.length / ids.length : 0;
      const codes = new Uint8Array(kept.length * scan.codeBytes);
      const vectors = row.vectors8 ? new Uint8Array(kept.length * vectorBytes) : null;
      let at = 0;
      ids.forEach((id, i) => {
        if (skip(row, id)) return;
        codes.set(row.codes!.subarray(i * scan.codeBytes, (i + 1) * scan.codeBytes), at * scan.codeBytes);
        vectors?.set(row.vectors8!.subarray(i * vectorBytes, (i + 1) * vectorBytes), at * vectorBytes);
        at++;
      });
      scan.append(kept, codes, vectors);
    }
    flush();
  }

  /** One log row for vectors of one model and size. */
  function appendEntries(model: string, entries: readonly { chunkId: number; unit: Float32Array }[]): void {
    appendLog.run(
      model,
      entries[0]!.unit.length,
      idsBlob(Float64Array.from(entries, (entry) => entry.chunkId)),
      Buffer.concat(entries.map((entry) => binaryCode(entry.unit))),
      Buffer.concat(entries.map((entry) => vector8(entry.unit))),
    );
  }

  /** Everything again from the database: the folded ranges, then the log rows they do not include. */
  function load(state: State): void {
    scans.clear();
    pendingVectors = [];
    seenSeq = 0;
    const folded = new Map<string, number>();
    for (const { model, dimensions, entries } of rangeSizes.all() as { model: string; dimensions: number; entries: number }[]) {
      scanFor(model, dimensions).reserve(entries);
    }
    for (const range of allRanges.iterate() as Iterable<{ model: string; dimensions: number; range_start: number; folded_seq: number; chunk_ids: Uint8Array; codes: Uint8Array }>) {
      const scan = scanFor(range.model, range.dimensions);
      pendingVectors.push({ model: range.model, dimensions: range.dimensions, rangeStart: range.range_start, first: scan.size });
      scan.append(idsOf(range.chunk_ids), range.codes);
      folded.set(`${scanKey(range.model, range.dimensions)}\u0000${rangeOf(range.range_start)}`, range.folded_seq);
      seenSeq = Math.max(seenSeq, range.folded_seq);
    }
    replay(logSince.iterate(0) as Iterable<LogRow>, (row, chunkId) => row.seq <= (folded.get(`${scanKey(row.model, row.dimensions)}\u0000${rangeOf(chunkId)}`) ?? 0));
    generation = state.generation;
    rebuildAfter = state.rebuild_after_chunk_id;
  }

  /** Brings memory up to the database: a cheap read when nothing changed. */
  function sync(): State {
    const state = readState.get() as State;
    if (state.generation !== generation) load(state);
    else if ((state.last_seq ?? 0) > seenSeq) replay(logSince.iterate(seenSeq) as Iterable<LogRow>);
    rebuildAfter = state.rebuild_after_chunk_id;
    return state;
  }

  /** The 8-bit vectors memory does not hold yet (their range not read back), from the stored float vectors. */
  function fillFromStored(chunkIds: Float64Array, missing: readonly number[], vectors: Uint8Array): void {
    const rows = storedVectors.all(JSON.stringify(missing.map((i) => chunkIds[i]))) as { id: number; vector: Uint8Array }[];
    const byId = new Map(rows.map((row) => [row.id, row.vector]));
    for (const i of missing) {
      const stored = byId.get(chunkIds[i]!);
      if (!stored) continue;
      const bytes = vector8(fromBlob(stored));
      vectors.set(bytes, i * bytes.length);
    }
  }

  /** Reads one range's 8-bit vectors into memory; false when none is left to read. */
  function loadVectorsStep(): boolean {
    sync();
    const next = pendingVectors.shift();
    if (!next) return false;
    const row = rangeVectors.get(next.model, next.dimensions, next.rangeStart) as { chunk_ids: Uint8Array; vectors8: Uint8Array | null } | undefined;
    if (row?.vectors8) scans.get(scanKey(next.model, next.dimensions))?.fillVectors(next.first, idsOf(row.chunk_ids), row.vectors8);
    return true;
  }

  /** Folds the log rows written so far into their ranges, one range per step; false when there was nothing to fold. */
  async function fold(pause: () => Promise<void>): Promise<boolean> {
    const through = sync().last_seq;
    if (through === null) return false;
    const touched = new Map<string, { model: string; dimensions: number; range: number }>();
    for (const row of logChunkIdsThrough.iterate(through) as Iterable<Pick<LogRow, 'model' | 'dimensions' | 'chunk_ids' | 'removed_chunk_id'>>) {
      const ids = row.removed_chunk_id !== null ? [row.removed_chunk_id] : idsOf(row.chunk_ids!);
      for (const id of ids) touched.set(`${scanKey(row.model, row.dimensions)}\u0000${rangeOf(id)}`, { model: row.model, dimensions: row.dimensions, range: rangeOf(id) });
    }
    for (const { model, dimensions, range } of touched.values()) {
      await pause();
      if (!db.open) return false;
      const state = sync();
      if (state.generation !== generation) return false;
      const low = range * 2 ** RANGE_BITS;
      const { chunkIds, codes, vectors, missing } = scanFor(model, dimensions).entriesBetween(low, low + 2 ** RANGE_BITS - 1);
      if (missing.length > 0) fillFromStored(chunkIds, missing, vectors);
      writeRange.run(model, dimensions, low, seenSeq, idsBlob(chunkIds), codes, vectors);
    }
    if (!db.open) return false;
    dropFolded.run(through);
    return true;
  }

  /** One rebuild step from chunks.vector; false once the rebuild is done (or none was under way). */
  const rebuildStep = db.transaction((): boolean => {
    const state = sync();
    if (state.rebuild_after_chunk_id === null) return false;
    const rows = vectorsAfter.all(state.rebuild_after_chunk_id) as { id: number; vector: Uint8Array; vector_model: string }[];
    const batches = new Map<string, { model: string; entries: { chunkId: number; unit: Float32Array }[] }>();
    for (const row of rows) {
      const unit = fromBlob(row.vector);
      const key = scanKey(row.vector_model, unit.length);
      let batch = batches.get(key);
      if (!batch) batches.set(key, (batch = { model: row.vector_model, entries: [] }));
      batch.entries.push({ chunkId: row.id, unit });
    }
    for (const { model, entries } of batches.values()) appendEntries(model, entries);
    const done = rows.length < REBUILD_STEP_CHUNKS;
    setRebuildCursor.run(done ? null : rows.at(-1)!.id);
    return !done;
  });

  return {
    sync,
    /** The scan for this model and size, null when nothing of that size is indexed. */
    scanOf(model: string, dimensions: number): HammingScan | null {
      sync();
      const scan = scans.get(scanKey(model, dimensions));
      return scan && scan.size > 0 ? scan : null;
    },
    /** Logs codes of vectors just stored, in the caller's transaction. A rebuild under way logs the chunks after its cursor itself. */
    logAdded(model: string, entries: readonly { chunkId: number; unit: Float32Array }[]): void {
      const after = (readState.get() as State).rebuild_after_chunk_id;
      const logged = after === null ? entries : entries.filter((entry) => entry.chunkId <= after);
      const bySize = new Map<number, (typeof logged)[number][]>();
      for (const entry of logged) {
        const group = bySize.get(entry.unit.length);
        if (group) group.push(entry);
        else bySize.set(entry.unit.length, [entry]);
      }
      for (const group of bySize.values()) appendEntries(model, group);
    },
    /** Forgets every code, in the caller's transaction (after the vectors were cleared). */
    dropAll(): void {
      db.exec(`DELETE FROM vector_code_log; DELETE FROM vector_code_ranges;
        UPDATE vector_code_state SET generation = generation + 1, rebuild_after_chunk_id = NULL;`);
    },
    indexedVectors(): number {
      sync();
      let total = 0;
      for (const scan of scans.values()) total += scan.size;
      return total;
    },
    progress(): VectorCodesProgress {
      sync();
      let rebuild: VectorCodesProgress['rebuild'] = null;
      if (rebuildAfter !== null) {
        const { low, high } = idSpan.get() as { low: number | null; high: number | null };
        const total = low === null || high === null ? 0 : high - low + 1;
        rebuild = { done: low === null ? 0 : Math.max(0, Math.min(total, rebuildAfter - low + 1)), total };
      }
      return { rebuild, unfoldedRows: unfoldedCount.get() as number };
    },
    rebuildStep,
    loadVectorsStep,
    fold,
    foldDue(): boolean {
      return (unfoldedCount.get() as number) >= FOLD_AFTER_ROWS;
    },
  };
}

export type VectorCodes = ReturnType<typeof createVectorCodes>;
