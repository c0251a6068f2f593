/**
 * Hearth's log: one JSON object a line (time, level, area, event, then
 * structured fields) in the data folder, readable only by the user (0600),
 * rotated by size so it never grows past `files` × `maxBytes`. It is what a
 * person attaches to a bug report, so callers pass codes, counts and names,
 * never message, document or memory text, passphrases, keys or tokens.
 * Writes are synchronous: they are rare, and a line written just before a
 * crash must be on disk.
 */
import fs from 'node:fs';
import path from 'node:path';

export type LogLevel = 'info' | 'warn' | 'error';

export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** An error as the log keeps it: what it was, and where it was thrown. */
export interface LoggedError {
  name: string;
  code?: string;
  stack: string;
  cause?: LoggedError;
}

export interface LogEntry {
  time: string;
  level: LogLevel;
  area: string;
  event: string;
  error?: LoggedError;
  [field: string]: unknown;
}

export interface Logger {
  /** The file written now; older lines are in `${file}.1`, `${file}.2`, … */
  readonly file: string;
  info(area: string, event: string, fields?: LogFields): void;
  warn(area: string, event: string, fields?: LogFields): void;
  /** With the error's stack (and its causes'), for failures nobody expected. */
  error(area: string, event: string, fields: LogFields, error: unknown): void;
  /** The last `count` warnings and errors, oldest first, from this run and earlier ones. */
  recentProblems(count: number): LogEntry[];
}

export interface FileLoggerOptions {
  dir: string;
  fileName?: string;
  /** A file is rotated before it would pass this size. */
  maxBytes?: number;
  /** Files kept, the current one included. */
  files?: number;
}

export const logDirName = 'logs';
export const logFileName = 'hearth.log';

/** The log file of a data folder. */
export function logFilePath(dataDir: string): string {
  return path.join(dataDir, logDirName, logFileName);
}

const causeDepth = 3;

function toLoggedError(error: unknown, depth = 0): LoggedError {
  if (!(error instanceof Error)) return { name: typeof error, stack: '(not an Error object)' };
  const logged: LoggedError = { name: error.name, stack: error.stack ?? `${error.name} (no stack)` };
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') logged.code = code;
  if (error.cause !== undefined && depth < causeDepth) logged.cause = toLoggedError(error.cause, depth + 1);
  return logged;
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

export function createFileLogger({ dir, fileName = logFileName, maxBytes = 1024 * 1024, files = 3 }: FileLoggerOptions): Logger {
  const file = path.join(dir, fileName);
  const generation = (n: number) => (n === 0 ? file : `${file}.${n}`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (fs.existsSync(file)) fs.chmodSync(file, 0o600);
  let size = sizeOf(file);

  function rotate(): void {
    fs.rmSync(generation(files - 1), { force: true });
    for (let n = files - 2; n >= 0; n--) {
      if (fs.existsSync(generation(n))) fs.renameSync(generation(n), generation(n + 1));
    }
    size = 0;
  }

  function write(entry: LogEntry): void {
    const line = `${JSON.stringify(entry)}\n`;
    const bytes = Buffer.byteLength(line);
    try {
      if (size > 0 && size + bytes > maxBytes) rotate();
      try {
        fs.appendFileSync(file, line, { mode: 0o600 });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        // Wiping the data deleted the folder: a new log starts.
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        size = 0;
        fs.appendFileSync(file, line, { mode: 0o600 });
      }
      size += bytes;
    } catch {
      // A full or read-only disk must not turn every call into a failure: the line is lost, the app goes on.
    }
  }

  const entry = (level: LogLevel, area: string, event: string, fields: LogFields = {}): LogEntry =>
    ({ time: new Date().toISOString(), level, area, event, ...fields });

  return {
    file,
    info: (area, event, fields) => write(entry('info', area, event, fields)),
    warn: (area, event, fields) => write(entry('warn', area, event, fields)),
    error: (area, event, fields, error) => write({ ...entry('error', area, event, fields), error: toLoggedError(error) }),
    recentProblems(count) {
      const problems: LogEntry[] = [];
      for (let n = files - 1; n >= 0; n--) {
        let text: string;
        try {
          text = fs.readFileSync(generation(n), 'utf8');
        } catch {
          continue;
        }
        for (const line of text.split('\n')) {
          if (!line) continue;
          try {
            const parsed = JSON.parse(line) as LogEntry;
            if (parsed.level !== 'info') problems.push(parsed);
          } catch {
            // A line cut short by a crash is skipped.
          }
        }
      }
      return problems.slice(-count);
    },
  };
}
