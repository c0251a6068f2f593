/**
 * What the routing policy decides from, and what it decides: whether a
 * reply is written on this computer or by a paid provider (or by neither),
 * with a stable code for the program and a sentence for the person.
 */
import type { DifficultySignals } from './difficulty.ts';

/** local-only: nothing leaves unless one message asks; automatic: the policy picks; prefer-provider: out unless forbidden. */
export type RouteMode = 'local-only' | 'automatic' | 'prefer-provider';

/** A choice the person made for one conversation or one message; null leaves it to the mode. */
export type RouteOverride = 'local' | 'provider' | null;

/** private: never leaves this computer, whatever is asked; normal: may go out as the mode and overrides say. */
export type PrivacyLevel = 'private' | 'normal';

/** Which of the person's spend limits has the least left. */
export type SpendLimitName = 'reply' | 'session' | 'day';

export interface RouteThresholds {
  /** A difficulty score at or above this goes out in automatic mode. */
  difficulty: number;
  /** A draft whose low quantile is below this goes out in automatic mode. */
  confidence: number;
}

/** The person's limits, in MOR wei, for one provider reply. */
export interface RouteSpend {
  /** The most the provider's reply could cost. */
  worstCaseWei: bigint;
  /** What is left of the tightest limit (per reply, session or day), and which it is; null when no limit is set. */
  left: { wei: bigint; limit: SpendLimitName } | null;
  /** A reply that could cost more than this waits for the person to confirm; null never asks. */
  confirmAboveWei: bigint | null;
}

export interface RouteInput {
  prompt: {
    /** What must reach the model whole: the system prompt and the new message. */
    promptTokens: number;
    /** What may be shortened to fit: earlier turns, memories and passages. */
    contextTokens: number;
  };
  /** contextWindow null: this computer has no model at all. */
  localModel: { loaded: boolean; contextWindow: number | null };
  signals: DifficultySignals;
  /** A low quantile (e.g. the 10th percentile) of the token probabilities of a local draft's first tokens. */
  draftConfidence?: { lowQuantile: number; tokens: number };
  mode: RouteMode;
  overrides: { conversation: RouteOverride; message: RouteOverride };
  spend: RouteSpend;
  privacy: PrivacyLevel;
  /**
   * available: providers offering the model; recentFailures: their failures in the last few minutes;
   * payable: a wallet is connected to pay them.
   */
  providers: { available: number; recentFailures: number; payable: boolean };
  thresholds: RouteThresholds;
}

/** Why the provider writes the reply. */
export type ProviderRouteCode =
  | 'message-asks-provider' | 'conversation-asks-provider' | 'prefer-provider-mode'
  | 'prompt-too-long-for-local' | 'no-local-model' | 'local-model-not-loaded'
  | 'hard-question' | 'low-draft-confidence';

/** Why the reply stays on this computer: the person's choice or the question. */
export type LocalRouteCode =
  | 'message-asks-local' | 'conversation-asks-local' | 'local-only-mode' | 'local-only-over-conversation'
  | 'easy-question' | 'confident-draft';

/** Why a provider could not be used though one was wanted. */
export type ProviderBlockCode = 'private-conversation' | 'no-provider-available' | 'no-wallet' | 'providers-failing' | 'spend-limit';

export type RouteCode = ProviderRouteCode | LocalRouteCode | ProviderBlockCode;

export interface RouteDecision {
  /** none: neither this computer nor a provider can write the reply; the reason says what to do. */
  target: 'local' | 'provider' | 'none';
  /** The person confirms the cost before anything is sent. */
  confirm: boolean;
  /** One line in plain words, shown under the reply. */
  reason: string;
  /**
   * The cause: for a provider, why it was chosen; for local, why it stayed
   * here; for none, why no provider writes it (the reason also says why
   * this computer cannot).
   */
  code: RouteCode;
  /** Not sent out, but a provider could help: the person is offered one, never sent silently. */
  offerProvider: boolean;
}
