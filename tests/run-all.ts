/**
 * `npm test`: every suite in order (typecheck, layering, the Solidity
 * tests, vitest, Playwright), each streaming its own output, then a table
 * per suite and, as the very last line, `N passed, N failed` over all of
 * them. Exits non-zero when anything failed or could not run. Every suite
 * runs even after an earlier one failed, so one run shows everything that
 * is wrong.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { countCheck, countPlaywright, countSolidity, countVitest, type SuiteCount } from './runner/counts.ts';

const root = path.resolve(import.meta.dirname, '..');
const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-test-reports-'));
const solidityReport = path.join(reports, 'solidity.json');
const vitestReport = path.join(reports, 'vitest.json');
const playwrightReport = path.join(reports, 'playwright.json');

/** The JavaScript file behind a package's command, run with this Node (the project's pinned one) on every OS. */
function bin(pkg: string, command: string): string {
  const dir = path.join(root, 'node_modules', pkg);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  const file = manifest.bin[command];
  if (file === undefined) throw new Error(`${pkg} has no "${command}" command`);
  return path.join(dir, file);
}

interface Suite {
  name: string;
  command: () => string[];
  env?: NodeJS.ProcessEnv;
  count: (exitCode: number | null) => SuiteCount;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

const suites: Suite[] = [
  {
    name: 'typecheck',
    command: () => [bin('typescript', 'tsc'), '-p', 'tsconfig.json', '--noEmit'],
    count: countCheck,
  },
  {
    name: 'layering',
    // The same check as `npm run lint:layers`.
    command: () => [bin('dependency-cruiser', 'depcruise'), 'src', 'renderer', 'electron', 'tests', 'bench', '--config', '.dependency-cruiser.cjs'],
    count: countCheck,
  },
  {
    name: 'solidity',
    // The same run as `npm run test:solidity`.
    command: () => [path.join(root, 'tests', 'solidity', 'run.ts'), '--json', solidityReport],
    count: (exitCode) => countSolidity(readJson(solidityReport), exitCode),
  },
  {
    name: 'vitest',
    command: () => [bin('vitest', 'vitest'), 'run', '--reporter=default', '--reporter=json', `--outputFile=${vitestReport}`],
    count: (exitCode) => countVitest(readJson(vitestReport), exitCode),
  },
  {
    name: 'playwright',
    command: () => [bin('@playwright/test', 'playwright'), 'test', '--config', 'playwright.config.ts', '--reporter=list,json'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport },
    count: (exitCode) => countPlaywright(readJson(playwrightReport), exitCode),
  },
];

/** Runs one command with inherited output; resolves with its exit status (null when it could not start or was killed). */
function run(args: string[], env: NodeJS.ProcessEnv): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env });
    child.on('error', (error) => {
      console.error(`Could not start ${args[0]}: ${error.message}`);
      resolve(null);
    });
    child.on('exit', (code) => resolve(code));
  });
}

// Nested tools that call `node` get the project's pinned Node, as under npm.
const basePath = [path.join(root, 'node_modules', '.bin'), path.dirname(process.execPath), process.env.PATH ?? ''].join(path.delimiter);

const results: { name: string; count: SuiteCount; seconds: number }[] = [];
for (const suite of suites) {
  console.log(`\n━━ ${suite.name} ━━`);
  const started = performance.now();
  let count: SuiteCount;
  try {
    count = suite.count(await run(suite.command(), { ...process.env, PATH: basePath, ...suite.env }));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    count = { passed: 0, failed: 1, skipped: 0, note: 'could not run' };
  }
  results.push({ name: suite.name, count, seconds: (performance.now() - started) / 1000 });
}
fs.rmSync(reports, { recursive: true, force: true });

const columns = (...cells: string[]) =>
  (cells[0]!.padEnd(12) + cells.slice(1, 5).map((cell) => cell.padStart(8)).join('') + '  ' + (cells[5] ?? '')).trimEnd();
console.log(`\n${columns('suite', 'passed', 'failed', 'skipped', 'time', 'note')}`);
for (const { name, count, seconds } of results) {
  console.log(columns(name, String(count.passed), String(count.failed), String(count.skipped), `${seconds.toFixed(1)}s`, count.note ?? ''));
}
const passed = results.reduce((sum, result) => sum + result.count.passed, 0);
const failed = results.reduce((sum, result) => sum + result.count.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
