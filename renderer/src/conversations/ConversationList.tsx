/** Every conversation, newest first. */
import type { ConversationSummary } from '../../../src/api/index.ts';

const sameDay = (a: Date, b: Date) => a.toDateString() === b.toDateString();

function when(timestamp: number): string {
  const date = new Date(timestamp);
  if (sameDay(date, new Date())) return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

export interface ConversationListProps {
  conversations: ConversationSummary[];
  loaded: boolean;
  currentId: string | null;
  onOpen(id: string): void;
}

export function ConversationList({ conversations, loaded, currentId, onOpen }: ConversationListProps) {
  if (loaded && conversations.length === 0) {
    return <p className="sidebar__note">No conversations yet.</p>;
  }
  return (
    <ul className="conversation-list" aria-label="Conversations">
      {conversations.map((conversation) => (
        <li key={conversation.id}>
          <button
            type="button"
            className="conversation-item"
            data-testid="conversation-item"
            data-conversation-id={conversation.id}
            aria-current={conversation.id === currentId ? 'page' : undefined}
            onClick={() => onOpen(conversation.id)}
          >
            <span className="conversation-item__top">
              <span className="conversation-item__title">{conversation.title || 'Untitled'}</span>
              <time className="conversation-item__time" dateTime={new Date(conversation.updatedAt).toISOString()}>
                {when(conversation.updatedAt)}
              </time>
            </span>
            <span className="conversation-item__preview">{conversation.preview}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
