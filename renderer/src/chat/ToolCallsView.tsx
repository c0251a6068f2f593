/**
 * The tools a reply called: per call its server and tool, the arguments as
 * formatted JSON, how it went, and its result folded away; a call waiting
 * for the person shows the approval card with Allow once, Always allow and
 * Refuse.
 */
import { useState } from 'react';
import type { ErrorPayload, HearthApi, Message, ToolCallView, ToolDecision } from '../../../src/api/index.ts';
import { asErrorPayload } from '../bridge/callError.ts';
import { useOptionalHearthApi } from '../state/HearthProvider.tsx';
import { useToolCalls } from './useToolCalls.ts';
import './tool-calls.css';

const formatted = (value: unknown) => JSON.stringify(value, null, 2);

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

function statusLabel(call: ToolCallView): string {
  switch (call.status) {
    case 'waiting':
      return 'Waiting for your decision';
    case 'running':
      return 'Running…';
    case 'refused':
      return 'You refused this call';
    case 'done': {
      const allowed = call.approval === 'once' ? 'allowed once' : 'allowed always';
      return `Done, ${allowed}${call.durationMs === undefined ? '' : `, in ${seconds(call.durationMs)}`}`;
    }
    case 'failed':
      return 'Failed';
  }
}

function ApprovalCard({ api, call, approvalId }: { api: HearthApi; call: ToolCallView; approvalId: string }) {
  const [deciding, setDeciding] = useState(false);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const decide = async (decision: ToolDecision) => {
    setDeciding(true);
    setError(null);
    try {
      await api.call('tools.decide', { approvalId, decision });
    } catch (failure) {
      setError(asErrorPayload(failure));
      setDeciding(false);
    }
  };
  return (
    <section className="tool-approval" data-testid="tool-approval" aria-label="Tool call waiting for your decision">
      <p className="tool-approval__question">
        Hearth wants to use <code>{call.tool}</code> from <strong>{call.server}</strong>
      </p>
      <pre className="tool-call__json" aria-label="Arguments">{formatted(call.arguments)}</pre>
      <div className="tool-approval__buttons">
        <button type="button" className="button button--primary" disabled={deciding} onClick={() => void decide('once')} data-testid="tool-allow-once">
          Allow once
        </button>
        <button type="button" className="button" disabled={deciding} onClick={() => void decide('always')} data-testid="tool-allow-always">
          Always allow
        </button>
        <button type="button" className="button button--stop" disabled={deciding} onClick={() => void decide('refuse')} data-testid="tool-refuse">
          Refuse
        </button>
      </div>
      {error ? (
        <p className="tool-call__error" role="alert">
          {error.message} {error.action}
        </p>
      ) : null}
    </section>
  );
}

export function ToolCallsView({ message }: { message: Message }) {
  const api = useOptionalHearthApi();
  const calls = useToolCalls(api, message);
  if (calls.length === 0) return null;
  const writing = message.status === 'streaming';
  return (
    <ol className="tool-calls" aria-label="Tools used">
      {calls.map((call) =>
        call.status === 'waiting' && call.approvalId !== undefined && writing && api !== null ? (
          <li key={call.id} className="tool-call" data-testid="tool-call" data-status={call.status}>
            <ApprovalCard api={api} call={call} approvalId={call.approvalId} />
          </li>
        ) : (
          <li key={call.id} className="tool-call" data-testid="tool-call" data-status={call.status}>
            <p className="tool-call__head">
              <code>{call.tool}</code> <span className="tool-call__server">from {call.server || 'an unknown server'}</span>
              <span className={`tool-call__status tool-call__status--${call.status}`} data-testid="tool-call-status">{statusLabel(call)}</span>
            </p>
            <pre className="tool-call__json" aria-label="Arguments">{formatted(call.arguments)}</pre>
            {call.status === 'failed' && call.result !== undefined ? (
              <p className="tool-call__error" data-testid="tool-call-failure">{call.result}</p>
            ) : null}
            {call.result !== undefined && call.status !== 'failed' ? (
              <details className="tool-call__result">
                <summary>{call.status === 'done' ? 'Result' : 'What the model was told'}</summary>
                <pre data-testid="tool-call-result">{call.result}</pre>
              </details>
            ) : null}
          </li>
        ),
      )}
    </ol>
  );
}
