/**
 * `npm run bench:download`: does verifying a download cost speed? On the
 * benchmark's 134M q8_0 model (about 143 MB) served by the tests' Range
 * file server on 127.0.0.1 (in its own process), it times, in interleaved rounds:
 * - copy: the same file streamed from disk to disk (read, write, fsync),
 *   what any download must at least do;
 * - download: Hearth's downloader end to end (HTTP, sha256 while
 *   streaming, write, fsync, size + hash check, rename);
 * - hash: sha256 of the file alone, to show its share of the download;
 * - curl: `curl -o` from the same server, then fsync (no hashing), where
 *   curl is installed: what a mature C client reaches on this machine,
 *   so the ratio can be read against what HTTP itself costs here;
 * - node http: Node's own http client piped to a file, then fsync (no
 *   hashing, no checks): the most any downloader written for Node gets.
 * Target: download throughput ≥ 0.8 × copy throughput. Results go to
 * bench/results/download-latest.{json,md}.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import http from 'node:http';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { downloadModel } from '../src/models/download/download-model.ts';
import { ensureBenchModel } from './lib/bench-model.ts';
import { median } from './lib/stats.ts';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const resultsDir = path.join(benchDir, 'results');
const modelPath = path.join(benchDir, 'models', 'llama-134m-q8_0.gguf');
const shape = { width: 768, layers: 12, ffn: 2048, heads: 12, vocabSize: 32_000, contextLength: 2048, type: 'q8_0', seed: 1 } as const;
const ROUNDS = 5;
const TARGET = 0.8;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

async function copyFile(from: string, to: string): Promise<void> {
  await pipeline(createReadStream(from, { highWaterMark: 1 << 20 }), createWriteStream(to));
  await syncFile(to);
}

async function syncFile(file: string): Promise<void> {
  const handle = await fs.open(file, 'r+');
  await handle.datasync();
  await handle.close();
}

/** `curl -o FILE URL`, or null when curl is not installed. */
async function curlDownload(url: string, to: string): Promise<boolean> {
  const ran = await new Promise<boolean>((resolve) => {
    execFile('curl', ['--silent', '--fail', '--output', to, url], (error) => resolve(error === null));
  });
  if (ran) await syncFile(to);
  return ran;
}

/** Node's http client straight to disk: no hash, no resume, no checks. */
async function nodeHttpDownload(url: string, to: string): Promise<void> {
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => http.get(url, resolve).on('error', reject));
  await pipeline(response, createWriteStream(to, { highWaterMark: 1 << 20 }));
  await syncFile(to);
}

