/**
 * A reply's tool calls as they happen: the records saved on the message,
 * then each change chat.toolCall reports for it (asked, running, done...).
 * A waiting record carries the id its approval is decided by, so the card
 * works after a reload too, while the reply is still being written.
 */
import { useEffect, useState } from 'react';
import type { HearthApi, Message, ToolCallView } from '../../../src/api/index.ts';

/** The list with one record replaced, or added at its end. */
function withRecord(list: ToolCallView[], record: ToolCallView): ToolCallView[] {
  return list.some((entry) => entry.id === record.id) ? list.map((entry) => (entry.id === record.id ? record : entry)) : [...list, record];
}

/** `api` null (drawn outside the app): the saved records only. */
export function useToolCalls(api: HearthApi | null, message: Message): ToolCallView[] {
  const saved = message.toolCalls;
  const [calls, setCalls] = useState<ToolCallView[]>(saved ?? []);
  // The message as stored (opened, or ended) is the truth; live changes follow it.
  useEffect(() => setCalls(saved ?? []), [saved]);
  useEffect(
    () => api?.on('chat.toolCall', ({ messageId, call }) => {
      if (messageId === message.id) setCalls((current) => withRecord(current, call));
    }),
    [api, message.id],
  );
  return calls;
}
