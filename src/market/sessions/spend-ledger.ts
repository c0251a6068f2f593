/**
 * The spend limits' state (../spend/spend-limits.ts), kept in the settings
 * table so that what was spent today, and what is reserved by sessions
 * still open, survives a restart. Each change is computed by the pure
 * functions and saved whole; a refusal throws before anything is saved.
 */
import { emptySpendState, type SpendLimits, type SpendState } from '../spend/spend-limits.ts';

interface SettingsStore {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
}

const settingsKey = 'market.spend';

/** bigints as decimal strings, marked so they are read back as bigints and nothing else is. */
const bigintTag = 'bigint:';

function toSaved(state: SpendState): unknown {
  return JSON.parse(JSON.stringify(state, (_key, value: unknown) => (typeof value === 'bigint' ? `${bigintTag}${value}` : value)));
}

function fromSaved(saved: unknown): SpendState {
  return JSON.parse(JSON.stringify(saved), (_key, value: unknown) =>
    (typeof value === 'string' && value.startsWith(bigintTag) ? BigInt(value.slice(bigintTag.length)) : value)) as SpendState;
}

export class SpendLedger {
  readonly #settings: SettingsStore;
  #state: SpendState;

  constructor(settings: SettingsStore) {
    this.#settings = settings;
    const saved = settings.get<unknown>(settingsKey);
    this.#state = saved === undefined ? emptySpendState() : fromSaved(saved);
  }

  get state(): SpendState {
    return this.#state;
  }

  get limits(): SpendLimits {
    return this.#state.limits;
  }

  /** Applies one change of the spend-limit functions; a refusal leaves the saved state as it was. */
  apply(change: (state: SpendState) => SpendState): SpendState {
    const next = change(this.#state);
    this.#settings.set(settingsKey, toSaved(next));
    this.#state = next;
    return next;
  }
}
