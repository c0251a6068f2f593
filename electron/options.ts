/**
 * Hearth's own flags out of Electron's command line. Electron's argv also
 * holds its binary, the app path (in development) and any Chromium switch
 * a person adds (`--no-sandbox`, `--enable-logging`), which the shared,
 * strict option parser (src/cli/runtime-options.ts) would refuse.
 */

const hearthFlags = ['--model', '--threads', '--data-dir'];

/** The `--model PATH`, `--threads N` and `--data-dir PATH` words of `argv` (also in `--flag=value` form), in order. */
export function hearthArgs(argv: readonly string[]): string[] {
  const picked: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] ?? '';
    if (hearthFlags.some((flag) => word.startsWith(`${flag}=`))) {
      picked.push(word);
    } else if (hearthFlags.includes(word)) {
      picked.push(word);
      // A missing value stays missing, so the parser reports it instead of reading the next flag as a path.
      const value = argv[i + 1];
      if (value !== undefined && !value.startsWith('--')) {
        picked.push(value);
        i++;
      }
    }
  }
  return picked;
}
