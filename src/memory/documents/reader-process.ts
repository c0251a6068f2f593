/**
 * The core's side of the document reader (reader-worker.ts): starts it,
 * hands it one document at a time, watches its memory (from /proc on Linux,
 * else from its own reports) and its time, and kills it past the limits or
 * on cancel. A reader that finished well waits briefly for the next document,
 * since starting one costs ~200 ms; one killed is replaced by a fresh one.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HearthError } from '../../api/errors.ts';
import { forkWorker, type LaunchWorker, type WorkerProcess } from '../../common/worker-process.ts';
import { needsTooMuchMemory, tooSlow, type DocumentLimits } from './document-limits.ts';
import type { FromReader, ReadRequest } from './reader-protocol.ts';
import type { DocumentKind, DocumentSection } from './types.ts';

// Runs from .ts sources under Node 24 and from compiled .js in a package.
const workerFile = fileURLToPath(new URL(`./reader-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));

/** A reader waits this long for the next document, so a folder's files share one, and then leaves. */
const idleMs = 2000;
/** How often the core reads the reader's memory where /proc shows it (Linux); elsewhere the reader reports it. */
const memoryPollMs = 50;
const stderrTailChars = 4096;
const mb = 1024 * 1024;

export interface ReadOptions {
  limits: DocumentLimits;
  /** Cancelling kills the reader; the read throws DOCUMENT_CANCELLED. */
  signal?: AbortSignal | undefined;
  onProgress?: ((pagesDone: number, pagesTotal: number) => void) | undefined;
  launch?: LaunchWorker | undefined;
}

/** What the reader's messages and its exit mean for the document it is reading now. */
interface Job {
  onMessage(message: FromReader): void;
  onExit(code: number | null, signal: string | null): void;
}

class Reader {
  readonly launch: LaunchWorker;
  readonly worker: WorkerProcess;
  exited = false;
  /** The last resident memory seen, from /proc or from the reader itself. */
  rssBytes = 0;
  stderrTail = '';
  job: Job | undefined;

  constructor(launch: LaunchWorker, maxMemoryBytes: number) {
    this.launch = launch;
    // The heap cap makes runaway JavaScript fail fast; memory outside the heap (pdf.js inflates into ArrayBuffers) is what the watch on RSS catches.
    const heapFlag = `--max-old-space-size=${Math.max(64, Math.round(maxMemoryBytes / mb))}`;
    this.worker = launch({
      file: workerFile,
      args: [],
      env: { ...process.env, NODE_OPTIONS: [process.env.NODE_OPTIONS, heapFlag].filter(Boolean).join(' ') },
      name: 'Hearth document reader',
    });
    this.worker.onMessage((message) => this.job?.onMessage(message as FromReader));
    this.worker.onStderr((text) => (this.stderrTail = (this.stderrTail + text).slice(-stderrTailChars)));
    this.worker.onExit((code, signal) => {
      this.exited = true;
      if (idle?.reader === this) idle = undefined;
      this.job?.onExit(code, signal);
    });
  }
}

/** The reader left running after its last document, for the next one. */
let idle: { reader: Reader; timer: NodeJS.Timeout } | undefined;

function takeReader(launch: LaunchWorker, limits: DocumentLimits): Reader {
  if (idle && idle.reader.launch === launch && !idle.reader.exited) {
    const { reader, timer } = idle;
    clearTimeout(timer);
    idle = undefined;
    return reader;
  }
  return new Reader(launch, limits.maxMemoryBytes);
}

/** Keeps a healthy reader for the next document; one that grew large, or a second one, leaves. */
function release(reader: Reader, limits: DocumentLimits): void {
  if (reader.exited) return;
  if (idle || reader.rssBytes > limits.maxMemoryBytes / 2) {
    reader.worker.requestExit();
    return;
  }
  const timer = setTimeout(() => {
    if (idle?.reader !== reader) return;
    idle = undefined;
    reader.worker.requestExit();
  }, idleMs);
  idle = { reader, timer };
}

