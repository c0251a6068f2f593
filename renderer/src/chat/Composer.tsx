/**
 * Where the person writes. Enter sends, Shift+Enter starts a new line. The
 * text stays until Hearth has accepted it, so a refused message (empty, too
 * long, no model yet) is never lost; the reason shows right above.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ErrorPayload } from '../../../src/api/index.ts';

export interface ComposerProps {
  streaming: boolean;
  stopping: boolean;
  error: ErrorPayload | null;
  onSend(text: string): Promise<boolean>;
  onStop(): void;
  /** Changes whenever the open conversation changes, to put the cursor back here. */
  focusKey: string;
}

export function Composer({ streaming, stopping, error, onSend, onStop, focusKey }: ComposerProps) {
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const disabled = streaming || sending;

  useEffect(() => {
    inputRef.current?.focus();
  }, [focusKey]);

  // The box is disabled while a reply is written; give the cursor back after.
  useEffect(() => {
    if (!disabled && (document.activeElement === null || document.activeElement === document.body)) inputRef.current?.focus();
  }, [disabled]);

  const submit = async () => {
    if (disabled) return;
    setSending(true);
    const accepted = await onSend(text);
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
      {error ? (
        <p id="composer-error" className="composer__error" data-testid="composer-error" role="alert">
          <strong>{error.message}</strong> {error.action}
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
          aria-invalid={error !== null}
          aria-describedby={error ? 'composer-error' : undefined}
        />
        {streaming ? (
          <button type="button" className="button button--stop" data-testid="stop-button" onClick={onStop} disabled={stopping}>
            {stopping ? 'Stopping…' : 'Stop'}
          </button>
        ) : (
          <button type="submit" className="button button--primary" data-testid="send-button" disabled={sending}>
            Send
          </button>
        )}
      </div>
    </form>
  );
}
