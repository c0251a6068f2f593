/**
 * One message in the chat, the person's or the assistant's, as markdown,
 * with a Copy action for its markdown source; a reply also has the line
 * saying where it was written and why, and a reply a provider wrote carries
 * a badge that opens where it ran and what it cost.
 */
import { useRef } from 'react';
import type { Message, ModelStatus } from '../../../src/api/index.ts';
import { BranchSwitcher } from './BranchSwitcher.tsx';
import { CopyButton } from './CopyButton.tsx';
import { Markdown } from './Markdown.tsx';
import { RouteLine } from '../routing/RouteLine.tsx';
import { rewriteLabels } from '../routing/rewrite-offer.ts';
import { RemoteBadge } from './RemoteBadge.tsx';
import { ReplyContextView } from './ReplyContextView.tsx';
import { ToolCallsView } from './ToolCallsView.tsx';
import { UserMessage, type BranchActions } from './UserMessage.tsx';
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
  /** A message of the person's: edit it, and show its other versions (left out: neither is offered). */
  branches?: BranchActions;
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
  message, text, canRegenerate, onRegenerate, highlighted, modelStatus, canContinue = false, onContinue, rewrite = null, onRewrite, branches,
}: MessageViewProps) {
  const textRef = useRef<HTMLDivElement>(null);
  if (message.role === 'user') return <UserMessage message={message} text={text} highlighted={highlighted} {...(branches ? { branches } : {})} />;
  const className = `message message--assistant${highlighted ? ' message--highlighted' : ''}`;

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
      <div className="message__text" data-testid="message-text" ref={textRef}>
        {text === '' && streaming ? null : <Markdown text={text} />}
      </div>
      <ToolCallsView message={message} />
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
      {!streaming && (text !== '' || message.branch || canRegenerate || canContinue || rewrite !== null || message.stats) ? (
        <footer className="message__footer">
          {message.stats ? (
            <span className="message__stats">
              {message.stats.tokens} tokens · {message.stats.tokensPerSecond.toFixed(1)} tok/s
            </span>
          ) : null}
          {message.branch && branches ? <BranchSwitcher branch={message.branch} disabled={!branches.canChange} onShow={branches.show} /> : null}
          {text !== '' ? (
            <CopyButton label="Copy message" className="button button--quiet" testId="message-copy" text={() => text} selectOnRefusal={() => textRef.current} />
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
