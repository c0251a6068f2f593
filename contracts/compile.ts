/**
 * Compiles contracts/*.sol with solc-js into ABI + bytecode. The output is
 * cached in contracts/.build/ (git-ignored) under a hash of every source,
 * the compiler version and the settings, so tests and `npm run chain` only
 * pay for the compiler (several seconds) after a source changed.
 *
 * compileSourceTrees does the same for the Solidity tests (tests/solidity):
 * contracts and tests together, with the outputs a test runner needs, in a
 * cache of their own, so test code never reaches a deployment.
 *
 * Run alone: `node contracts/compile.ts` prints the cache file it wrote.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import solc from 'solc';
import type { Abi, Hex } from 'viem';

export interface CompiledContract {
  abi: Abi;
  bytecode: Hex;
}

/** The deployable contracts, each in contracts/<name>.sol. */
const deployable = ['MorToken', 'HearthMarketplace', 'DevDelegateRegistry'] as const;

export type CompiledContracts = Record<(typeof deployable)[number], CompiledContract>;

type LinkReferences = Record<string, Record<string, { start: number; length: number }[]>>;

/** One contract as a test runner needs it: it deploys the tests and reads their functions from the ABI. */
export interface ContractBuild {
  abi: Abi;
  evm: {
    bytecode: { object: string; linkReferences: LinkReferences };
    deployedBytecode: { object: string; linkReferences: LinkReferences };
  };
}

/** Every contract of a compile (ours and the imported ones), by source unit name and contract name. */
export interface SourceTreesBuild {
  /** The compiler's semver, e.g. 0.8.37. */
  solcVersion: string;
  contracts: Record<string, Record<string, ContractBuild>>;
}

type Sources = Record<string, { content: string }>;

const contractsDir = import.meta.dirname;
const cacheDir = path.join(contractsDir, '.build');
const require = createRequire(import.meta.url);

const settings = {
  optimizer: { enabled: true, runs: 200 },
  viaIR: true,
  evmVersion: 'cancun',
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
} as const;

// The tests run the same code as a deployment: only the selected outputs differ.
const treeSettings = {
  ...settings,
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.bytecode.linkReferences', 'evm.deployedBytecode.object', 'evm.deployedBytecode.linkReferences'] } },
};

function solidityFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith('.') ? [] : solidityFiles(full);
    return entry.name.endsWith('.sol') ? [full] : [];
  });
}

/** The sources under `dir`, keyed the way solc sees them: paths relative to `base`. */
function readSources(dir: string, base: string): Sources {
  const sources: Sources = {};
  for (const file of solidityFiles(dir).sort()) {
    sources[path.relative(base, file).split(path.sep).join('/')] = { content: fs.readFileSync(file, 'utf8') };
  }
  return sources;
}

/** Imports such as "@openzeppelin/contracts/…" resolve to the installed package. */
function findImport(importPath: string): { contents: string } | { error: string } {
  try {
    return { contents: fs.readFileSync(require.resolve(importPath), 'utf8') };
  } catch {
    return { error: `Cannot find ${importPath}` };
  }
}

function cacheKey(sources: Sources, compileSettings: object): string {
  const openZeppelin = (require('@openzeppelin/contracts/package.json') as { version: string }).version;
  return crypto
    .createHash('sha256')
    .update(JSON.stringify({ sources, settings: compileSettings, solc: solc.version() as string, openZeppelin }))
    .digest('hex')
    .slice(0, 16);
}

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts: Record<string, Record<string, ContractBuild>>;
}

function runSolc(sources: Sources, compileSettings: object): SolcOutput {
  const input = { language: 'Solidity', sources, settings: compileSettings };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport }) as string) as SolcOutput;
  const errors = (output.errors ?? []).filter((error) => error.severity === 'error');
  if (errors.length > 0) throw new Error(`Solidity compilation failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
  return output;
}

function readCache<T>(file: string): T | undefined {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as T) : undefined;
}

function writeCache(file: string, value: unknown): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  // Older outputs belong to sources that no longer exist.
  for (const old of fs.readdirSync(dir)) fs.rmSync(path.join(dir, old), { force: true });
  // Written whole under a temporary name, then renamed: a concurrent reader never sees half a file.
  const partial = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(partial, JSON.stringify(value));
  fs.renameSync(partial, file);
}

function pick(output: SolcOutput, file: string, name: string): CompiledContract {
  const contract = output.contracts[file]?.[name];
  if (!contract) throw new Error(`solc produced no ${name} in ${file}`);
  return { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` };
}

/** The compiled contracts, from the cache when the sources have not changed. */
export function compileContracts(): CompiledContracts {
  const sources = readSources(contractsDir, contractsDir);
  // The list of contracts is part of the key: a cache written for fewer contracts is not reused.
  const cacheFile = path.join(cacheDir, `${cacheKey(sources, { ...settings, deployable })}.json`);
  const cached = readCache<CompiledContracts>(cacheFile);
  if (cached) return cached;

  const output = runSolc(sources, settings);
  const compiled = Object.fromEntries(deployable.map((name) => [name, pick(output, `${name}.sol`, name)])) as CompiledContracts;
  writeCache(cacheFile, compiled);
  return compiled;
}

/**
 * Compiles every .sol file under `dirs` together, keyed by their paths
 * relative to `root` (so `import "../../contracts/X.sol"` works between
 * them), with the deploy settings; cached in `buildDir`, which this
 * function owns (it clears older outputs there).
 */
export function compileSourceTrees(options: { root: string; dirs: string[]; buildDir: string }): SourceTreesBuild {
  const sources: Sources = Object.assign({}, ...options.dirs.map((dir) => readSources(dir, options.root)));
  const cacheFile = path.join(options.buildDir, `${cacheKey(sources, treeSettings)}.json`);
  const cached = readCache<SourceTreesBuild>(cacheFile);
  if (cached) return cached;

  const output = runSolc(sources, treeSettings);
  const build: SourceTreesBuild = { solcVersion: (solc.version() as string).split('+')[0]!, contracts: output.contracts };
  writeCache(cacheFile, build);
  return build;
}

if (import.meta.main) {
  const started = Date.now();
  const compiled = compileContracts();
  for (const [name, contract] of Object.entries(compiled)) {
    console.log(`${name}: ${(contract.bytecode.length - 2) / 2} bytes of bytecode`);
  }
  console.log(`done in ${Date.now() - started} ms (cache: ${path.relative(process.cwd(), cacheDir)})`);
}
