/** Under a reply: the memories and document passages it was given (each opens in a viewer), and how long gathering them took. */
import { useState } from 'react';
import type { ReplyContext } from '../../../src/api/index.ts';
import { formatLocation } from '../documents/format.ts';
import { PassageViewer } from '../documents/PassageViewer.tsx';
import { useHearth } from '../state/HearthProvider.tsx';

const stages: [keyof ReplyContext['timings'], string][] = [
  ['embedQueryMs', 'Embed the question'],
  ['vectorSearchMs', 'Search by meaning'],
  ['keywordSearchMs', 'Search by words'],
  ['fuseMs', 'Fuse the rankings'],
  ['assembleMs', 'Assemble the prompt'],
];

export function ReplyContextView({ context }: { context: ReplyContext }) {
  const { api } = useHearth();
  const [openChunkId, setOpenChunkId] = useState<number | null>(null);
  const { facts, sources, timings } = context;
  const totalMs = Object.values(timings).reduce((sum, ms) => sum + ms, 0);
  return (
    <div className="reply-context" data-testid="reply-context">
      {facts.length > 0 ? (
        <div className="reply-context__group" data-testid="used-memory">
          <span className="reply-context__label">Used memory</span>
          <ul>
            {facts.map((fact) => (
              <li key={fact.id} title={fact.reason === 'pinned' ? 'Pinned: used in every reply' : 'Relevant to the question'}>
                {fact.text}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {sources.length > 0 ? (
        <div className="reply-context__group" data-testid="citations">
          <span className="reply-context__label">Sources</span>
          <ol>
            {sources.map((source) => (
              <li key={source.chunkId}>
                <button
                  type="button" className="reply-context__citation" onClick={() => setOpenChunkId(source.chunkId)}
                  title="Show this passage in its document" data-testid="citation"
                >
                  {source.documentName}, {formatLocation(source.location)}
                </button>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      <details className="reply-context__timings">
        <summary>Context gathered in {totalMs.toFixed(1)} ms</summary>
        <table>
          <tbody>
            {stages.map(([key, label]) => (
              <tr key={key}>
                <td>{label}</td>
                <td>{timings[key].toFixed(1)} ms</td>
              </tr>
            ))}
          </tbody>
        </table>
        {context.droppedTurns > 0 ? <p>{context.droppedTurns} earlier messages were left out to fit the model’s context.</p> : null}
      </details>
      {context.settings ? (
        <details className="reply-context__timings" data-testid="reply-settings">
          <summary>
            Written with {context.settings.preset === null ? 'this chat’s settings' : `the preset ${context.settings.preset}`}
          </summary>
          <p className="reply-context__system-prompt" data-testid="reply-system-prompt">{context.settings.systemPrompt}</p>
          <p>
            Temperature {context.settings.temperature}, top-p {context.settings.topP}, at most {context.settings.maxTokens} tokens
            {context.settings.contextTokens === null ? '' : `, a context of ${context.settings.contextTokens} tokens`}.
          </p>
        </details>
      ) : null}
      {openChunkId !== null ? <PassageViewer api={api} chunkId={openChunkId} onClose={() => setOpenChunkId(null)} /> : null}
    </div>
  );
}
