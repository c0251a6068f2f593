import { describe, expect, it } from 'vitest';
import { createChunkPacer } from '../../src/provider/chunk-pacer.ts';

describe('the provider streams text in paced chunks', () => {
  it('sends the first text at once, joins what comes within 50 ms, and sends the rest when generation ends', () => {
    let clock = 1000;
    const sent: string[] = [];
    const pacer = createChunkPacer((text) => sent.push(text), () => clock);
    pacer.push('Once');
    expect(sent).toEqual(['Once']);
    for (const word of [' upon', ' a', ' time']) {
      clock += 10;
      pacer.push(word);
    }
    expect(sent).toEqual(['Once']);
    clock += 25;
    pacer.push(',');
    expect(sent).toEqual(['Once', ' upon a time,']);
    clock += 5;
    pacer.push(' there');
    pacer.flush();
    pacer.flush();
    expect(sent).toEqual(['Once', ' upon a time,', ' there']);
    expect(sent.join('')).toBe('Once upon a time, there');
  });
});
