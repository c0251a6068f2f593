/**
 * Appends a download's chunks to its partial file in batches of about
 * 1 MiB, with one batch on its way to the disk while the next one fills:
 * the network and the disk work at the same time, and gathering the
 * chunks with writev copies nothing.
 */
import fs from 'node:fs/promises';
import { HearthError } from '../../api/errors.ts';

const ggufMagic = Buffer.from('GGUF', 'ascii');
/** Bytes gathered before each write: fewer, larger writes keep the download at disk speed. */
const writeBatchBytes = 1 << 20;

export interface BatchWriter {
  /** Queues a chunk; resolves at once unless a full batch has to wait for the previous write. */
  add(chunk: Buffer): Promise<void>;
  /** Bytes received but not yet on disk. */
  pendingBytes(): number;
  /** Waits for the write in flight, writes what is queued (unless `keep` is false), syncs when asked, closes the file. */
  close(options: { sync: boolean; keep?: boolean }): Promise<void>;
}

/** `written.bytes` counts what is on disk: the resume point after any failure. */
export function createBatchWriter(partialPath: string, written: { bytes: number }, url: string): BatchWriter {
  let handle: fs.FileHandle | undefined;
  let queued: Buffer[] = [];
  let queuedBytes = 0;
  let inFlight: Promise<void> = Promise.resolve();
  let inFlightBytes = 0;
  // A failed write is kept here (a rejected promise nobody awaits yet would crash the process) and thrown by the next call.
  let failure: unknown;
  let startChecked = written.bytes > 0;

  const write = async (batch: Buffer[], bytes: number): Promise<void> => {
    if (!startChecked) {
      const start = Buffer.concat(batch, Math.min(bytes, ggufMagic.length));
      if (!start.equals(ggufMagic)) throw new HearthError('DOWNLOAD_NOT_A_MODEL', { details: `${url} does not start with the GGUF signature` });
      startChecked = true;
    }
    handle ??= await fs.open(partialPath, 'a');
    let done = 0;
    // writev may write less than asked; what is left goes again.
    while (done < bytes) {
      const { bytesWritten } = await handle.writev(done === 0 ? batch : [Buffer.concat(batch, bytes).subarray(done)]);
      done += bytesWritten;
    }
    written.bytes += bytes;
  };

  const settle = async (): Promise<void> => {
    await inFlight;
    if (failure !== undefined) throw failure;
  };

  const startWrite = async (): Promise<void> => {
    await settle();
    const batch = queued;
    inFlightBytes = queuedBytes;
    queued = [];
    queuedBytes = 0;
    inFlight = write(batch, inFlightBytes).then(
      () => { inFlightBytes = 0; },
      (error: unknown) => { failure = error; },
    );
    // The first batch is checked before anything more is read: a web page is refused at once.
    if (!startChecked) await settle();
  };

  return {
    async add(chunk) {
      queued.push(chunk);
      queuedBytes += chunk.length;
      if (queuedBytes >= writeBatchBytes) await startWrite();
    },
    pendingBytes: () => queuedBytes + inFlightBytes,
    async close({ sync, keep = true }) {
      try {
        await settle();
        if (keep && queuedBytes > 0) {
          await startWrite();
          await settle();
        }
        if (sync) await handle?.datasync();
      } finally {
        await handle?.close();
      }
    },
  };
}
