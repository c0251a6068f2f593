/**
 * Downloads a model file into the models folder, verified.
 *
 * Why our own fetch-based downloader and not node-llama-cpp's
 * `createModelDownloader`: that one resumes and checks the size, but it
 * does not hash the content, does not tell a server that ignored Range
 * from one that honoured it, accepts an HTML login page, has no stall
 * timeout, no free-space check and no cross-process lock, and its partial
 * files are its own format. Adding all of that around it would mean
 * reading the file twice (once to download, once to hash) and still
 * trusting its resume; the transfer itself is small enough to own:
 *
 * - the bytes go to `<file>.partial`, and a sidecar `<file>.partial.json`
 *   records the URL and ETag, so a cut or an app restart resumes with
 *   `Range: bytes=N-` (and `If-Range`, so a file changed on the server
 *   starts over); a 206 must start exactly at N, a 200 restarts from zero;
 * - sha256 is computed while streaming, after hashing the bytes already
 *   on disk when resuming;
 * - only a file of the expected size and hash is renamed into place; a
 *   wrong hash deletes the partial and says so.
 */
import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { HearthError } from '../../api/errors.ts';
import { fileSystemFreeSpace, type FreeSpace } from './disk-space.ts';
import { acquireDownloadLock } from './download-lock.ts';
import { createBatchWriter, type BatchWriter } from './batch-writer.ts';
import { checkResponse } from './http-response.ts';
import {
  hashExistingBytes, partialPaths, readPartialState, removePartial, writePartialState, type PartialPaths,
} from './partial-file.ts';
import { createProgressMeter, type DownloadProgress } from './progress-meter.ts';

export type { DownloadProgress } from './progress-meter.ts';

export interface DownloadRequest {
  url: string;
  /** The models folder; the file appears there only once verified. */
  dir: string;
  /** File name inside `dir`. */
  file: string;
  /** The published size; when known, a server that disagrees is refused before any byte is written. */
  sizeBytes?: number;
  /** The published sha256 (lowercase hex); without it the file is saved unverified. */
  sha256?: string;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
}

export interface DownloadOptions {
  /** No byte for this long ends the download with DOWNLOAD_STALLED (the partial is kept). */
  stallMs?: number;
  progressIntervalMs?: number;
  /** Resume attempts after a dropped connection within one download. */
  retries?: number;
  retryDelayMs?: number;
  freeSpace?: FreeSpace;
}

export interface DownloadedModel {
  path: string;
  sizeBytes: number;
  sha256: string;
  /** True when the hash was checked against a published one. */
  verified: boolean;
}

/** A transfer that can be tried again from where it stopped. */
class RetryableError extends Error {}

interface Transfer {
  paths: PartialPaths;
  hash: Hash;
  bytes: number;
  totalBytes: number | null;
  etag: string | null;
}

export async function downloadModel(request: DownloadRequest, options: DownloadOptions = {}): Promise<DownloadedModel> {
  const { stallMs = 30_000, progressIntervalMs = 250, retries = 3, retryDelayMs = 1000, freeSpace = fileSystemFreeSpace } = options;
  const finalPath = path.join(request.dir, request.file);
  await fs.mkdir(request.dir, { recursive: true });
  const paths = partialPaths(finalPath);
  const release = await acquireDownloadLock(paths.lock, request.file);
  try {
    const transfer = await openTransfer(paths, request);
    const meter = createProgressMeter((progress) => request.onProgress?.(progress), progressIntervalMs);
    meter.setTotal(transfer.totalBytes);
    await ensureSpace(freeSpace, request.dir, transfer);
    for (let attempt = 0; ; attempt++) {
      if (transfer.totalBytes !== null && transfer.bytes === transfer.totalBytes) break;
      try {
        const complete = await fetchRest(transfer, request, { stallMs, freeSpace, meter });
        if (complete) break;
      } catch (error) {
        if (!(error instanceof RetryableError)) throw error;
        if (attempt >= retries) throw new HearthError('DOWNLOAD_NETWORK', { details: error.message, cause: error.cause });
        await delay(retryDelayMs * (attempt + 1), undefined, request.signal ? { signal: request.signal } : {}).catch(() => {
          throw new HearthError('DOWNLOAD_CANCELLED');
        });
      }
    }
    meter.finish(transfer.bytes);
    return await finish(transfer, request, finalPath);
  } catch (error) {
    // Bytes that are not a model are no start to resume from.
    if (error instanceof HearthError && error.code === 'DOWNLOAD_NOT_A_MODEL') await removePartial(paths);
    throw error;
  } finally {
    await release();
  }
}

/** Picks up the partial of an earlier attempt when it is the start of this same file; otherwise starts clean. */
async function openTransfer(paths: PartialPaths, request: DownloadRequest): Promise<Transfer> {
  const state = await readPartialState(paths);
  if (state?.url !== request.url) await removePartial(paths);
  let existing = await hashExistingBytes(paths.partial);
  if (request.sizeBytes !== undefined && existing.bytes > request.sizeBytes) {
    await removePartial(paths);
    existing = { hash: createHash('sha256'), bytes: 0 };
  }
  return { paths, ...existing, totalBytes: request.sizeBytes ?? null, etag: state?.url === request.url ? state.etag : null };
}

async function ensureSpace(freeSpace: FreeSpace, dir: string, transfer: Transfer): Promise<void> {
  if (transfer.totalBytes === null) return;
  const needed = transfer.totalBytes - transfer.bytes;
  const free = await freeSpace(dir);
  if (free < needed) {
    throw new HearthError('DOWNLOAD_DISK_FULL', { details: `${mib(needed)} MiB needed in ${dir}, ${mib(free)} MiB free` });
  }
}

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

