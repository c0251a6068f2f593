/**
 * `npm start`'s last step: runs Electron's binary on the built main process
 * (dist/electron/main.js), passing our arguments through
 * (`npm start -- --model PATH --threads 2`). ensure-electron.ts has already
 * made sure the binary is there.
 *
 * Only spawns: nothing here imports Electron or Hearth's code.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mainScript = path.join(root, 'dist', 'electron', 'main.js');

if (!fs.existsSync(mainScript)) {
  console.error('Hearth is not built yet; run `npm start` (which builds it) or `npm run build` first.');
  process.exit(1);
}

// The electron package's main export is the path of the binary it installed.
const electronBinary = createRequire(import.meta.url)('electron') as string;
const env = { ...process.env };
// Inherited from a parent that runs Electron as Node, this would start main.js as a plain script, without a window.
delete env.ELECTRON_RUN_AS_NODE;

const child = spawn(electronBinary, [mainScript, ...process.argv.slice(2)], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('error', (error) => {
  console.error(`Electron could not be started (${error.message}); run \`npm run serve\` to use Hearth in your browser.`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)));
