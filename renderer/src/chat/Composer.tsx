/**
 * Where the person writes. Enter sends, Shift+Enter starts a new line. The
 * text stays until Hearth has accepted it, so a refused message (empty, too
 * long, no model yet) is never lost; the reason shows right above until
 * the text is edited, with another way to send it where there is one (a
 * provider, when this computer cannot answer). Near the length limit a
 * counter shows, and over it a sentence says so before sending, which is
 * then held back.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { ErrorPayload } from '../../../src/api/index.ts';
import { lengthNotice } from './messageLength.ts';

export interface ComposerProps {
  streaming: boolean;
  stopping: boolean;
  error: ErrorPayload | null;
  onSend(text: string): Promise<boolean>;
  onStop(): void;
  /** Changes whenever the open conversation changes, to put the cursor back here. */
  focusKey: string;
  /** Under the text box: where the reply is written, when there is a choice. */
  below?: ReactNode;
  /** Offered beside the error: another way to send the same text. */
  offer?: { label: string; send(text: string): Promise<boolean> } | null;
}

export function Composer({ streaming, stopping, error, onSend, onStop, focusKey, below, offer = null }: ComposerProps) {
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  /** The text as it was last sent: a refusal of it no longer applies once the person edits it. */
  const [sentText, setSentText] = useState<string | null>(null);
  const shownError = error !== null && text === sentText ? error : null;
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const disabled = streaming || sending;
  const notice = lengthNotice(text.length);
  const tooLong = notice?.over === true;
  const describedBy = [shownError ? 'composer-error' : null, notice?.problem ? 'composer-length' : null, notice ? 'composer-counter' : null]
    .filter((id) => id !== null)
    .join(' ');

  useEffect(() => {
    inputRef.current?.focus();
  }, [focusKey]);

  // The box is disabled while a reply is written; give the cursor back after.
  useEffect(() => {
    if (!disabled && (document.activeElement === null || document.activeElement === document.body)) inputRef.current?.focus();
  }, [disabled]);

  const submit = async (send: (text: string) => Promise<boolean> = onSend) => {
    if (disabled || tooLong) return;
    setSending(true);
    setSentText(text);
    const accepted = await send(text);
    setSending(false);
    if (accepted) setText('');
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  };

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      {shownError ? (
        <p id="composer-error" className="composer__error" data-testid="composer-error" role="alert">
          <strong>{shownError.message}</strong> {shownError.action}
          {offer ? (
            <button type="button" className="button composer__offer" onClick={() => void submit(offer.send)} disabled={disabled} data-testid="composer-offer">
              {offer.label}
            </button>
          ) : null}
        </p>
      ) : null}
      {notice?.problem ? (
        <p id="composer-length" className="composer__error" data-testid="composer-length-error" role="alert">
          <strong>{notice.problem.message}</strong> {notice.problem.action}
        </p>
      ) : null}
      <div className="composer__row">
        <label htmlFor="composer-input" className="visually-hidden">
          Message
        </label>
        <textarea
          id="composer-input"
          ref={inputRef}
          className="composer__input"
          data-testid="composer-input"
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          placeholder={streaming ? 'Hearth is writing… (Esc to stop)' : 'Message Hearth (Enter to send, Shift+Enter for a new line)'}
          rows={3}
          disabled={disabled}
          aria-invalid={shownError !== null || tooLong}
          aria-describedby={describedBy === '' ? undefined : describedBy}
        />
        {streaming ? (
          <button type="button" className="button button--stop" data-testid="stop-button" onClick={onStop} disabled={stopping}>
            {stopping ? 'Stopping…' : 'Stop'}
          </button>
        ) : (
          <button type="submit" className="button button--primary" data-testid="send-button" disabled={sending || tooLong}>
            Send
          </button>
        )}
      </div>
      {below}
      {notice ? (
        <p id="composer-counter" className="composer__counter" data-testid="composer-counter" data-over={tooLong}>
          {notice.counter} characters
        </p>
      ) : null}
    </form>
  );
}
