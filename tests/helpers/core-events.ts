import type { EventName, EventPayload, Message } from '../../src/api/contract.ts';
import type { Core } from '../../src/core/core.ts';

/** Resolves with the first event of that name that passes `match`. */
export function nextEvent<E extends EventName>(
  core: Core,
  event: E,
  match: (payload: EventPayload<E>) => boolean = () => true,
): Promise<EventPayload<E>> {
  return new Promise((resolve) => {
    const off = core.on((message) => {
      if (message.event === event && match(message.payload as EventPayload<E>)) {
        off();
        resolve(message.payload as EventPayload<E>);
      }
    });
  });
}

/** Resolves with the final form of a reply once it is done. */
export async function replyDone(core: Core, messageId: string): Promise<Message> {
  const { message } = await nextEvent(core, 'chat.done', (payload) => payload.message.id === messageId);
  return message;
}
