/**
 * Splits a byte stream into top-level JSON objects written back to back
 * with no delimiter, as MOR-RPC replies arrive. It tracks strings,
 * escapes and nesting depth only; each complete object is then parsed by
 * the caller. Works on bytes: UTF-8 never puts `{`, `}`, `"` or `\` inside
 * a multi-byte character, so a chunk boundary anywhere is safe.
 */
import { HearthError } from '../../api/errors.ts';

const openBrace = 0x7b;
const closeBrace = 0x7d;
const openBracket = 0x5b;
const closeBracket = 0x5d;
const quote = 0x22;
const backslash = 0x5c;
const isWhitespace = (byte: number) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

export class JsonObjectSplitter {
  readonly #maxObjectBytes: number;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #depth = 0;
  #inString = false;
  #escaped = false;

  constructor(maxObjectBytes: number) {
    this.#maxObjectBytes = maxObjectBytes;
  }

  /** Feeds bytes; returns the objects completed by them, as text. */
  push(chunk: Uint8Array): string[] {
    const complete: string[] = [];
    let start = this.#depth > 0 ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (this.#depth === 0) {
        if (isWhitespace(byte)) continue;
        if (byte !== openBrace) {
          throw new HearthError('MORRPC_MALFORMED', { details: `expected "{" but found byte 0x${byte.toString(16).padStart(2, '0')}` });
        }
        start = i;
        this.#depth = 1;
        continue;
      }
      if (this.#inString) {
        if (this.#escaped) this.#escaped = false;
        else if (byte === backslash) this.#escaped = true;
        else if (byte === quote) this.#inString = false;
        continue;
      }
      if (byte === quote) this.#inString = true;
      else if (byte === openBrace || byte === openBracket) this.#depth++;
      else if (byte === closeBrace || byte === closeBracket) {
        this.#depth--;
        if (this.#depth === 0) {
          this.#keep(chunk.subarray(start, i + 1));
          complete.push(this.#take());
          start = -1;
        }
      }
    }
    if (this.#depth > 0 && start >= 0) this.#keep(chunk.subarray(start));
    return complete;
  }

  /** The stream ended: anything half-read is an error. */
  end(): void {
    if (this.#depth > 0) {
      throw new HearthError('MORRPC_INCOMPLETE', { details: `the stream ended inside a JSON object after ${this.#pendingBytes} bytes` });
    }
  }

  #keep(piece: Uint8Array): void {
    this.#pendingBytes += piece.length;
    if (this.#pendingBytes > this.#maxObjectBytes) {
      throw new HearthError('MORRPC_TOO_LARGE', { details: `a JSON object is longer than ${this.#maxObjectBytes} bytes` });
    }
    this.#pending.push(Buffer.from(piece));
  }

  #take(): string {
    const bytes = Buffer.concat(this.#pending);
    this.#pending = [];
    this.#pendingBytes = 0;
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch (cause) {
      throw new HearthError('MORRPC_MALFORMED', { details: 'a JSON object is not valid UTF-8', cause });
    }
  }
}
