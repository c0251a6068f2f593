/**
 * A provider's replies at once: a prompt waits its turn first come first
 * served, and is refused as overloaded rather than wait past its limit.
 */
import { describe, expect, it } from 'vitest';
import { HearthError } from '../../src/api/errors.ts';
import { ReplySlots } from '../../src/provider/reply-slots.ts';

const codeOf = (promise: Promise<unknown>) => promise.then(() => 'no error', (error: unknown) => (error instanceof HearthError ? error.code : String(error)));
const never = new AbortController().signal;

describe('reply slots', () => {
  it('gives a freed slot to the prompt that waited longest', async () => {
    const slots = new ReplySlots(1);
    const release = await slots.take(1_000, never);
    const order: string[] = [];
    const first = slots.take(1_000, never).then((give) => { order.push('first'); give(); });
    const second = slots.take(1_000, never).then((give) => { order.push('second'); give(); });
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
  });

  it('refuses a prompt as overloaded once it has waited its limit, and the slot still goes to the next one', async () => {
    const slots = new ReplySlots(2);
    const releases = [await slots.take(50, never), await slots.take(50, never)];
    expect(await codeOf(slots.take(50, never))).toBe('PROVIDER_OVERLOADED');
    const waiting = slots.take(1_000, never);
    releases[0]!();
    expect(await codeOf(waiting)).toBe('no error');
  });

  it('lets a prompt whose consumer went leave the line', async () => {
    const slots = new ReplySlots(1);
    const release = await slots.take(1_000, never);
    const gone = new AbortController();
    const leaving = slots.take(1_000, gone.signal);
    gone.abort();
    expect(await codeOf(leaving)).toBe('CONNECTION_LOST');
    release();
    expect(await codeOf(slots.take(10, never))).toBe('no error');
  });
});
