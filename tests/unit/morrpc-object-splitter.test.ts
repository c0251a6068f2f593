import { describe, expect, it } from 'vitest';
import { HearthError } from '../../src/api/errors.ts';
import { JsonObjectSplitter } from '../../src/market/morrpc/object-splitter.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const codeOf = (run: () => unknown) => {
  try { run(); } catch (error) { return error instanceof HearthError ? error.code : String(error); }
  return 'no error';
};

describe('reading back-to-back JSON replies', () => {
  it('splits objects written with no delimiter, even when cut at every byte', () => {
    const stream = '{"id":"1","result":{"message":"a}b{c\\"}"}}{"id":"1","result":{"x":[1,{"y":"é🔥"}]}}  {"id":"2"}';
    const whole = new JsonObjectSplitter(1024).push(bytes(stream));
    expect(whole.map((t) => JSON.parse(t))).toEqual([
      { id: '1', result: { message: 'a}b{c"}' } }, { id: '1', result: { x: [1, { y: 'é🔥' }] } }, { id: '2' },
    ]);
    const splitter = new JsonObjectSplitter(1024);
    const pieces: string[] = [];
    for (const byte of bytes(stream)) pieces.push(...splitter.push(Uint8Array.of(byte)));
    splitter.end();
    expect(pieces).toEqual(whole);
  });

  it('garbage before an object is a malformed message', () => {
    expect(codeOf(() => new JsonObjectSplitter(1024).push(bytes('GET / HTTP/1.1\r\n')))).toBe('MORRPC_MALFORMED');
  });

  it('half an object at the end of the stream is reported as incomplete', () => {
    const splitter = new JsonObjectSplitter(1024);
    expect(splitter.push(bytes('{"id":"1","params":{"nonce"'))).toEqual([]);
    expect(codeOf(() => splitter.end())).toBe('MORRPC_INCOMPLETE');
  });

  it('an object longer than the limit is refused before it is complete', () => {
    const splitter = new JsonObjectSplitter(100);
    expect(codeOf(() => { for (let i = 0; i < 10; i++) splitter.push(bytes(`{"a":"${'x'.repeat(20)}`)); })).toBe('MORRPC_TOO_LARGE');
  });

  it('invalid UTF-8 inside an object is a malformed message', () => {
    expect(codeOf(() => new JsonObjectSplitter(100).push(Uint8Array.of(0x7b, 0x22, 0xff, 0x22, 0x7d)))).toBe('MORRPC_MALFORMED');
  });
});
