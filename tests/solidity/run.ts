/**
 * `npm run test:solidity`: compiles contracts/ with the Solidity tests here
 * (solc-js, cached in tests/solidity/.build/), runs every `*.t.sol` suite on
 * EDR's Solidity test runner (the engine of Hardhat 3's `hardhat test
 * solidity`, with Foundry's cheatcodes), prints a line per test and a
 * summary, and exits non-zero on any failure or compile error.
 *
 * `--json FILE` also writes `{ passed, failed, skipped, tests: [{ suite, name, status, reason? }] }`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  EdrContext,
  L1_CHAIN_TYPE,
  l1SolidityTestRunnerFactory,
  TestStatus,
  type Artifact,
  type ArtifactId,
  type SuiteResult,
} from '@nomicfoundation/edr';
import { compileSourceTrees, type SourceTreesBuild } from '../../contracts/compile.ts';

interface SolidityTestOutcome {
  suite: string;
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  reason?: string;
}

interface SolidityTestReport {
  passed: number;
  failed: number;
  skipped: number;
  tests: SolidityTestOutcome[];
}

const root = path.resolve(import.meta.dirname, '../..');
const testsDir = import.meta.dirname;
/** The dev chain's id (src/market/devchain): Hardhat's. */
const chainId = 31337n;

function artifactsOf(build: SourceTreesBuild): Artifact[] {
  return Object.entries(build.contracts).flatMap(([source, contracts]) =>
    Object.entries(contracts).map(([name, contract]) => ({
      id: { name, source, solcVersion: build.solcVersion },
      contract: {
        abi: JSON.stringify(contract.abi),
        bytecode: contract.evm.bytecode.object,
        linkReferences: contract.evm.bytecode.linkReferences,
        deployedBytecode: contract.evm.deployedBytecode.object,
        deployedLinkReferences: contract.evm.deployedBytecode.linkReferences,
      },
    })),
  );
}

/** A suite is a deployable contract in a `.t.sol` file with at least one `test…` function. */
function isSuite(artifact: Artifact): boolean {
  if (!artifact.id.source.endsWith('.t.sol') || !artifact.contract.bytecode) return false;
  const abi = JSON.parse(artifact.contract.abi) as { type: string; name?: string }[];
  return abi.some((item) => item.type === 'function' && item.name?.startsWith('test') === true);
}

/** How long the runner may take, after its call returned, to report the last suites. */
const lateReportMs = 120_000;

/**
 * Runs the suites; resolves once every suite has reported. EDR's call can
 * return before its last suite has called back (seen on a loaded machine:
 * 3 of 4 suites reported, all passing), so the results are awaited by
 * suite, and a suite that never reports fails the run by name.
 */
async function runSuites(artifacts: Artifact[], suites: ArtifactId[]): Promise<SuiteResult[]> {
  const context = new EdrContext();
  await context.registerSolidityTestRunnerFactory(L1_CHAIN_TYPE, l1SolidityTestRunnerFactory());
  const results: SuiteResult[] = [];
  let allReported: () => void = () => undefined;
  const reported = new Promise<void>((resolve) => (allReported = resolve));
  await context.runSolidityTests(
    L1_CHAIN_TYPE,
    artifacts,
    suites,
    { projectRoot: root, chainId },
    {},
    (result) => {
      results.push(result);
      if (results.length === suites.length) allReported();
    },
  );
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([reported, new Promise<void>((resolve) => (timer = setTimeout(resolve, lateReportMs)))]);
  clearTimeout(timer);
  const missing = suites.filter((suite) => !results.some((result) => result.id.name === suite.name && result.id.source === suite.source));
  if (missing.length > 0) throw new Error(`These Solidity suites never reported: ${missing.map((suite) => `${suite.name} (${suite.source})`).join(', ')}`);
  return results;
}

function outcomesOf(results: SuiteResult[]): SolidityTestOutcome[] {
  return results.flatMap((suite) =>
    suite.testResults.map((test): SolidityTestOutcome => {
      const status = test.status === TestStatus.Success ? 'passed' : test.status === TestStatus.Skipped ? 'skipped' : 'failed';
      const outcome: SolidityTestOutcome = { suite: suite.id.name, name: test.name.replace(/\(\)$/, ''), status };
      if (status === 'failed') outcome.reason = test.reason ?? 'failed without a reason';
      return outcome;
    }),
  );
}

function report(tests: SolidityTestOutcome[]): SolidityTestReport {
  const count = (status: SolidityTestOutcome['status']) => tests.filter((test) => test.status === status).length;
  return { passed: count('passed'), failed: count('failed'), skipped: count('skipped'), tests };
}

const mark = { passed: '✓', failed: '✗', skipped: '-' } as const;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { json: { type: 'string' } } });
  const started = performance.now();
  const build = compileSourceTrees({ root, dirs: [path.join(root, 'contracts'), testsDir], buildDir: path.join(testsDir, '.build') });
  const compiled = performance.now();

  const artifacts = artifactsOf(build);
  const suites = artifacts.filter(isSuite).map((artifact) => artifact.id);
  if (suites.length === 0) throw new Error(`no Solidity test suites (*.t.sol) under ${path.relative(root, testsDir)}`);
  const tests = outcomesOf(await runSuites(artifacts, suites));
  const result = report(tests);

  for (const test of [...tests].sort((a, b) => a.suite.localeCompare(b.suite))) {
    console.log(`${mark[test.status]} ${test.suite} › ${test.name}${test.reason === undefined ? '' : ` — ${test.reason}`}`);
  }
  const seconds = (from: number, to: number) => ((to - from) / 1000).toFixed(1);
  console.log(
    `\n${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped in ${suites.length} suites ` +
      `(compile ${seconds(started, compiled)} s, run ${seconds(compiled, performance.now())} s)`,
  );
  if (values.json !== undefined) fs.writeFileSync(values.json, JSON.stringify(result, null, 2));
  // A suite whose setUp failed reports one failing test, so a run without failures ran every suite.
  return result.failed > 0 || tests.length === 0 ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