/**
 * The sections of a document read by a reader process, held to `limits`:
 * past the memory limit or the time limit the reader is killed and the read
 * fails with DOCUMENT_EXPANDS_TOO_MUCH or DOCUMENT_TOO_SLOW; the reader's own
 * failures arrive as the HearthError it threw.
 */
export function readInReader(file: string, kind: DocumentKind, options: ReadOptions): Promise<DocumentSection[]> {
  const { limits, signal } = options;
  const name = path.basename(file);
  if (signal?.aborted) return Promise.reject(new HearthError('DOCUMENT_CANCELLED', { cause: signal.reason }));
  const reader = takeReader(options.launch ?? forkWorker, limits);
  return new Promise((resolve, reject) => {
    const sections: DocumentSection[] = [];
    let pieces: string[] = [];
    let settled = false;
    reader.stderrTail = '';

    const finish = (outcome: { sections: DocumentSection[] } | { error: HearthError; keepReader: boolean }) => {
      if (settled) return;
      settled = true;
      reader.job = undefined;
      clearTimeout(deadline);
      clearInterval(memoryPoll);
      signal?.removeEventListener('abort', onAbort);
      if ('sections' in outcome || outcome.keepReader) release(reader, limits);
      else reader.worker.kill();
      if ('sections' in outcome) resolve(outcome.sections);
      else reject(outcome.error);
    };
    const fail = (error: HearthError) => finish({ error, keepReader: false });
    const checkMemory = (rssBytes: number) => {
      reader.rssBytes = rssBytes;
      if (rssBytes > limits.maxMemoryBytes) {
        fail(needsTooMuchMemory(name, limits.maxMemoryBytes, `the reader reached ${Math.round(rssBytes / mb)} MB of memory`));
      }
    };

    reader.job = {
      onMessage(message) {
        switch (message.type) {
          case 'memory':
            checkMemory(message.rssBytes);
            break;
          case 'progress':
            options.onProgress?.(message.pagesDone, message.pagesTotal);
            break;
          case 'text':
            pieces.push(message.text);
            break;
          case 'section':
            sections.push({ text: pieces.join(''), location: message.location });
            pieces = [];
            break;
          case 'done':
            finish({ sections });
            break;
          case 'failed':
            finish({ error: new HearthError(message.error.code, { message: message.error.message, action: message.error.action, details: message.error.details }), keepReader: true });
            break;
        }
      },
      onExit(code, exitSignal) {
        const how = exitSignal ?? `code ${code}`;
        // A full heap aborts the reader with V8's message; a kernel OOM kill leaves only the high memory it was last seen at.
        if (/heap out of memory|Reached heap limit/i.test(reader.stderrTail) || reader.rssBytes > limits.maxMemoryBytes * 0.8) {
          fail(needsTooMuchMemory(name, limits.maxMemoryBytes, `the reader ran out of memory (${how})`));
        } else {
          fail(new HearthError('DOCUMENT_READER_FAILED', { details: `${name}: the reader exited (${how}) ${reader.stderrTail.trim()}`.trim() }));
        }
      },
    };
    const deadline = setTimeout(() => fail(tooSlow(name, limits.timeLimitMs)), limits.timeLimitMs);
    // The reader's own reports stop while a long computation holds its event loop; /proc does not.
    const memoryPoll = process.platform === 'linux'
      ? setInterval(() => {
        const pid = reader.worker.pid;
        if (pid === undefined) return;
        void residentBytes(pid).then((rssBytes) => {
          if (rssBytes !== undefined && !settled) checkMemory(rssBytes);
        });
      }, memoryPollMs)
      : undefined;
    const onAbort = () => fail(new HearthError('DOCUMENT_CANCELLED', { cause: signal?.reason }));
    signal?.addEventListener('abort', onAbort, { once: true });
    reader.worker.send({ type: 'read', file, kind, limits } satisfies ReadRequest);
  });
}

/** A process's resident memory from /proc (Linux); undefined where that cannot be read. */
async function residentBytes(pid: number): Promise<number | undefined> {
  try {
    const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}
