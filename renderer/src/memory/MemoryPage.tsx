/** What Hearth remembers about its user: add, edit, pin and delete facts. */
import { useState, type FormEvent } from 'react';
import type { HearthApi } from '../../../src/api/index.ts';
import { FactItem } from './FactItem.tsx';
import { useMemory } from './useMemory.ts';
import './memory.css';

export function MemoryPage({ api }: { api: HearthApi }) {
  const memory = useMemory(api);
  const [text, setText] = useState('');
  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === '') return;
    if (await memory.add(text.trim())) setText('');
  };

  return (
    <main className="memory" data-testid="memory-page">
      <h1>Memory</h1>
      <p className="memory__intro">
        Facts Hearth keeps about you, encrypted on this computer. Relevant ones are added to your questions, and
        each reply lists the ones it used. Hearth only remembers what you add here or accept from its suggestions.
      </p>
      <form className="memory__add" onSubmit={add}>
        <input
          className="text-input" value={text} onChange={(event) => setText(event.target.value)} maxLength={500}
          placeholder="e.g. I prefer answers with code examples in Python" aria-label="A fact to remember"
          data-testid="memory-input"
        />
        <button type="submit" className="button button--primary" disabled={text.trim() === ''} data-testid="memory-add">
          Remember
        </button>
      </form>
      {memory.error ? (
        <p className="vault__error" role="alert" data-testid="memory-error">
          <strong>{memory.error.message}</strong> {memory.error.action}
        </p>
      ) : null}
      {memory.lastDeleted ? (
        <p className="memory__undo" role="status">
          Deleted “{memory.lastDeleted.text}”.{' '}
          <button type="button" className="button button--quiet" onClick={() => void memory.undoDelete()} data-testid="memory-undo">
            Undo
          </button>
        </p>
      ) : null}
      {memory.facts === null ? null : memory.facts.length === 0 ? (
        <p className="memory__empty" data-testid="memory-empty">Nothing remembered yet.</p>
      ) : (
        <ul className="stack-list">
          {memory.facts.map((fact) => (
            <FactItem key={fact.id} fact={fact} memory={memory} />
          ))}
        </ul>
      )}
    </main>
  );
}
