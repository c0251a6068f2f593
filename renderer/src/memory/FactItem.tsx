/** One remembered fact: edit it in place, pin it into every prompt, keep it private from providers, or delete it (with undo). */
import { useState } from 'react';
import type { MemoryFact } from '../../../src/api/index.ts';
import type { MemoryController } from './useMemory.ts';

export function FactItem({ fact, memory }: { fact: MemoryFact; memory: MemoryController }) {
  const [draft, setDraft] = useState<string | null>(null);
  const save = async () => {
    if (draft === null || draft.trim() === '' || draft.trim() === fact.text) return setDraft(null);
    if (await memory.update(fact.id, { text: draft.trim() })) setDraft(null);
  };
  return (
    <li className="fact" data-testid="memory-fact" data-pinned={fact.pinned} data-private={fact.private}>
      {draft === null ? (
        <p className="fact__text">{fact.text}</p>
      ) : (
        <textarea
          className="text-input fact__editor" value={draft} rows={2} autoFocus aria-label="Edit this memory"
          onChange={(event) => setDraft(event.target.value)} data-testid="memory-fact-editor"
          onKeyDown={(event) => {
            if (event.key === 'Escape') setDraft(null);
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault();
              void save();
            }
          }}
        />
      )}
      <p className="fact__meta">
        {fact.sourceMessageId ? 'Learnt from a chat' : 'Added by you'} · {new Date(fact.createdAt).toLocaleDateString()}
      </p>
      <div className="fact__buttons">
        {draft === null ? (
          <button type="button" className="button button--quiet" onClick={() => setDraft(fact.text)} data-testid="memory-edit">
            Edit
          </button>
        ) : (
          <button type="button" className="button button--primary" onClick={() => void save()} data-testid="memory-save">
            Save
          </button>
        )}
        <button
          type="button" className="button button--quiet" aria-pressed={fact.pinned}
          onClick={() => void memory.update(fact.id, { pinned: !fact.pinned })} data-testid="memory-pin"
          title="A pinned memory goes into every prompt; the others only when relevant."
        >
          {fact.pinned ? 'Unpin' : 'Pin'}
        </button>
        <button
          type="button" className="button button--quiet" aria-pressed={fact.private}
          onClick={() => void memory.update(fact.id, { private: !fact.private })} data-testid="memory-private"
          title="A private memory never leaves this computer: where it would be sent to a provider, a placeholder stands for it."
        >
          {fact.private ? 'Private ✓' : 'Make private'}
        </button>
        <button type="button" className="button button--quiet" onClick={() => void memory.remove(fact)} data-testid="memory-delete">
          Delete
        </button>
      </div>
    </li>
  );
}
