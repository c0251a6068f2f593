/** What a new chat shows before the first message. */
import type { ModelStatus } from '../../../src/api/index.ts';
import { RealModelHelp } from './RealModelHelp.tsx';

export function EmptyState({ modelStatus }: { modelStatus: ModelStatus | null }) {
  const realModel = modelStatus !== null && !modelStatus.isDemo && modelStatus.name !== null;
  return (
    <section className="empty-state" data-testid="empty-state" aria-labelledby="empty-state-title">
      <h2 id="empty-state-title">Start a conversation</h2>
      {realModel ? (
        <p>
          You are chatting with <strong>{modelStatus.name}</strong>, running on this computer. Nothing you type leaves it.
        </p>
      ) : (
        <>
          <p>
            Hearth runs a language model on this computer; nothing you type leaves it. It starts with a tiny demo model
            that only writes children&apos;s stories. To get real answers:
          </p>
          <RealModelHelp />
        </>
      )}
      <p className="empty-state__hint">Type below and press Enter to send. Shift+Enter starts a new line.</p>
    </section>
  );
}