async function restartFromZero(transfer: Transfer): Promise<void> {
  await fs.rm(transfer.paths.partial, { force: true });
  transfer.hash = createHash('sha256');
  transfer.bytes = 0;
}

/**
 * One HTTP request for the bytes still missing, streamed to the partial.
 * Resolves true when the server sent all it had, false when it asked to
 * start over (416 on a partial that is not a prefix of the file).
 */
async function fetchRest(
  transfer: Transfer,
  request: DownloadRequest,
  context: { stallMs: number; freeSpace: FreeSpace; meter: ReturnType<typeof createProgressMeter> },
): Promise<boolean> {
  const stall = new AbortController();
  const signal = request.signal ? AbortSignal.any([request.signal, stall.signal]) : stall.signal;
  // Refreshed on every chunk; refresh() re-arms the same timer without allocating a new one.
  const stallTimer = setTimeout(() => stall.abort(), context.stallMs);
  let writer: BatchWriter | undefined;
  try {
    const headers: Record<string, string> = {};
    if (transfer.bytes > 0) {
      headers.range = `bytes=${transfer.bytes}-`;
      if (transfer.etag) headers['if-range'] = transfer.etag;
    }
    const response = await fetch(request.url, { headers, signal });
    const checked = checkResponse(response, request.url, transfer.bytes);
    if (checked.kind === 'range-not-satisfiable') {
      await response.body?.cancel();
      if (checked.totalBytes === transfer.bytes) {
        transfer.totalBytes = transfer.bytes;
        return true;
      }
      await restartFromZero(transfer);
      return false;
    }
    if (checked.kind === 'from-start' && transfer.bytes > 0) await restartFromZero(transfer);
    if (request.sizeBytes !== undefined && checked.totalBytes !== null && checked.totalBytes !== request.sizeBytes) {
      await response.body?.cancel();
      await removePartial(transfer.paths);
      throw new HearthError('DOWNLOAD_SIZE_MISMATCH', {
        details: `the server's file is ${checked.totalBytes} bytes; the catalogue says ${request.sizeBytes}`,
      });
    }
    transfer.totalBytes = checked.totalBytes ?? transfer.totalBytes;
    context.meter.setTotal(transfer.totalBytes);
    await ensureSpace(context.freeSpace, request.dir, transfer);
    // If-Range accepts only a strong validator; a weak one (W/"…") is not kept.
    const etag = response.headers.get('etag');
    transfer.etag = etag && !etag.startsWith('W/') ? etag : null;
    await writePartialState(transfer.paths, { url: request.url, etag: transfer.etag });
    if (!response.body) return true;
    writer = createBatchWriter(transfer.paths.partial, transfer, request.url);
    for await (const chunk of response.body) {
      stallTimer.refresh();
      transfer.hash.update(chunk);
      await writer.add(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      context.meter.update(transfer.bytes + writer.pendingBytes());
    }
    await writer.close({ sync: true });
    return true;
  } catch (error) {
    // What arrived before the failure is good data: keep it for the resume.
    const keep = !(error instanceof HearthError && error.code === 'DOWNLOAD_NOT_A_MODEL');
    await writer?.close({ sync: false, keep }).catch(() => undefined);
    throw classify(error, request, stall.signal, context.stallMs);
  } finally {
    clearTimeout(stallTimer);
  }
}

function classify(error: unknown, request: DownloadRequest, stallSignal: AbortSignal, stallMs: number): Error {
  if (request.signal?.aborted) return new HearthError('DOWNLOAD_CANCELLED', { details: `${request.file}: the partial download is kept`, cause: error });
  if (stallSignal.aborted) {
    return new HearthError('DOWNLOAD_STALLED', { details: `no data from ${request.url} for ${stallMs / 1000} s; the partial download is kept`, cause: error });
  }
  if (error instanceof HearthError) return error;
  if ((error as NodeJS.ErrnoException).code === 'ENOSPC') return new HearthError('DOWNLOAD_DISK_FULL', { details: (error as Error).message, cause: error });
  if ((error as NodeJS.ErrnoException).syscall !== undefined && !(error instanceof TypeError)) return error as Error;
  const cause = (error as Error).cause as Error | undefined;
  const message = [(error as Error).message, cause?.message].filter(Boolean).join(': ');
  return new RetryableError(`${request.url}: ${message}`, { cause: error });
}

/** Renames the partial into place only when its size and hash are the published ones. */
async function finish(transfer: Transfer, request: DownloadRequest, finalPath: string): Promise<DownloadedModel> {
  const expectedSize = request.sizeBytes ?? transfer.totalBytes;
  if (expectedSize !== null && transfer.bytes !== expectedSize) {
    await removePartial(transfer.paths);
    throw new HearthError('DOWNLOAD_SIZE_MISMATCH', { details: `received ${transfer.bytes} bytes of ${expectedSize}` });
  }
  const sha256 = transfer.hash.digest('hex');
  if (request.sha256 !== undefined && sha256 !== request.sha256.toLowerCase()) {
    await removePartial(transfer.paths);
    throw new HearthError('DOWNLOAD_HASH_MISMATCH', { details: `${request.file}: expected sha256 ${request.sha256}, got ${sha256}; the file was deleted` });
  }
  await fs.rename(transfer.paths.partial, finalPath);
  await fs.rm(transfer.paths.state, { force: true });
  return { path: finalPath, sizeBytes: transfer.bytes, sha256, verified: request.sha256 !== undefined };
}
