/**
 * What the routing policy remembers for the person, in the encrypted
 * settings: their mode and cost threshold, the conversations they made
 * private, and their corrections (a reply written again elsewhere), which
 * shift their thresholds.
 */
import { z } from 'zod';
import { routingSettingsSchema, type RoutingSettings } from '../api/contract.ts';
import type { SettingsRepository } from '../store/settings.ts';
import type { Correction } from './policy/personal-thresholds.ts';

const keys = { settings: 'routing.settings', private: 'routing.private', corrections: 'routing.corrections' } as const;

/** Until the person chooses: Hearth decides per message; every cost is shown before it is signed anyway. */
export const defaultRoutingSettings: RoutingSettings = { mode: 'automatic', confirmAboveWei: null, draftCheck: false };

/** Corrections kept: older ones weigh almost nothing (their weight halves every week). */
const maxCorrections = 200;

const correctionSchema = z.object({
  from: z.enum(['local', 'provider']),
  to: z.enum(['local', 'provider']),
  difficulty: z.number(),
  draftConfidence: z.number().optional(),
  at: z.number(),
});

export function routingSettingsStore(settings: SettingsRepository) {
  const privateIds = (): string[] => z.array(z.string()).catch([]).parse(settings.get(keys.private));
  return {
    get(): RoutingSettings {
      return routingSettingsSchema.catch(defaultRoutingSettings).parse({ ...defaultRoutingSettings, ...settings.get<object>(keys.settings) });
    },
    set(change: Partial<RoutingSettings>): RoutingSettings {
      const next = { ...this.get(), ...change };
      settings.set(keys.settings, next);
      return next;
    },
    isPrivate(conversationId: string): boolean {
      return privateIds().includes(conversationId);
    },
    setPrivate(conversationId: string, isPrivate: boolean): boolean {
      const others = privateIds().filter((id) => id !== conversationId);
      settings.set(keys.private, isPrivate ? [...others, conversationId] : others);
      return isPrivate;
    },
    corrections(): Correction[] {
      return z.array(correctionSchema).catch([]).parse(settings.get(keys.corrections));
    },
    addCorrection(correction: Correction): void {
      settings.set(keys.corrections, [...this.corrections(), correction].slice(-maxCorrections));
    },
  };
}

export type RoutingSettingsStore = ReturnType<typeof routingSettingsStore>;
