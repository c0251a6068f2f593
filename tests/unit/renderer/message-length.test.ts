import { describe, expect, it } from 'vitest';
import { lengthNotice } from '../../../renderer/src/chat/messageLength.ts';
import { MAX_MESSAGE_CHARS } from '../../../src/api/index.ts';

describe('the composer\u2019s length notice', () => {
  it('says nothing while a message is far from the limit', () => {
    expect(lengthNotice(0)).toBeNull();
    expect(lengthNotice(28_799)).toBeNull();
  });

  it('shows a counter near the limit, without a problem while the message still fits', () => {
    expect(lengthNotice(28_800)).toEqual({ counter: '28,800 / 32,000', over: false, problem: null });
    expect(lengthNotice(MAX_MESSAGE_CHARS)).toEqual({ counter: '32,000 / 32,000', over: false, problem: null });
  });

  it('says by how much a message is over the limit the core enforces', () => {
    expect(lengthNotice(MAX_MESSAGE_CHARS + 1)).toEqual({
      counter: '32,001 / 32,000',
      over: true,
      problem: {
        message: 'This message is 32,001 characters long, over Hearth\u2019s limit of 32,000.',
        action: 'Shorten it by 1 character, or split it into several messages.',
      },
    });
    expect(lengthNotice(45_500)?.problem?.action).toBe('Shorten it by 13,500 characters, or split it into several messages.');
  });
});
