/** The user's facts as the Memory page shows them, kept fresh by memory.changed events. */
import { useCallback, useEffect, useState } from 'react';
import type { ErrorPayload, HearthApi, MemoryFact } from '../../../src/api/index.ts';
import { asErrorPayload } from '../bridge/callError.ts';
import { useAttempt } from '../bridge/useAttempt.ts';

export interface MemoryController {
  facts: MemoryFact[] | null;
  error: ErrorPayload | null;
  /** The fact deleted last, until it is restored or another is deleted. */
  lastDeleted: MemoryFact | null;
  add(text: string): Promise<boolean>;
  update(id: string, change: { text?: string; pinned?: boolean; private?: boolean }): Promise<boolean>;
  remove(fact: MemoryFact): Promise<void>;
  undoDelete(): Promise<void>;
  dismissError(): void;
}

export function useMemory(api: HearthApi): MemoryController {
  const [facts, setFacts] = useState<MemoryFact[] | null>(null);
  const { error, setError, attempt } = useAttempt();
  const [lastDeleted, setLastDeleted] = useState<MemoryFact | null>(null);

  const refresh = useCallback(() => {
    api.call('memory.list', {}).then(setFacts, (failure: unknown) => setError(asErrorPayload(failure)));
  }, [api, setError]);

  useEffect(() => {
    refresh();
    return api.on('memory.changed', refresh);
  }, [api, refresh]);

  return {
    facts,
    error,
    lastDeleted,
    add: (text) => attempt(() => api.call('memory.add', { text })),
    update: (id, change) => attempt(() => api.call('memory.update', { id, ...change })),
    async remove(fact) {
      if (await attempt(() => api.call('memory.delete', { id: fact.id }))) setLastDeleted(fact);
    },
    async undoDelete() {
      const fact = lastDeleted;
      if (!fact) return;
      const restored = await attempt(() =>
        api.call('memory.add', { text: fact.text, sourceMessageId: fact.sourceMessageId, pinned: fact.pinned, private: fact.private }),
      );
      // The message it came from may be gone since: keep the fact, without its source.
      if (!restored) await attempt(() => api.call('memory.add', { text: fact.text, pinned: fact.pinned, private: fact.private }));
      setLastDeleted(null);
    },
    dismissError: () => setError(null),
  };
}