async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const loadAverageAtStart = os.loadavg()[0]!;
const model = await ensureBenchModel(modelPath, shape);
const sha256 = await hashFile(model.path);
const server = spawn(process.execPath, [path.join(benchDir, 'lib', 'serve-file.ts'), model.path, 'model.gguf'], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const url = await new Promise<string>((resolve) => server.stdout.once('data', (line: Buffer) => resolve(line.toString().trim())));
const work = await fs.mkdtemp(path.join(os.tmpdir(), 'hearth-bench-download-'));
const seconds = { copy: [] as number[], download: [] as number[], hash: [] as number[], curl: [] as number[], nodeHttp: [] as number[] };
let hasCurl = true;
try {
  // Round 0 warms the page cache and the server; it is not counted.
  for (let round = 0; round <= ROUNDS; round++) {
    const copy = await timed(() => copyFile(model.path, path.join(work, 'copy.gguf')));
    const dir = path.join(work, `download-${round}`);
    const download = await timed(() =>
      downloadModel({ url, dir, file: 'model.gguf', sizeBytes: model.bytes, sha256 }, { progressIntervalMs: 250 }),
    );
    const hash = await timed(() => hashFile(model.path));
    const curl = hasCurl ? await timed(async () => (hasCurl = await curlDownload(url, path.join(work, 'curl.gguf')))) : NaN;
    const nodeHttp = await timed(() => nodeHttpDownload(url, path.join(work, 'node-http.gguf')));
    await fs.rm(dir, { recursive: true, force: true });
    for (const name of ['copy.gguf', 'curl.gguf', 'node-http.gguf']) await fs.rm(path.join(work, name), { force: true });
    if (round === 0) continue;
    seconds.copy.push(copy);
    seconds.download.push(download);
    seconds.hash.push(hash);
    if (hasCurl) seconds.curl.push(curl);
    seconds.nodeHttp.push(nodeHttp);
    console.log(
      `round ${round}: copy ${copy.toFixed(3)} s, download ${download.toFixed(3)} s, hash ${hash.toFixed(3)} s, ` +
        `curl ${curl.toFixed(3)} s, node http ${nodeHttp.toFixed(3)} s`,
    );
  }
} finally {
  server.stdin.end();
  await fs.rm(work, { recursive: true, force: true });
}

const mbps = (s: number) => model.bytes / 1e6 / s;
const medians = {
  copy: median(seconds.copy), download: median(seconds.download), hash: median(seconds.hash),
  curl: hasCurl ? median(seconds.curl) : null,
  nodeHttp: median(seconds.nodeHttp),
};
const ratio = medians.copy / medians.download;
const curlOverCopy = medians.curl === null ? null : medians.copy / medians.curl;
const result = {
  date: new Date().toISOString(),
  machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, loadAverageAtStart },
  file: { name: path.basename(model.path), bytes: model.bytes },
  rounds: seconds,
  medianSeconds: medians,
  throughputMBps: {
    copy: mbps(medians.copy), download: mbps(medians.download), hash: mbps(medians.hash),
    curl: medians.curl === null ? null : mbps(medians.curl),
    nodeHttp: mbps(medians.nodeHttp),
  },
  downloadOverCopy: ratio,
  /** The same ratio for curl (no hashing): how close any HTTP client gets on this machine. */
  curlOverCopy,
  downloadOverCurl: medians.curl === null ? null : medians.curl / medians.download,
  /** Hearth against Node's bare http client on the same file: what verification and resumability cost in Node. */
  downloadOverNodeHttp: medians.nodeHttp / medians.download,
  target: TARGET,
  meetsTarget: ratio >= TARGET,
  /** Time the sha256 alone takes, as a share of the download: the most verification can cost. */
  hashShareOfDownload: medians.hash / medians.download,
};
const markdown = [
  `# Download benchmark, ${result.date}`,
  '',
  `File: ${result.file.name}, ${(model.bytes / 1e6).toFixed(0)} MB, served from 127.0.0.1 by tests/helpers/range-file-server.ts in a separate process. ` +
    `Machine: ${result.machine.cpu}, ${result.machine.cores} cores (load average ${loadAverageAtStart.toFixed(1)} at start), Node ${result.machine.node}.`,
  '',
  `Medians of ${ROUNDS} interleaved rounds:`,
  '',
  '| what | seconds | MB/s |',
  '|---|---:|---:|',
  `| disk copy (read, write, fsync) | ${medians.copy.toFixed(3)} | ${mbps(medians.copy).toFixed(0)} |`,
  `| Hearth download (HTTP, sha256, write, fsync, verify, rename) | ${medians.download.toFixed(3)} | ${mbps(medians.download).toFixed(0)} |`,
  `| sha256 alone | ${medians.hash.toFixed(3)} | ${mbps(medians.hash).toFixed(0)} |`,
  ...(medians.curl === null ? [] : [`| curl -o, then fsync (no hash), same server | ${medians.curl.toFixed(3)} | ${mbps(medians.curl).toFixed(0)} |`]),
  `| Node's http client to a file, then fsync (no hash, no checks) | ${medians.nodeHttp.toFixed(3)} | ${mbps(medians.nodeHttp).toFixed(0)} |`,
  '',
  `Download ÷ copy throughput: **${ratio.toFixed(2)}** (target ≥ ${TARGET}: ${result.meetsTarget ? 'met' : 'not met'}). ` +
    `Hashing alone takes ${(result.hashShareOfDownload * 100).toFixed(0)}% of the download's time.`,
  ...(curlOverCopy === null || result.downloadOverCurl === null
    ? []
    : ['', `curl ÷ copy: ${curlOverCopy.toFixed(2)}; Hearth ÷ curl: ${result.downloadOverCurl.toFixed(2)}.`]),
  '',
  `Hearth ÷ Node's bare http client: ${result.downloadOverNodeHttp.toFixed(2)} (what hashing, resume and the checks cost in Node).`,
  '',
].join('\n');
await fs.mkdir(resultsDir, { recursive: true });
await fs.writeFile(path.join(resultsDir, 'download-latest.json'), `${JSON.stringify(result, null, 2)}\n`);
await fs.writeFile(path.join(resultsDir, 'download-latest.md'), markdown);
console.log(`\n${markdown}`);
