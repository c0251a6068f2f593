/**
 * In the chat header: asks the local model which facts about the user
 * this conversation holds, and keeps only those the user accepts.
 */
import { useEffect, useState } from 'react';
import type { FactProposal, HearthApi } from '../../../src/api/index.ts';
import { useAttempt } from '../bridge/useAttempt.ts';
import './memory.css';

export function MemorySuggestions({ api, conversationId, disabled }: { api: HearthApi; conversationId: string; disabled: boolean }) {
  const [proposals, setProposals] = useState<FactProposal[] | null>(null);
  const [working, setWorking] = useState(false);
  const { error, setError, attempt } = useAttempt();

  useEffect(() => {
    setProposals(null);
    setError(null);
  }, [conversationId]);

  const suggest = async () => {
    setWorking(true);
    await attempt(async () => setProposals((await api.call('memory.propose', { conversationId })).proposals));
    setWorking(false);
  };
  const drop = (proposal: FactProposal) => setProposals((current) => current?.filter((entry) => entry !== proposal) ?? null);
  const accept = async (proposal: FactProposal) => {
    if (await attempt(() => api.call('memory.add', { text: proposal.text, sourceMessageId: proposal.sourceMessageId }))) drop(proposal);
  };

  return (
    <div className="suggestions">
      <button type="button" className="button button--quiet" disabled={disabled || working} onClick={() => void suggest()} data-testid="suggest-memories">
        {working ? 'Reading the chat…' : 'Suggest memories'}
      </button>
      {error ? (
        <p className="vault__error" role="alert">
          <strong>{error.message}</strong> {error.action}
        </p>
      ) : null}
      {proposals !== null ? (
        <div className="popover suggestions__panel" data-testid="memory-suggestions">
          {proposals.length === 0 ? (
            <p>Nothing new to remember from this chat.</p>
          ) : (
            <ul>
              {proposals.map((proposal) => (
                <li key={proposal.text} data-testid="memory-suggestion">
                  <span>{proposal.text}</span>
                  <button type="button" className="button button--primary" onClick={() => void accept(proposal)} data-testid="suggestion-accept">
                    Remember
                  </button>
                  <button type="button" className="button button--quiet" onClick={() => drop(proposal)}>
                    Dismiss
                  </button>
                </li>
              ))}
            </ul>
          )}
          <button type="button" className="button button--quiet" onClick={() => setProposals(null)}>
            Close
          </button>
        </div>
      ) : null}
    </div>
  );
}
