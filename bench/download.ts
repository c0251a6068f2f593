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
 * Each row also gets the CPU seconds the client and the server spent
 * (Linux): on a 2-core machine both share the cores, so the download is
 * bound by their sum, not by the disk.
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
import { cpuSeconds } from './lib/cpu-time.ts';
import { median } from './lib/stats.ts';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const resultsDir = path.join(benchDir, 'results');
const modelPath = path.join(benchDir, 'models', 'llama-134m-q8_0.gguf');
const shape = { width: 768, layers: 12, ffn: 2048, heads: 12, vocabSize: 32_000, contextLength: 2048, type: 'q8_0', seed: 1 } as const;
const ROUNDS = 5;
const TARGET = 0.8;

interface Measurement {
  seconds: number;
  /** CPU seconds of this process (and of a child it ran, such as curl) during the run; null off Linux. */
  clientCpu: number | null;
  /** CPU seconds of the file server's process during the run; null off Linux. */
  serverCpu: number | null;
}

async function measure(work: () => Promise<unknown>, serverPid: number): Promise<Measurement> {
  const clientBefore = cpuSeconds('self', true);
  const serverBefore = cpuSeconds(serverPid);
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  const clientAfter = cpuSeconds('self', true);
  const serverAfter = cpuSeconds(serverPid);
  return {
    seconds,
    clientCpu: clientBefore === null || clientAfter === null ? null : clientAfter - clientBefore,
    serverCpu: serverBefore === null || serverAfter === null ? null : serverAfter - serverBefore,
  };
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

/** `curl -o FILE URL`, then fsync. */
async function curlDownload(url: string, to: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    execFile('curl', ['--silent', '--show-error', '--fail', '--output', to, url], (error) => (error ? reject(error) : resolve()));
  });
  await syncFile(to);
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

/** `curl --version` runs: the curl row is measured only then. */
async function curlInstalled(): Promise<boolean> {
  return new Promise((resolve) => execFile('curl', ['--version'], (error) => resolve(error === null)));
}

