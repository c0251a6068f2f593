/**
 * An earlier message of the person's, being edited: sending it starts a
 * new branch from there (the original and its replies are kept, one click
 * away); Escape or Cancel leaves everything as it was.
 */
import { useEffect, useRef, useState } from 'react';
import { maxMessageChars } from '../bridge/limits.ts';

export function MessageEditor({ initial, onSend, onCancel }: { initial: string; onSend(text: string): Promise<boolean>; onCancel(): void }) {
  const [text, setText] = useState(initial);
  const [sending, setSending] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const element = field.current;
    if (element === null) return;
    element.focus();
    element.setSelectionRange(element.value.length, element.value.length);
  }, []);

  const empty = text.trim() === '';
  const tooLong = text.length > maxMessageChars;
  const send = async () => {
    if (empty || tooLong || sending) return;
    setSending(true);
    // Left open with the text when the send is refused (the composer shows why).
    if (!(await onSend(text))) setSending(false);
  };
  return (
    <form className="message-editor" onSubmit={(event) => { event.preventDefault(); void send(); }} data-testid="message-editor">
      <label className="visually-hidden" htmlFor="message-editor-text">Edit your message</label>
      <textarea
        id="message-editor-text" ref={field} className="text-input message-editor__text" rows={Math.min(10, Math.max(2, text.split('\n').length))}
        value={text} onChange={(event) => setText(event.target.value)} aria-invalid={tooLong} data-testid="message-editor-text"
        onKeyDown={(event) => {
          if (event.key === 'Escape') onCancel();
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            void send();
          }
        }}
      />
      {tooLong ? <p className="vault__error" role="alert">The message is too long to send; shorten it.</p> : null}
      <p className="message-editor__note">Sending starts a new branch from here; the original and its replies are kept.</p>
      <div className="message-editor__buttons">
        <button type="button" className="button button--quiet" onClick={onCancel}>Cancel</button>
        <button type="submit" className="button button--primary" disabled={empty || tooLong || sending} data-testid="message-editor-send">
          Send
        </button>
      </div>
    </form>
  );
}
