import type { DocumentChunk, DocumentSection, PassageLocation } from './types.ts';

export interface ChunkOptions {
  /** The size a chunk aims for; only a single word longer than this is cut. */
  targetChars?: number;
  /** How much text a chunk repeats from the end of the one before it, rounded to a word start. */
  overlapChars?: number;
}

/** Start and end (exclusive) of a chunk in its section's text; both ends sit on non-blank characters. */
type Span = readonly [start: number, end: number];

/**
 * Splits sections into overlapping chunks for embedding, breaking at a
 * paragraph, else a sentence, else a line, else a word, as close to
 * `targetChars` as the text allows. A chunk stays within one section, so
 * within one PDF page; a text chunk carries the exact lines it covers.
 *
 * This must stay deterministic (no randomness, locale or clock): ingestion
 * resumes after a restart by chunk ordinal, so the same sections must always
 * give the same chunks in the same order.
 */
export function chunkSections(sections: readonly DocumentSection[], options: ChunkOptions = {}): DocumentChunk[] {
  const targetChars = options.targetChars ?? 1200;
  const overlapChars = options.overlapChars ?? 200;
  if (!Number.isInteger(targetChars) || targetChars < 2) throw new RangeError(`targetChars must be an integer of at least 2, not ${targetChars}`);
  if (!Number.isInteger(overlapChars) || overlapChars < 0 || overlapChars * 2 >= targetChars) {
    throw new RangeError(`overlapChars must be an integer from 0 to less than half of targetChars, not ${overlapChars}`);
  }
  const chunks: DocumentChunk[] = [];
  for (const section of sections) {
    const lines = lineCounter(section.text);
    for (const [start, end] of splitText(section.text, targetChars, overlapChars)) {
      chunks.push({ ordinal: chunks.length, text: section.text.slice(start, end), location: locate(section.location, start, end, lines) });
    }
  }
  return chunks;
}

function locate(location: PassageLocation, start: number, end: number, linesBefore: (offset: number) => number): PassageLocation {
  if ('page' in location) return { page: location.page };
  const lineStart = location.lineStart + linesBefore(start);
  return { lineStart, lineEnd: location.lineStart + linesBefore(end - 1) };
}

/** For an offset, how many line breaks come before it (a binary search over their positions). */
function lineCounter(text: string): (offset: number) => number {
  const breaks: number[] = [];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) breaks.push(i);
  return (offset) => {
    let low = 0;
    let high = breaks.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (breaks[middle]! < offset) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

function splitText(text: string, target: number, overlap: number): Span[] {
  const spans: Span[] = [];
  const textEnd = trimEnd(text, text.length);
  let start = skipSpace(text, 0);
  // The end of the previous chunk: every chunk must reach past it, or chunks could repeat.
  let covered = start;
  while (start < textEnd) {
    if (textEnd - start <= target) {
      spans.push([start, textEnd]);
      break;
    }
    const softEnd = softBreak(text, start, start + target, covered);
    if (softEnd === undefined && start < covered) {
      // The overlap leaves no room to reach a new break (a long word follows): drop it this once.
      start = skipSpace(text, covered);
      continue;
    }
    const end = softEnd ?? hardCut(text, start + target);
    spans.push([start, end]);
    covered = end;
    start = softEnd === undefined ? end : overlapStart(text, start, end, overlap);
  }
  return spans;
}

const paragraphBreak = /\n[^\S\n]*\n/g;
const sentenceEnd = /[.!?…。！？]['"”’)\]]*(?=\s)/g;
const lineBreak = /\n/g;

/**
 * The end of a chunk starting at `start` and ending by `limit`, past `covered`:
 * the last paragraph, sentence or line break in the window's second half, else
 * the last space anywhere in it; undefined when one word fills the window.
 */
function softBreak(text: string, start: number, limit: number, covered: number): number | undefined {
  const from = Math.max(start + Math.floor((limit - start) / 2), covered);
  const window = text.slice(from, limit + 1);
  for (const pattern of [paragraphBreak, sentenceEnd, lineBreak]) {
    let best: number | undefined;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(window); match !== null; match = pattern.exec(window)) {
      const at = pattern === sentenceEnd ? match.index + match[0].length : match.index;
      const end = trimEnd(text, from + at);
      if (end > covered && end > start && from + at <= limit) best = end;
    }
    if (best !== undefined) return best;
  }
  const floor = Math.max(start, covered);
  for (let i = limit; i > floor; i--) {
    if (!isSpace(text.charCodeAt(i))) continue;
    const end = trimEnd(text, i);
    return end > floor ? end : undefined;
  }
  return undefined;
}

/**
 * Where the next chunk starts: about `overlap` characters before `end`, at the
 * start of a line or sentence when one lies in the first half of that stretch,
 * else at the first word start.
 */
function overlapStart(text: string, start: number, end: number, overlap: number): number {
  const from = Math.max(end - overlap, start + 1);
  for (let i = from; i < end - overlap / 2; i++) {
    if (startsLineOrSentence(text, i)) return i;
  }
  for (let i = from; i < end; i++) {
    if (!isSpace(text.charCodeAt(i)) && isSpace(text.charCodeAt(i - 1))) return i;
  }
  return skipSpace(text, end);
}

function startsLineOrSentence(text: string, at: number): boolean {
  if (isSpace(text.charCodeAt(at))) return false;
  const before = text[at - 1];
  return before === '\n' || (before === ' ' && /[.!?…]['"”’)\]]*$/.test(text.slice(Math.max(0, at - 4), at - 1)));
}

/** A cut inside a word longer than a whole chunk, kept off the middle of a surrogate pair. */
function hardCut(text: string, at: number): number {
  const code = text.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

function trimEnd(text: string, to: number): number {
  let i = to;
  while (i > 0 && isSpace(text.charCodeAt(i - 1))) i--;
  return i;
}

// Whitespace as String.prototype.trim sees it, including no-break and ideographic spaces.
function isSpace(code: number): boolean {
  return code <= 0x20 ? code === 0x20 || (code >= 0x09 && code <= 0x0d) : /\s/.test(String.fromCharCode(code));
}