const loadAverageAtStart = os.loadavg()[0]!;
const model = await ensureBenchModel(modelPath, shape);
const sha256 = await hashFile(model.path);
const server = spawn(process.execPath, [path.join(benchDir, 'lib', 'serve-file.ts'), model.path, 'model.gguf'], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const url = await new Promise<string>((resolve) => server.stdout.once('data', (line: Buffer) => resolve(line.toString().trim())));
const work = await fs.mkdtemp(path.join(os.tmpdir(), 'hearth-bench-download-'));

type RowName = 'copy' | 'download' | 'hash' | 'curl' | 'nodeHttp';
interface Row {
  name: RowName;
  label: string;
  run: (round: number) => Promise<unknown>;
}
const rows: Row[] = [
  { name: 'copy', label: 'disk copy (read, write, fsync)', run: () => copyFile(model.path, path.join(work, 'copy.gguf')) },
  {
    name: 'download', label: 'Hearth download (HTTP, sha256, write, fsync, verify, rename)',
    run: (round) => downloadModel(
      { url, dir: path.join(work, `download-${round}`), file: 'model.gguf', sizeBytes: model.bytes, sha256 }, { progressIntervalMs: 250 },
    ),
  },
  { name: 'hash', label: 'sha256 alone (read the file, hash it)', run: () => hashFile(model.path) },
  ...((await curlInstalled())
    ? [{ name: 'curl', label: 'curl -o, then fsync (no hash), same server', run: () => curlDownload(url, path.join(work, 'curl.gguf')) } as const]
    : []),
  { name: 'nodeHttp', label: "Node's http client to a file, then fsync (no hash, no checks)", run: () => nodeHttpDownload(url, path.join(work, 'node-http.gguf')) },
];
const measured = Object.fromEntries(rows.map((row) => [row.name, [] as Measurement[]])) as Partial<Record<RowName, Measurement[]>>;
try {
  // Round 0 warms the page cache and the server; it is not counted.
  for (let round = 0; round <= ROUNDS; round++) {
    const line: string[] = [];
    for (const row of rows) {
      const measurement = await measure(() => row.run(round), server.pid!);
      if (round > 0) measured[row.name]!.push(measurement);
      line.push(`${row.name} ${measurement.seconds.toFixed(3)} s`);
    }
    await fs.rm(path.join(work, `download-${round}`), { recursive: true, force: true });
    for (const name of ['copy.gguf', 'curl.gguf', 'node-http.gguf']) await fs.rm(path.join(work, name), { force: true });
    if (round > 0) console.log(`round ${round}: ${line.join(', ')}`);
  }
} finally {
  server.stdin.end();
  await fs.rm(work, { recursive: true, force: true });
}

const medianOf = (name: RowName, field: keyof Measurement): number | null => {
  const values = measured[name]?.map((measurement) => measurement[field]);
  return values === undefined || values.some((value) => value === null) ? null : median(values as number[]);
};
const seconds = (name: RowName) => medianOf(name, 'seconds');
const mbps = (s: number | null) => (s === null ? null : model.bytes / 1e6 / s);
const medians = Object.fromEntries(rows.map((row) => [row.name, seconds(row.name)])) as Record<RowName, number | null>;
const cpu = Object.fromEntries(rows.map((row) => [row.name, { client: medianOf(row.name, 'clientCpu'), server: medianOf(row.name, 'serverCpu') }]));
const copySeconds = medians.copy!;
const downloadSeconds = medians.download!;
const ratio = copySeconds / downloadSeconds;
const curlOverCopy = medians.curl === null || medians.curl === undefined ? null : copySeconds / medians.curl;
const downloadCpu = cpu.download!;
const result = {
  date: new Date().toISOString(),
  machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, loadAverageAtStart },
  file: { name: path.basename(model.path), bytes: model.bytes },
  rounds: measured,
  medianSeconds: medians,
  throughputMBps: Object.fromEntries(rows.map((row) => [row.name, mbps(medians[row.name])])),
  /** Median CPU seconds of the client (this process and a child it ran) and of the file server, per row (Linux only). */
  medianCpuSeconds: cpu,
  downloadOverCopy: ratio,
  /** The same ratio for curl (no hashing): how close any HTTP client gets on this machine. */
  curlOverCopy,
  downloadOverCurl: medians.curl ? medians.curl / downloadSeconds : null,
  /** Hearth against Node's bare http client on the same file: what verification and resumability cost in Node. */
  downloadOverNodeHttp: medians.nodeHttp! / downloadSeconds,
  /** Cores the download keeps busy, client and server together: near the core count, the CPU is the limit, not the disk. */
  downloadCoresBusy: downloadCpu.client === null || downloadCpu.server === null ? null : (downloadCpu.client + downloadCpu.server) / downloadSeconds,
  target: TARGET,
  meetsTarget: ratio >= TARGET,
  /** Time the sha256 alone takes, as a share of the download: the most verification can cost. */
  hashShareOfDownload: medians.hash! / downloadSeconds,
};
const fixed = (value: number | null | undefined, digits: number) => (value === null || value === undefined ? '–' : value.toFixed(digits));
const markdown = [
  `# Download benchmark, ${result.date}`,
  '',
  `File: ${result.file.name}, ${(model.bytes / 1e6).toFixed(0)} MB, served from 127.0.0.1 by tests/helpers/range-file-server.ts in a separate process. ` +
    `Machine: ${result.machine.cpu}, ${result.machine.cores} cores (load average ${loadAverageAtStart.toFixed(1)} at start), Node ${result.machine.node}.`,
  '',
  `Medians of ${ROUNDS} interleaved rounds (CPU: user + system seconds; the client is this process and the curl it runs):`,
  '',
  '| what | seconds | MB/s | client CPU s | server CPU s |',
  '|---|---:|---:|---:|---:|',
  ...rows.map((row) =>
    `| ${row.label} | ${fixed(medians[row.name], 3)} | ${fixed(mbps(medians[row.name]), 0)} | ` +
      `${fixed(cpu[row.name]!.client, 2)} | ${row.name === 'copy' || row.name === 'hash' ? '–' : fixed(cpu[row.name]!.server, 2)} |`),
  '',
  `Download ÷ copy throughput: **${ratio.toFixed(2)}** (target ≥ ${TARGET}: ${result.meetsTarget ? 'met' : 'not met'}). ` +
    `Hashing alone takes ${(result.hashShareOfDownload * 100).toFixed(0)}% of the download's time.`,
  ...(curlOverCopy === null || result.downloadOverCurl === null
    ? []
    : ['', `curl ÷ copy: ${curlOverCopy.toFixed(2)}; Hearth ÷ curl: ${result.downloadOverCurl.toFixed(2)}.`]),
  '',
  `Hearth ÷ Node's bare http client: ${result.downloadOverNodeHttp.toFixed(2)} (what hashing, resume and the checks cost in Node).`,
  ...(result.downloadCoresBusy === null
    ? []
    : ['', `During the download, client and server keep ${result.downloadCoresBusy.toFixed(2)} of the ${result.machine.cores} cores busy.`]),
  '',
].join('\n');
await fs.mkdir(resultsDir, { recursive: true });
await fs.writeFile(path.join(resultsDir, 'download-latest.json'), `${JSON.stringify(result, null, 2)}\n`);
await fs.writeFile(path.join(resultsDir, 'download-latest.md'), markdown);
console.log(`\n${markdown}`);
