import { describe, expect, it } from 'vitest';
import { createTokenBatcher } from '../../src/engine/token-batcher.ts';

describe('streamed text batching', () => {
  it('sends the first token at once, joins tokens that come faster than 16 ms, and loses none', () => {
    let clock = 0;
    const sent: string[] = [];
    const batcher = createTokenBatcher((text) => sent.push(text), () => clock);
    batcher.push('Once');
    expect(sent).toEqual(['Once']);
    clock = 5;
    batcher.push(' upon');
    clock = 10;
    batcher.push(' a');
    expect(sent).toEqual(['Once']);
    clock = 40;
    batcher.push(' time');
    expect(sent).toEqual(['Once', ' upon a time']);
    clock = 41;
    batcher.push('.');
    batcher.flush();
    batcher.flush();
    expect(sent).toEqual(['Once', ' upon a time', '.']);
  });
});
