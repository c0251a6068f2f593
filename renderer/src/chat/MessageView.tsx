/**
 * One message in the chat: the person's text as typed, or the assistant's
 * reply as markdown, with the line saying where it was written and why; a
 * reply a provider wrote carries a badge that opens where it ran and what
 * it cost.
 */
import type { Message, ModelStatus } from '../../../src/api/index.ts';
import { Markdown } from './Markdown.tsx';
import { RouteLine } from '../routing/RouteLine.tsx';
import { rewriteLabels } from '../routing/rewrite-offer.ts';
import { RemoteBadge } from './RemoteBadge.tsx';
import { ReplyContextView } from './ReplyContextView.tsx';
import './remote-reply.css';
import './reply-context.css';
import '../routing/routing.css';

export interface MessageViewProps {
  message: Message;
  text: string;
  /** Offer Regenerate (the last reply, once it has ended). */
  canRegenerate: boolean;
  onRegenerate(): void;
  highlighted: boolean;
  /** A reply with no text yet waits for the model while it is not ready (loading, or restarting after a crash). */
  modelStatus: ModelStatus | null;
  /** Offer "Continue on this computer" (the latest reply, cut while a provider wrote it). */
  canContinue?: boolean;
  onContinue?(): void;
  /** Offer writing the reply again elsewhere: on a provider, or here (the latest reply only). */
  rewrite?: 'provider' | 'local' | null;
  onRewrite?(on: 'provider' | 'local'): void;
}

/** What a reply that has no text yet is doing, in the model's words. */
function pendingLabel(modelStatus: ModelStatus | null): string {
  switch (modelStatus?.state) {
    case 'loading':
    case 'calibrating':
      return 'Waiting for the model to load…';
    case 'error':
      return 'Waiting for the model to restart…';
    default:
      return 'Thinking…';
  }
}

export function MessageView({
  message, text, canRegenerate, onRegenerate, highlighted, modelStatus, canContinue = false, onContinue, rewrite = null, onRewrite,
}: MessageViewProps) {
  const className = `message message--${message.role}${highlighted ? ' message--highlighted' : ''}`;
  if (message.role === 'user') {
    return (
      <article className={className} data-testid="message-user" data-message-id={message.id} aria-label="You said">
        <div className="message__text message__text--plain" data-testid="message-text">
          {text}
        </div>
      </article>
    );
  }

  const streaming = message.status === 'streaming';
  return (
    <article
      className={className}
      data-testid="message-assistant"
      data-message-id={message.id}
      data-status={message.status}
      aria-label="Hearth replied"
      aria-busy={streaming}
    >
      <div className="message__text" data-testid="message-text">
        {text === '' && streaming ? null : <Markdown text={text} />}
      </div>
      {streaming ? (
        <p className="message__writing" aria-live="polite">
          <span className="dots" aria-hidden="true" />
          {text === '' ? pendingLabel(modelStatus) : 'Writing…'}
        </p>
      ) : null}
      {message.status === 'interrupted' ? (
        <p className="message__note" data-testid="message-stopped">
          Stopped
        </p>
      ) : null}
      {message.status === 'error' ? (
        <p className="message__error" data-testid="message-error" role="alert">
          {message.error ? `${message.error.message} ${message.error.action}` : 'This reply failed.'}
        </p>
      ) : null}
      {message.route ? <RouteLine route={message.route} /> : null}
      {!streaming && message.context ? <ReplyContextView context={message.context} /> : null}
      {!streaming && message.remote ? <RemoteBadge remote={message.remote} /> : null}
      {!streaming && (canRegenerate || canContinue || rewrite !== null || message.stats) ? (
        <footer className="message__footer">
          {message.stats ? (
            <span className="message__stats">
              {message.stats.tokens} tokens · {message.stats.tokensPerSecond.toFixed(1)} tok/s
            </span>
          ) : null}
          {canContinue ? (
            <button type="button" className="button button--quiet" data-testid="continue-locally-button" onClick={onContinue}>
              Continue on this computer
            </button>
          ) : null}
          {canRegenerate ? (
            <button type="button" className="button button--quiet" data-testid="regenerate-button" onClick={onRegenerate}>
              Regenerate
            </button>
          ) : null}
          {rewrite !== null ? (
            <button type="button" className="button button--quiet" data-testid={`rewrite-${rewrite}-button`} onClick={() => onRewrite?.(rewrite)}>
              {rewriteLabels[rewrite]}
            </button>
          ) : null}
        </footer>
      ) : null}
    </article>
  );
}
