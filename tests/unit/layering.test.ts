/**
 * The layering rule is enforced by dependency-cruiser, not by convention:
 * the real tree passes, and a copy of it with forbidden imports added fails
 * with each of them named.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const depcruise = path.join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs');
const layers = ['src', 'renderer', 'electron', 'tests', 'bench'];

interface Violation {
  from: string;
  to: string;
  rule: { name: string; severity: string };
}

interface CruiseResult {
  /** The exit status of the command as CI runs it (text output): the number of errors. */
  exitCode: number;
  violations: Violation[];
}

function run(cwd: string, extraArgs: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const dirs = layers.filter((dir) => fs.existsSync(path.join(cwd, dir)));
  const args = [depcruise, ...dirs, '--config', '.dependency-cruiser.cjs', ...extraArgs];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      const exitCode = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ exitCode, stdout, stderr });
    });
  });
}

/**
 * Runs `npm run lint:layers`'s command in `cwd` for its exit status, and
 * again with JSON output for the violations (the JSON reporter always exits 0).
 */
async function cruise(cwd: string): Promise<CruiseResult> {
  const [asCi, asJson] = await Promise.all([run(cwd, []), run(cwd, ['--output-type', 'json'])]);
  try {
    const report = JSON.parse(asJson.stdout) as { summary: { violations: Violation[] } };
    return { exitCode: asCi.exitCode, violations: report.summary.violations };
  } catch {
    throw new Error(`dependency-cruiser printed no report (exit ${asJson.exitCode}): ${asJson.stderr}`);
  }
}

/** Writes `text` to `file` under `dir`, creating folders. */
function put(dir: string, file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
}

describe('the layering rule', () => {
  it('holds for the real tree', async () => {
    const result = await cruise(root);
    expect(result.violations.map((v) => `${v.from} -> ${v.to} (${v.rule.name})`)).toEqual([]);
    expect(result.exitCode).toBe(0);
  });

  describe('in a copy with forbidden imports added', () => {
    let copy: string;
    let result: CruiseResult;

    const probes = {
      coreImportsElectron: 'src/layering-probe/uses-electron.ts',
      coreImportsShell: 'src/layering-probe/uses-shell.ts',
      rendererImportsStore: 'renderer/src/layering-probe/uses-store.ts',
      rendererImportsApiValue: 'renderer/src/layering-probe/uses-api-value.ts',
      rendererImportsApiType: 'renderer/src/layering-probe/uses-api-type.ts',
    };

    beforeAll(async () => {
      copy = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-layering-'));
      for (const dir of ['src', 'renderer', 'electron']) {
        fs.cpSync(path.join(root, dir), path.join(copy, dir), { recursive: true });
      }
      for (const file of ['.dependency-cruiser.cjs', 'tsconfig.json', 'package.json']) {
        fs.copyFileSync(path.join(root, file), path.join(copy, file));
      }
      // Third-party imports must resolve in the copy as they do in the repository ('junction': no admin rights needed on Windows; ignored elsewhere).
      fs.symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'), 'junction');

      put(copy, 'src/store/layering-probe.ts', 'export const probeValue = 1;\n');
      put(copy, 'src/api/layering-probe.ts', 'export const probeValue = 1;\nexport type ProbeType = number;\n');
      put(copy, probes.coreImportsElectron, "import { app } from 'electron';\nexport const probe = app;\n");
      put(copy, probes.coreImportsShell, "import '../../electron/options.ts';\n");
      put(copy, probes.rendererImportsStore, "import { probeValue } from '../../../src/store/layering-probe.ts';\nexport const probe = probeValue;\n");
      put(copy, probes.rendererImportsApiValue, "import { probeValue } from '../../../src/api/layering-probe.ts';\nexport const probe = probeValue;\n");
      put(copy, probes.rendererImportsApiType, "import type { ProbeType } from '../../../src/api/layering-probe.ts';\nexport const probe: ProbeType = 1;\n");

      result = await cruise(copy);
    }, 60_000);

    afterAll(() => {
      if (copy !== undefined) fs.rmSync(copy, { recursive: true, force: true });
    });

    const rulesBrokenBy = (file: string) => result.violations.filter((v) => v.from === file).map((v) => v.rule.name);

    it('fails, as CI would', () => {
      expect(result.exitCode).not.toBe(0);
    });

    it('names the core importing electron', () => {
      expect(rulesBrokenBy(probes.coreImportsElectron)).toContain('core-not-to-ui-or-shell');
    });

    it('names the core importing the Electron shell', () => {
      expect(rulesBrokenBy(probes.coreImportsShell)).toContain('nothing-to-shell');
    });

    it('names the renderer importing a runtime value from src/store', () => {
      expect(rulesBrokenBy(probes.rendererImportsStore)).toContain('renderer-only-to-api');
    });

    it('names the renderer importing a runtime value from src/api', () => {
      expect(rulesBrokenBy(probes.rendererImportsApiValue)).toContain('renderer-api-types-only');
    });

    it('lets the renderer import types from src/api', () => {
      expect(rulesBrokenBy(probes.rendererImportsApiType)).toEqual([]);
    });
  });
});
