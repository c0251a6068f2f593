/**
 * `npm start`'s first step, before the build so that it fails fast: makes
 * sure Electron's binary is present. The `electron` package downloads it
 * on first use; where that cannot happen (offline, a blocked host) the
 * person gets one sentence that says what to do instead, not Electron's
 * stack trace. The download uses Node's fetch without retries, so an
 * unreachable host fails within seconds.
 *
 * Only spawns the package's installer: nothing here imports Electron.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The first `XError: reason` line of the installer's output, as a short reason. */
function reasonFrom(output: string): string | undefined {
  const line = output.split('\n').find((text) => /^\s*\w*Error: /.test(text));
  return line?.replace(/^\s*\w*Error: /, '').trim().slice(0, 160);
}

function cannotInstall(reason: string | undefined): never {
  const why = reason === undefined ? '' : ` (${reason})`;
  console.error(
    `Electron could not be installed on this machine${why}, so the desktop window cannot open; run \`npm run serve\` to use Hearth in your browser.`,
  );
  process.exit(1);
}

let installer: string;
try {
  installer = require.resolve('electron/install.js');
} catch {
  cannotInstall('the electron package is missing; run `npm install`');
}

// The package's own installer returns at once when the binary is already there.
const child = spawn(process.execPath, [installer], { stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
// Silent when nothing needs downloading or the download fails fast; a real download takes a while.
const notice = setTimeout(() => console.error('Downloading Electron (first start only)…'), 3000);
const code = await new Promise<number | null>((resolve) => {
  child.on('error', () => resolve(null));
  child.on('close', resolve);
});
clearTimeout(notice);
if (code !== 0) cannotInstall(reasonFrom(output));
