/**
 * Reads one tool setting from the encrypted settings, checked against its
 * schema. A damaged value is refused with a clear error and left as it is:
 * writing over it would lose servers or grants the person set up.
 */
import type { z } from 'zod';
import { HearthError } from '../api/errors.ts';
import type { SettingsRepository } from '../store/settings.ts';

export function readToolSetting<T>(settings: SettingsRepository, key: string, schema: z.ZodType<T>, whenUnset: T): T {
  let saved: unknown;
  try {
    saved = settings.get<unknown>(key);
  } catch (error) {
    throw new HearthError('TOOL_SETTINGS_DAMAGED', { details: `${key}: ${error instanceof Error ? error.message : String(error)}`, cause: error });
  }
  if (saved === undefined) return whenUnset;
  const checked = schema.safeParse(saved);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new HearthError('TOOL_SETTINGS_DAMAGED', { details: `${key}${where}: ${issue?.message ?? 'not the expected shape'}` });
  }
  return checked.data;
}
