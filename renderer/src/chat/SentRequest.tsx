/** In a provider reply's panel: what was redacted from the request, and the exact text that left, folded until asked for. */
import type { RemoteReply } from '../../../src/api/index.ts';
import { readableRequest, redactionSentence } from '../routing/disclosure-words.ts';
import '../routing/routing.css';

export function SentRequest({ sent }: { sent: RemoteReply['sent'] }) {
  return (
    <>
      {sent.redacted === undefined ? null : (
        <p className="remote-panel__redacted" data-testid="remote-redacted">
          {redactionSentence(sent.redacted)}
        </p>
      )}
      {sent.text === undefined ? null : (
        <details className="remote-panel__sent">
          <summary>Show the text that was sent</summary>
          <pre data-testid="remote-sent-text" tabIndex={0}>
            {readableRequest(sent.text)}
          </pre>
        </details>
      )}
    </>
  );
}
