/**
 * A message of the person's: their text as Markdown, a Copy action, Edit
 * (sending the edited text starts a new branch from here), and ‹ 2/3 ›
 * where it has other versions.
 */
import { useRef, useState } from 'react';
import type { Message } from '../../../src/api/index.ts';
import { BranchSwitcher } from './BranchSwitcher.tsx';
import { CopyButton } from './CopyButton.tsx';
import { Markdown } from './Markdown.tsx';
import { MessageEditor } from './MessageEditor.tsx';
import './branches.css';
import './user-message.css';

export interface BranchActions {
  /** False while a reply is being written: the conversation cannot change branch under it. */
  canChange: boolean;
  /** Resolves false when Hearth refused the edited message (the composer says why). */
  edit(messageId: string, text: string): Promise<boolean>;
  show(messageId: string): void;
}

export function UserMessage({ message, text, highlighted, branches }: { message: Message; text: string; highlighted: boolean; branches?: BranchActions }) {
  const [editing, setEditing] = useState(false);
  const textRef = useRef<HTMLDivElement>(null);
  const className = `message message--user${highlighted ? ' message--highlighted' : ''}`;
  return (
    <article className={className} data-testid="message-user" data-message-id={message.id} aria-label="You said">
      {editing ? (
        <MessageEditor
          initial={text} onCancel={() => setEditing(false)}
          onSend={async (edited) => {
            const sent = (await branches?.edit(message.id, edited)) ?? false;
            if (sent) setEditing(false);
            return sent;
          }}
        />
      ) : (
        <>
          <div className="message__text message__text--user" data-testid="message-text" ref={textRef}>
            <Markdown text={text} />
          </div>
          <footer className="message__footer">
            {message.branch && branches ? <BranchSwitcher branch={message.branch} disabled={!branches.canChange} onShow={branches.show} /> : null}
            <CopyButton label="Copy message" className="button button--quiet" testId="message-copy" text={() => text} selectOnRefusal={() => textRef.current} />
            {branches ? (
              <button
                type="button" className="button button--quiet" onClick={() => setEditing(true)} disabled={!branches.canChange}
                data-testid="message-edit" title={branches.canChange ? 'Edit and send again as a new branch' : 'Wait for the reply to finish'}
              >
                Edit
              </button>
            ) : null}
          </footer>
        </>
      )}
    </article>
  );
}
