import { parseArgs } from 'node:util';

export interface RuntimeOptions {
  modelPath?: string;
  threads?: number;
  dataDir?: string;
  /** Only from the environment (HEARTH_PASSPHRASE): a flag would show in the process list. */
  passphrase?: string;
  port: number;
}

export class OptionsError extends Error {
  override name = 'OptionsError';
}

function positiveInteger(value: string, what: string, allowZero = false): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < (allowZero ? 0 : 1)) {
    throw new OptionsError(`${what} must be a whole number${allowZero ? '' : ' above 0'}, not "${value}".`);
  }
  return number;
}

/**
 * The options every entry point shares: flags win over environment
 * variables (HEARTH_MODEL, HEARTH_THREADS, HEARTH_DATA_DIR, HEARTH_PORT);
 * HEARTH_PASSPHRASE unlocks the data without a window.
 */
export function parseRuntimeOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): RuntimeOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        model: { type: 'string' },
        threads: { type: 'string' },
        'data-dir': { type: 'string' },
        port: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new OptionsError(`${(error as Error).message}. Known options: --model PATH, --threads N, --data-dir PATH, --port N.`);
  }
  const model = values.model ?? env.HEARTH_MODEL;
  const threads = values.threads ?? env.HEARTH_THREADS;
  const dataDir = values['data-dir'] ?? env.HEARTH_DATA_DIR;
  const port = values.port ?? env.HEARTH_PORT;
  return {
    ...(model ? { modelPath: model } : {}),
    ...(threads ? { threads: positiveInteger(threads, 'The thread count') } : {}),
    ...(dataDir ? { dataDir } : {}),
    ...(env.HEARTH_PASSPHRASE ? { passphrase: env.HEARTH_PASSPHRASE } : {}),
    port: port ? positiveInteger(port, 'The port', true) : 0,
  };
}
