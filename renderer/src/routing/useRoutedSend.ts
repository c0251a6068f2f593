/**
 * Sending with "Automatic — Hearth decides": the core is asked first where
 * the message would be answered. A provider route waits for the person in
 * the preview (why, the worst case, what was redacted and exactly what
 * would leave) before anything is sent; a message nothing can answer keeps
 * its text, the reason shows beside the composer, and where a provider
 * could help, sending it to one is offered. Any other choice is sent as
 * made. Each send resolves true once Hearth accepted the message, so the
 * composer clears only then.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ErrorPayload, HearthApi, ReplyTarget, RoutePreview } from '../../../src/api/index.ts';
import { asErrorPayload } from '../bridge/callError.ts';

export type PreviewChoice = 'provider' | 'local' | null;

export interface PendingPreview {
  preview: RoutePreview;
  /** Provider: send it out; local: answer here instead; null: send nothing, keep the text. */
  choose(choice: PreviewChoice): void;
}

export interface RoutedSendOptions {
  api: HearthApi;
  conversationId: string | null;
  /** Where the reply control says the next reply goes. */
  target: ReplyTarget;
  /** Whether a provider may be offered when nothing here can answer (not in local-only mode). */
  providersAllowed: boolean;
  send(text: string, target: ReplyTarget): Promise<boolean>;
}

export interface RoutedSend {
  send(text: string): Promise<boolean>;
  /** Why the last message was not sent, beside the composer; null when it was. */
  problem: ErrorPayload | null;
  /** Offered with the problem when a provider could answer: sends the same text to one, after the same preview. */
  sendToProvider: ((text: string) => Promise<boolean>) | null;
  /** The preview waiting for the person's choice. */
  pending: PendingPreview | null;
}

const nothingCanAnswer = (reason: string): ErrorPayload => ({ code: 'ROUTE_NOTHING_CAN_ANSWER', message: reason, action: '' });

export function useRoutedSend({ api, conversationId, target, providersAllowed, send }: RoutedSendOptions): RoutedSend {
  const [problem, setProblem] = useState<ErrorPayload | null>(null);
  const [offered, setOffered] = useState(false);
  const [pending, setPending] = useState<PendingPreview | null>(null);

  useEffect(() => {
    setProblem(null);
    setOffered(false);
  }, [conversationId]);

  /** The core's decision for this text, or null when it could not be had (the reason is then the problem). */
  const route = useCallback(
    async (text: string, override: 'provider' | null): Promise<RoutePreview | null> => {
      setProblem(null);
      setOffered(false);
      try {
        return await api.call('chat.route', { conversationId, text, override });
      } catch (failure) {
        setProblem(asErrorPayload(failure));
        return null;
      }
    },
    [api, conversationId],
  );

  const ask = useCallback(
    (preview: RoutePreview) =>
      new Promise<PreviewChoice>((resolve) => {
        setPending({
          preview,
          choose(choice) {
            setPending(null);
            resolve(choice);
          },
        });
      }),
    [],
  );

  /** Shows the preview, then sends where the person chose. */
  const confirmThenSend = useCallback(
    async (text: string, preview: RoutePreview, outTarget: ReplyTarget): Promise<boolean> => {
      const choice = await ask(preview);
      if (choice === 'provider') return send(text, outTarget);
      if (choice === 'local') return send(text, { kind: 'local' });
      return false;
    },
    [ask, send],
  );

  const routedSend = useCallback(
    async (text: string): Promise<boolean> => {
      if (target.kind !== 'auto') {
        setProblem(null);
        setOffered(false);
        return send(text, target);
      }
      const preview = await route(text, null);
      if (preview === null) return false;
      switch (preview.route.target) {
        case 'local':
          return send(text, { kind: 'auto', confirmed: false });
        case 'provider':
          return confirmThenSend(text, preview, { kind: 'auto', confirmed: true });
        case 'none':
          setProblem(nothingCanAnswer(preview.route.reason));
          setOffered(preview.offerProvider && providersAllowed);
          return false;
      }
    },
    [target, route, send, confirmThenSend, providersAllowed],
  );

  const sendToProvider = useCallback(
    async (text: string): Promise<boolean> => {
      const preview = await route(text, 'provider');
      if (preview === null) return false;
      if (preview.route.target !== 'provider') {
        setProblem(nothingCanAnswer(preview.route.reason));
        return false;
      }
      return confirmThenSend(text, preview, { kind: 'provider', fallback: 'local' });
    },
    [route, confirmThenSend],
  );

  return { send: routedSend, problem, sendToProvider: offered && providersAllowed ? sendToProvider : null, pending };
}
