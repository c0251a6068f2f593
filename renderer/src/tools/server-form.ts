/**
 * A tool server's command as the add form takes it: the arguments one per
 * line (so a path with spaces needs no quotes), the environment as
 * NAME=value lines. Blank lines are skipped.
 */
export function argumentLines(text: string): string[] {
  return text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
}

/** NAME=value lines as an environment, or the first line that is not one. */
export function environmentLines(text: string): { env: Record<string, string> } | { badLine: string } {
  const env: Record<string, string> = {};
  for (const line of argumentLines(text)) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!match) return { badLine: line };
    env[match[1]!] = match[2]!;
  }
  return { env };
}
