/**
 * Compiles contracts/*.sol with solc-js into ABI + bytecode. The output is
 * cached in contracts/.build/ (git-ignored) under a hash of every source,
 * the compiler version and the settings, so tests and `npm run chain` only
 * pay for the compiler (several seconds) after a source changed.
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

/** The deployable contracts, by Solidity name. */
export interface CompiledContracts {
  MorToken: CompiledContract;
  HearthMarketplace: CompiledContract;
}

const contractsDir = import.meta.dirname;
const cacheDir = path.join(contractsDir, '.build');
const require = createRequire(import.meta.url);

const settings = {
  optimizer: { enabled: true, runs: 200 },
  viaIR: true,
  evmVersion: 'cancun',
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
} as const;

function solidityFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith('.') ? [] : solidityFiles(full);
    return entry.name.endsWith('.sol') ? [full] : [];
  });
}

/** Our sources, keyed the way solc sees them (paths relative to contracts/). */
function readSources(): Record<string, { content: string }> {
  const sources: Record<string, { content: string }> = {};
  for (const file of solidityFiles(contractsDir).sort()) {
    sources[path.relative(contractsDir, file).split(path.sep).join('/')] = { content: fs.readFileSync(file, 'utf8') };
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

function cacheKey(sources: Record<string, { content: string }>): string {
  const openZeppelin = (require('@openzeppelin/contracts/package.json') as { version: string }).version;
  return crypto
    .createHash('sha256')
    .update(JSON.stringify({ sources, settings, solc: solc.version() as string, openZeppelin }))
    .digest('hex')
    .slice(0, 16);
}

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>;
}

function pick(output: SolcOutput, file: string, name: string): CompiledContract {
  const contract = output.contracts[file]?.[name];
  if (!contract) throw new Error(`solc produced no ${name} in ${file}`);
  return { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` };
}

/** The compiled contracts, from the cache when the sources have not changed. */
export function compileContracts(): CompiledContracts {
  const sources = readSources();
  const cacheFile = path.join(cacheDir, `${cacheKey(sources)}.json`);
  if (fs.existsSync(cacheFile)) return JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as CompiledContracts;

  const input = { language: 'Solidity', sources, settings };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport }) as string) as SolcOutput;
  const errors = (output.errors ?? []).filter((error) => error.severity === 'error');
  if (errors.length > 0) throw new Error(`Solidity compilation failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`);

  const compiled: CompiledContracts = {
    MorToken: pick(output, 'MorToken.sol', 'MorToken'),
    HearthMarketplace: pick(output, 'HearthMarketplace.sol', 'HearthMarketplace'),
  };
  fs.mkdirSync(cacheDir, { recursive: true });
  // Older outputs belong to sources that no longer exist.
  for (const old of fs.readdirSync(cacheDir)) fs.rmSync(path.join(cacheDir, old), { force: true });
  // Written whole under a temporary name, then renamed: a concurrent reader never sees half a file.
  const partial = `${cacheFile}.${process.pid}.tmp`;
  fs.writeFileSync(partial, JSON.stringify(compiled));
  fs.renameSync(partial, cacheFile);
  return compiled;
}

if (import.meta.main) {
  const started = Date.now();
  const compiled = compileContracts();
  for (const [name, contract] of Object.entries(compiled)) {
    console.log(`${name}: ${(contract.bytecode.length - 2) / 2} bytes of bytecode`);
  }
  console.log(`done in ${Date.now() - started} ms (cache: ${path.relative(process.cwd(), cacheDir)})`);
}
