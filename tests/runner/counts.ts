/**
 * How `npm test` counts each suite's tests from its exit status and its
 * JSON report. A suite that could not run, or failed outside any test,
 * counts as failed: never as zero tests, silently.
 */

export interface SuiteCount {
  passed: number;
  failed: number;
  skipped: number;
  /** Why failures were counted that no test reported, for the summary table. */
  note?: string;
}

/** A check that is one test (typecheck, layering): it passed when its command exited 0. */
export function countCheck(exitCode: number | null): SuiteCount {
  return exitCode === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0, note: `exit ${exitCode}` };
}

/** The failures no test accounts for: a crash without a report, or a failing exit with no failure in it. */
function withExitCode(count: SuiteCount, exitCode: number | null): SuiteCount {
  if (exitCode === 0 || count.failed > 0) return count;
  return { ...count, failed: count.failed + 1, note: count.note ?? `exit ${exitCode} with no failing test` };
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { name: string; status: string; assertionResults: { status: string }[] }[];
}

function isVitestReport(report: unknown): report is VitestReport {
  return typeof report === 'object' && report !== null && 'numPassedTests' in report && Array.isArray((report as VitestReport).testResults);
}

/**
 * vitest's JSON report (Jest's format). A test file that failed with no
 * failing test in it (it did not load, or a hook threw) counts as one failure.
 */
export function countVitest(report: unknown, exitCode: number | null): SuiteCount {
  if (!isVitestReport(report)) return { passed: 0, failed: 1, skipped: 0, note: `no report (exit ${exitCode})` };
  const brokenFiles = report.testResults.filter(
    (file) => file.status === 'failed' && !file.assertionResults.some((test) => test.status === 'failed'),
  ).length;
  const count: SuiteCount = {
    passed: report.numPassedTests,
    failed: report.numFailedTests + brokenFiles,
    skipped: report.numPendingTests + report.numTodoTests,
  };
  if (brokenFiles > 0) count.note = `${brokenFiles} file(s) failed outside any test`;
  return withExitCode(count, exitCode);
}

interface PlaywrightReport {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  errors: unknown[];
}

function isPlaywrightReport(report: unknown): report is PlaywrightReport {
  return typeof report === 'object' && report !== null && 'stats' in report && Array.isArray((report as PlaywrightReport).errors);
}

/**
 * Playwright's JSON report. A flaky test passed on a retry; each error
 * outside the tests (global setup, a file that does not load, no tests
 * found) counts as one failure.
 */
export function countPlaywright(report: unknown, exitCode: number | null): SuiteCount {
  if (!isPlaywrightReport(report)) return { passed: 0, failed: 1, skipped: 0, note: `no report (exit ${exitCode})` };
  const { stats, errors } = report;
  const count: SuiteCount = {
    passed: stats.expected + stats.flaky,
    failed: stats.unexpected + errors.length,
    skipped: stats.skipped,
  };
  if (errors.length > 0) count.note = `${errors.length} error(s) outside any test`;
  return withExitCode(count, exitCode);
}

interface SolidityReport {
  passed: number;
  failed: number;
  skipped: number;
  tests: unknown[];
}

function isSolidityReport(report: unknown): report is SolidityReport {
  if (typeof report !== 'object' || report === null) return false;
  const { passed, failed, skipped, tests } = report as SolidityReport;
  return [passed, failed, skipped].every((n) => Number.isInteger(n)) && Array.isArray(tests);
}

/**
 * The Solidity tests' report (tests/solidity/run.ts --json). It is written
 * only after the tests ran, so a compile error leaves none: one failure.
 * A report with no tests at all is a failure too.
 */
export function countSolidity(report: unknown, exitCode: number | null): SuiteCount {
  if (!isSolidityReport(report)) return { passed: 0, failed: 1, skipped: 0, note: `no report (exit ${exitCode})` };
  const count: SuiteCount = { passed: report.passed, failed: report.failed, skipped: report.skipped };
  if (report.tests.length === 0) return { ...count, failed: count.failed + 1, note: 'no tests ran' };
  return withExitCode(count, exitCode);
}
