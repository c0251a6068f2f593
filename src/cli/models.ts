/**
 * `npm run models -- list | pull ID | import PATH | rm ID`: the models in
 * `<Hearth data dir>/models` (HEARTH_DATA_DIR or --data-dir), the
 * catalogue to download from (HEARTH_CATALOG replaces the bundled one,
 * e.g. for a mirror), with a progress bar for downloads and a one-line
 * error with what to do when something fails.
 */
import { parseArgs } from 'node:util';
import { HearthError } from '../api/errors.ts';
import { Engine } from '../engine/engine.ts';
import type { HardwareInfo } from '../engine/protocol.ts';
import type { Catalog } from '../models/catalog/catalog-schema.ts';
import { loadCatalog } from '../models/catalog/load-catalog.ts';
import { recommendModel, scoreFit, type ModelFit } from '../models/fit/score-fit.ts';
import { ModelLibrary, type InstalledModel } from '../models/library/model-library.ts';
import { modelsDir } from '../models/library/models-dir.ts';
import { formatBytes, formatProgressBar } from './progress-bar.ts';

const USAGE = 'Usage: npm run models -- list | pull ID | import PATH | rm ID   [--data-dir PATH]';

class UsageError extends Error {}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => `  ${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')}`.trimEnd()).join('\n');
}

function describeInstalled(model: InstalledModel): string[] {
  return [
    model.id, formatBytes(model.sizeBytes), model.quantization ?? '?', model.contextLength ? `ctx ${model.contextLength}` : 'ctx ?',
    model.licence ?? 'licence ?', model.verified ? 'verified' : 'unverified',
  ];
}

const fitLabels: Record<ModelFit['level'], string> = { gpu: 'GPU', 'partial-gpu': 'GPU+CPU', cpu: 'CPU', 'too-big': 'too big' };

function describeMachine(machine: HardwareInfo): string {
  const gpu = machine.gpu
    ? `${machine.gpu} GPU with ${formatBytes(machine.vramFreeBytes)} of ${formatBytes(machine.vramTotalBytes)} free`
    : 'no GPU in use';
  return `This computer: ${gpu}; ${machine.cpuCores} CPU cores; ${formatBytes(machine.ramFreeBytes)} of ${formatBytes(machine.ramTotalBytes)} RAM free.`;
}

function printList(installed: InstalledModel[], catalog: Catalog, dir: string, machine: HardwareInfo): void {
  console.log(describeMachine(machine));
  console.log(`\nInstalled in ${dir}:`);
  console.log(installed.length === 0 ? '  (none yet)' : table(installed.map(describeInstalled)));
  const available = catalog.models.filter((entry) => !installed.some((model) => model.file === entry.file));
  console.log('\nAvailable to download (npm run models -- pull ID):');
  console.log(
    table(
      available.map((entry) => {
        const fit = scoreFit(entry, machine);
        return [
          entry.id, entry.sizeBytes ? formatBytes(entry.sizeBytes) : 'size ?', entry.quantization, `ctx ${entry.contextLength}`,
          entry.licence, entry.kind, entry.sha256 ? 'sha256 known' : 'unverified', `${fitLabels[fit.level]}${fit.speed ? `, ${fit.speed}` : ''}`,
        ];
      }),
    ),
  );
  const recommended = recommendModel(catalog.models, machine);
  console.log(
    recommended
      ? `\nRecommended for this computer: ${recommended.entry.id} (${recommended.fit.reason}).`
      : "\nNo catalogue model fits in this computer's free memory.",
  );
}

async function pull(library: ModelLibrary, id: string): Promise<void> {
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  const live = process.stdout.isTTY === true;
  try {
    const model = await library.pull(id, {
      signal: controller.signal,
      onProgress: (progress) => {
        const line = formatProgressBar(progress);
        if (live) process.stdout.write(`\r${line}\x1b[K`);
        else console.log(line);
      },
    });
    if (live) process.stdout.write('\n');
    console.log(`Installed ${model.id} (${formatBytes(model.sizeBytes)}, ${model.verified ? 'sha256 verified' : 'unverified: no published sha256'}) at ${model.path}`);
  } finally {
    process.off('SIGINT', onInterrupt);
    if (live) process.stdout.write('\x1b[K');
  }
}

async function importModel(library: ModelLibrary, file: string): Promise<void> {
  const model = await library.import(file);
  console.log(`Imported ${model.file} (${formatBytes(model.sizeBytes)}, ${model.quantization ?? 'quantization unknown'}, context ${model.contextLength ?? 'unknown'}) into ${library.dir}`);
}

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { 'data-dir': { type: 'string' } } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [command, argument, ...extra] = parsed.positionals;
  const needsArgument = command === 'pull' || command === 'import' || command === 'rm';
  if (!command || !['list', 'pull', 'import', 'rm'].includes(command)) throw new UsageError(command ? `Unknown command "${command}".` : 'Name a command.');
  if ((needsArgument && !argument) || (!needsArgument && argument) || extra.length > 0) throw new UsageError(`Wrong arguments for "${command}".`);

  const catalog = await loadCatalog(process.env.HEARTH_CATALOG || undefined);
  const dir = modelsDir(parsed.values['data-dir']);
  // The inference worker starts only when needed: to inspect an imported file, or to see the GPU and memory for `list`.
  let engine: Engine | undefined;
  const worker = () => (engine ??= new Engine({ memory: { get: () => undefined, set: () => undefined }, onStatus: () => undefined }));
  const library = new ModelLibrary({ dir, catalog, inspect: (file) => worker().inspect(file) });
  try {
    if (command === 'list') printList(await library.list(), catalog, dir, await worker().detectHardware());
    else if (command === 'pull') await pull(library, argument!);
    else if (command === 'rm') console.log(`Removed ${(await library.remove(argument!)).file} from ${dir}`);
    else await importModel(library, argument!);
  } finally {
    await engine?.close();
  }
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n${USAGE}`);
    process.exitCode = 2;
  } else if (error instanceof HearthError) {
    console.error(`${error.shortMessage} ${error.action}`);
    if (error.details) console.error(`  (${error.details})`);
    process.exitCode = error.code === 'DOWNLOAD_CANCELLED' ? 130 : 1;
  } else {
    console.error(`Something went wrong: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
