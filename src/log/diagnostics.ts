/**
 * The text behind "Copy diagnostics": what a bug report needs to start
 * with (versions, system, GPU, the models' state, the last problems from
 * the log) and nothing of the person's own: no messages, documents,
 * memories, passphrases or paths inside the data folder.
 */
import os from 'node:os';
import type { EmbedderStatusView, ModelStatus } from '../api/contract.ts';
import type { LogEntry } from './file-logger.ts';

/** The GPU and memory as the inference worker sees them (the engine's HardwareInfo). */
export interface DiagnosticsHardware {
  gpu: string | false;
  vramTotalBytes: number;
  vramFreeBytes: number;
}

export interface DiagnosticsInput {
  version: string;
  mode: 'electron' | 'browser';
  /** Null while the data is locked: the models are not started then. */
  model: ModelStatus | null;
  embedder: EmbedderStatusView | null;
  hardware: DiagnosticsHardware | null;
  gpuEnabled: boolean | null;
  problems: LogEntry[];
}

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;

/** Stack lines kept per error: the throw site and its callers, not the whole async chain. */
const stackLines = 8;

function modelLine(model: ModelStatus | null): string {
  if (!model) return 'not started (Hearth is locked)';
  const parts = [`${model.name ?? '(none)'}${model.isDemo ? ' (demo)' : ''}`, model.state];
  parts.push(model.gpu ? `GPU ${model.gpu}, ${model.gpuLayers ?? 0} layers` : 'CPU');
  if (model.threads !== null) parts.push(`${model.threads} thread${model.threads === 1 ? '' : 's'}`);
  if (model.contextSize !== null) parts.push(`context ${model.contextSize}`);
  if (model.fallbackReason) parts.push(`fallback: ${model.fallbackReason}`);
  if (model.error) parts.push(`error ${model.error.code}`);
  return parts.join(', ');
}

function embedderLine(embedder: EmbedderStatusView | null): string {
  if (!embedder) return 'not started (Hearth is locked)';
  const parts = [embedder.name ?? '(none)', embedder.state];
  if (embedder.dimensions !== null) parts.push(`${embedder.dimensions} dimensions`);
  if (embedder.error) parts.push(`error ${embedder.error.code}`);
  return parts.join(', ');
}

function gpuLine(hardware: DiagnosticsHardware | null, enabled: boolean | null): string {
  if (!hardware) return 'not detected (Hearth is locked, or the engine did not answer)';
  const gpu = hardware.gpu ? `${hardware.gpu}, ${gib(hardware.vramFreeBytes)} free of ${gib(hardware.vramTotalBytes)}` : 'none found (CPU only)';
  return enabled === false ? `${gpu}; turned off on the Models page` : gpu;
}

function problemLines(entry: LogEntry): string[] {
  const { time, level, area, event, error, ...fields } = entry;
  const facts = Object.entries(fields).filter(([, value]) => value !== null && value !== undefined).map(([key, value]) => `${key}=${String(value)}`);
  const lines = [`${time} ${level} ${area} ${event}${facts.length ? ` ${facts.join(' ')}` : ''}`];
  if (error) lines.push(...error.stack.split('\n').slice(0, stackLines).map((line) => `    ${line.trim()}`));
  return lines;
}

export function diagnosticsText(input: DiagnosticsInput): string {
  const runtime = process.versions.electron ? `Electron ${process.versions.electron}, Node ${process.versions.node}` : `Node ${process.versions.node}`;
  const cpus = os.cpus();
  return [
    'Hearth diagnostics',
    `Hearth: ${input.version} (${input.mode})`,
    `Generated: ${new Date().toISOString()}`,
    `OS: ${os.type()} ${os.release()} (${os.platform()} ${os.arch()})`,
    `Runtime: ${runtime}`,
    `CPU: ${cpus[0]?.model.trim() ?? 'unknown'}, ${os.availableParallelism()} cores`,
    `Memory: ${gib(os.freemem())} free of ${gib(os.totalmem())}`,
    `GPU: ${gpuLine(input.hardware, input.gpuEnabled)}`,
    `Chat model: ${modelLine(input.model)}`,
    `Embedding model: ${embedderLine(input.embedder)}`,
    '',
    input.problems.length ? `Last problems in the log, oldest first (${input.problems.length}):` : 'No problems in the log.',
    ...input.problems.flatMap(problemLines),
  ].join('\n');
}
