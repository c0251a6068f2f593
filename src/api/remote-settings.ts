/**
 * The contract's part for what a reply written by a provider, off this
 * device, may be given besides the conversation's turns and the system
 * prompt: the user chooses one of three levels, never the whole memory.
 */
import { z } from 'zod';

/**
 * none: nothing private; passages: only the document passages found for the
 * question, which the reply is asked to cite; everything: the relevant
 * memories and passages, as a local reply would get them.
 */
export const disclosureLevelSchema = z.enum(['none', 'passages', 'everything']);

export type DisclosureLevel = z.output<typeof disclosureLevelSchema>;

/** Until the user chooses: a remote reply can cite the user's documents, but learns nothing of their memory. */
export const defaultDisclosureLevel: DisclosureLevel = 'passages';

const disclosure = z.object({ level: disclosureLevelSchema });

export const remoteSettingsMethods = {
  'remote.disclosure.get': { params: z.object({}), result: disclosure },
  /** Remembered; applies from the next remote reply on. */
  'remote.disclosure.set': { params: disclosure, result: disclosure },
} as const;
