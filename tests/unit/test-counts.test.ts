/**
 * `npm test`'s totals: a suite that crashes, finds no tests or fails
 * outside a test is counted as failed, never as zero tests.
 */
import { describe, expect, it } from 'vitest';
import { countCheck, countPlaywright, countSolidity, countVitest } from '../runner/counts.ts';

const vitestReport = (overrides: object = {}) => ({
  numPassedTests: 5,
  numFailedTests: 0,
  numPendingTests: 1,
  numTodoTests: 0,
  testResults: [{ name: 'a.test.ts', status: 'passed', assertionResults: [{ status: 'passed' }] }],
  ...overrides,
});

const solidityReport = (overrides: object = {}) => ({
  passed: 28,
  failed: 0,
  skipped: 1,
  tests: [{ suite: 'SessionApproval', name: 'test_replayedApprovalIsRefused', status: 'passed' }],
  ...overrides,
});

const playwrightReport = (stats: object = {}, errors: unknown[] = []) => ({
  stats: { expected: 3, unexpected: 0, flaky: 0, skipped: 0, ...stats },
  errors,
});

describe('counting a suite', () => {
  it('counts typecheck and layering as one test each', () => {
    expect(countCheck(0)).toMatchObject({ passed: 1, failed: 0 });
    expect(countCheck(2)).toMatchObject({ passed: 0, failed: 1 });
    expect(countCheck(null)).toMatchObject({ passed: 0, failed: 1 });
  });

  it('takes vitest passes, failures and skips from its report', () => {
    expect(countVitest(vitestReport({ numFailedTests: 2 }), 1)).toEqual({ passed: 5, failed: 2, skipped: 1 });
  });

  it('counts a vitest file that failed to load as a failure', () => {
    const report = vitestReport({
      testResults: [
        { name: 'a.test.ts', status: 'passed', assertionResults: [{ status: 'passed' }] },
        { name: 'broken.test.ts', status: 'failed', assertionResults: [] },
      ],
    });
    expect(countVitest(report, 1)).toMatchObject({ passed: 5, failed: 1 });
  });

  it('counts a crash with no report as a failure', () => {
    expect(countVitest(undefined, 1)).toMatchObject({ passed: 0, failed: 1 });
    expect(countPlaywright(undefined, null)).toMatchObject({ passed: 0, failed: 1 });
  });

  it('counts a failing exit with no failing test (an unhandled error) as a failure', () => {
    expect(countVitest(vitestReport(), 1)).toMatchObject({ passed: 5, failed: 1 });
    expect(countPlaywright(playwrightReport(), 1)).toMatchObject({ passed: 3, failed: 1 });
  });

  it('counts Playwright flaky tests as passed and its global errors as failures', () => {
    expect(countPlaywright(playwrightReport({ flaky: 1, unexpected: 1, skipped: 2 }, [{ message: 'setup failed' }]), 1)).toEqual({
      passed: 4,
      failed: 2,
      skipped: 2,
      note: '1 error(s) outside any test',
    });
  });

  it('counts a clean run as it is', () => {
    expect(countPlaywright(playwrightReport(), 0)).toEqual({ passed: 3, failed: 0, skipped: 0 });
    expect(countVitest(vitestReport(), 0)).toEqual({ passed: 5, failed: 0, skipped: 1 });
  });

  it('takes the Solidity tests’ passes, failures and skips from their report', () => {
    expect(countSolidity(solidityReport(), 0)).toEqual({ passed: 28, failed: 0, skipped: 1 });
    expect(countSolidity(solidityReport({ passed: 27, failed: 1 }), 1)).toEqual({ passed: 27, failed: 1, skipped: 1 });
  });

  it('counts a Solidity run without a report (a compile error) as a failure', () => {
    expect(countSolidity(undefined, 1)).toEqual({ passed: 0, failed: 1, skipped: 0, note: 'no report (exit 1)' });
    expect(countSolidity({ passed: '28', failed: 0, skipped: 0, tests: [] }, 0)).toMatchObject({ failed: 1 });
  });

  it('counts a Solidity run with no tests, or a failing exit with none failed, as a failure', () => {
    expect(countSolidity(solidityReport({ passed: 0, skipped: 0, tests: [] }), 1)).toMatchObject({ passed: 0, failed: 1, note: 'no tests ran' });
    expect(countSolidity(solidityReport(), 1)).toMatchObject({ passed: 28, failed: 1 });
  });
});
