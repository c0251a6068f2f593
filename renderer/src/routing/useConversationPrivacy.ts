/** Whether the open conversation is private (nothing of it leaves this computer), and a way to change it. */
import { useCallback, useEffect, useState } from 'react';
import type { ErrorPayload, HearthApi } from '../../../src/api/index.ts';
import { asErrorPayload } from '../bridge/callError.ts';

export interface ConversationPrivacy {
  /** Null while unknown, and for a new chat not saved yet. */
  isPrivate: boolean | null;
  error: ErrorPayload | null;
  setPrivate(isPrivate: boolean): Promise<void>;
}

export function useConversationPrivacy(api: HearthApi, conversationId: string | null): ConversationPrivacy {
  const [known, setKnown] = useState<{ conversationId: string; isPrivate: boolean } | null>(null);
  const [error, setError] = useState<ErrorPayload | null>(null);

  useEffect(() => {
    setError(null);
    if (conversationId === null) return;
    let active = true;
    api.call('routing.conversation.get', { conversationId }).then(
      (result) => active && setKnown({ conversationId, isPrivate: result.private }),
      (failure: unknown) => active && setError(asErrorPayload(failure)),
    );
    return () => {
      active = false;
    };
  }, [api, conversationId]);

  const setPrivate = useCallback(
    async (isPrivate: boolean) => {
      if (conversationId === null) return;
      setError(null);
      // Shown at once; put back if Hearth refuses it.
      setKnown({ conversationId, isPrivate });
      try {
        const result = await api.call('routing.conversation.set', { conversationId, private: isPrivate });
        setKnown({ conversationId, isPrivate: result.private });
      } catch (failure) {
        setKnown({ conversationId, isPrivate: !isPrivate });
        setError(asErrorPayload(failure));
      }
    },
    [api, conversationId],
  );

  const isPrivate = known !== null && known.conversationId === conversationId ? known.isPrivate : null;
  return { isPrivate, error, setPrivate };
}
