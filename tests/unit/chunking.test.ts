import { describe, expect, it } from 'vitest';
import { chunkSections } from '../../src/memory/documents/chunk-sections.ts';
import type { DocumentChunk, DocumentSection } from '../../src/memory/documents/types.ts';

/** Deterministic prose: every word is `w<n>x`, unique, so a cut word or a chunk's place is easy to see. */
function prose(words: number, { wordsPerSentence = 12, sentencesPerLine = 1, linesPerParagraph = 4, firstWord = 0 } = {}): string {
  let text = '';
  for (let i = 0; i < words; i++) {
    const n = firstWord + i;
    text += `w${n}x`;
    const endsSentence = (i + 1) % wordsPerSentence === 0;
    const endsLine = endsSentence && (i + 1) % (wordsPerSentence * sentencesPerLine) === 0;
    const endsParagraph = endsLine && (i + 1) % (wordsPerSentence * sentencesPerLine * linesPerParagraph) === 0;
    text += endsSentence ? '.' : '';
    text += i === words - 1 ? '' : endsParagraph ? '\n\n' : endsLine ? '\n' : ' ';
  }
  return text;
}

const lines = (text: string) => ({ text, location: { lineStart: 1, lineEnd: text.split('\n').length } });
const tokens = (text: string) => text.split(/\s+/).filter((token) => token !== '');
const wordNumber = (token: string) => Number(/^w(\d+)x\.?$/.exec(token)![1]);

function longestOverlap(before: string, after: string): number {
  for (let length = Math.min(before.length, after.length); length > 0; length--) {
    if (before.endsWith(after.slice(0, length))) return length;
  }
  return 0;
}

function expectWholeWordsOnly(chunks: DocumentChunk[]): void {
  for (const chunk of chunks) {
    for (const token of tokens(chunk.text)) expect(token).toMatch(/^w\d+x\.?$/);
  }
}

describe('chunking extracted text', () => {
  it('keeps a short text as one trimmed chunk with the lines it really covers', () => {
    const chunks = chunkSections([lines('\n\n  Hello there.\nSecond line.  \n\n')]);
    expect(chunks).toEqual([{ ordinal: 0, text: 'Hello there.\nSecond line.', location: { lineStart: 3, lineEnd: 4 } }]);
  });

  it('breaks at paragraph ends near the target size, never above it', () => {
    const text = prose(2000);
    const chunks = chunkSections([lines(text)], { targetChars: 1200, overlapChars: 200 });
    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks.slice(0, -1)) {
      expect(chunk.text.length).toBeLessThanOrEqual(1200);
      expect(chunk.text.length).toBeGreaterThan(600);
      // A paragraph ends with a sentence, followed by a blank line in the source.
      expect(text.includes(`${chunk.text}\n\n`)).toBe(true);
    }
    expectWholeWordsOnly(chunks);
  });

  it('falls back to sentence ends, then to spaces, and never cuts a word', () => {
    const oneParagraph = prose(1500, { sentencesPerLine: 1000, linesPerParagraph: 1000 });
    const bySentence = chunkSections([lines(oneParagraph)]);
    for (const chunk of bySentence.slice(0, -1)) expect(chunk.text).toMatch(/x\.$/);
    expectWholeWordsOnly(bySentence);

    const noPunctuation = prose(1500, { wordsPerSentence: 1e9 });
    const bySpace = chunkSections([lines(noPunctuation)], { targetChars: 300, overlapChars: 50 });
    expect(bySpace.length).toBeGreaterThan(20);
    expectWholeWordsOnly(bySpace);
  });

  it('repeats about overlapChars of the previous chunk, starting on a word, and covers every word', () => {
    const text = prose(3000, { wordsPerSentence: 1e9 });
    const chunks = chunkSections([lines(text)], { targetChars: 500, overlapChars: 100 });
    for (let i = 1; i < chunks.length; i++) {
      const overlap = longestOverlap(chunks[i - 1]!.text, chunks[i]!.text);
      expect(overlap).toBeLessThanOrEqual(100);
      expect(overlap).toBeGreaterThanOrEqual(100 - 7); // at most one word (up to 6 characters) and a space short
    }
    const covered = new Set(chunks.flatMap((chunk) => tokens(chunk.text).map(wordNumber)));
    expect(covered.size).toBe(3000);
  });

  it('starts the overlap at a sentence when one begins early in it, else keeps its size', () => {
    const shortSentences = prose(2000, { wordsPerSentence: 6, sentencesPerLine: 1000, linesPerParagraph: 1000 });
    const chunks = chunkSections([lines(shortSentences)], { targetChars: 600, overlapChars: 120 });
    for (let i = 1; i < chunks.length; i++) {
      expect(shortSentences.slice(0, shortSentences.indexOf(chunks[i]!.text)).trimEnd()).toMatch(/x\.$/);
      expect(longestOverlap(chunks[i - 1]!.text, chunks[i]!.text)).toBeGreaterThanOrEqual(60);
    }
    // A long sentence then a short one, again and again: a sentence start lies just before most chunk ends.
    const longSentences = Array.from({ length: 60 }, (_, i) => `${prose(30, { firstWord: i * 100, wordsPerSentence: 30 })} ${prose(3, { firstWord: i * 100 + 50, wordsPerSentence: 3 })}`).join(' ');
    const longChunks = chunkSections([lines(longSentences)], { targetChars: 600, overlapChars: 120 });
    for (let i = 1; i < longChunks.length; i++) {
      expect(longestOverlap(longChunks[i - 1]!.text, longChunks[i]!.text)).toBeGreaterThanOrEqual(60);
    }
  });

  it('gives each chunk the exact line range it covers, also for a section that starts further down', () => {
    // One sentence per line, so the first and last words of a chunk tell its lines independently.
    const text = prose(4000, { wordsPerSentence: 5, sentencesPerLine: 1, linesPerParagraph: 7 });
    const lineOfWord = new Map<number, number>();
    text.split('\n').forEach((line, index) => tokens(line).forEach((token) => lineOfWord.set(wordNumber(token), index + 1)));
    const chunks = chunkSections([{ text, location: { lineStart: 40, lineEnd: 40 + text.split('\n').length - 1 } }], { targetChars: 700, overlapChars: 120 });
    expect(chunks.length).toBeGreaterThan(20);
    for (const chunk of chunks) {
      const words = tokens(chunk.text).map(wordNumber);
      expect(chunk.location).toEqual({ lineStart: 39 + lineOfWord.get(words[0]!)!, lineEnd: 39 + lineOfWord.get(words.at(-1)!)! });
    }
  });

  it('is deterministic: the same sections give the same chunks, ordinals counting across sections', () => {
    const sections = (): DocumentSection[] => [1, 2, 3].map((page) => ({ text: prose(600, { firstWord: page * 1000 }), location: { page } }));
    const first = chunkSections(sections(), { targetChars: 800, overlapChars: 150 });
    expect(chunkSections(sections(), { targetChars: 800, overlapChars: 150 })).toEqual(first);
    expect(first.map((chunk) => chunk.ordinal)).toEqual(first.map((_, index) => index));
  });

  it('keeps every chunk on one PDF page', () => {
    const pages = [1, 2, 3, 4].map((page) => ({ text: prose(150 * page, { firstWord: page * 10_000 }), location: { page } }));
    const chunks = chunkSections(pages, { targetChars: 400, overlapChars: 80 });
    for (const chunk of chunks) {
      const page = (chunk.location as { page: number }).page;
      expect(pages[page - 1]!.text.includes(chunk.text)).toBe(true);
      expect(Math.floor(wordNumber(tokens(chunk.text)[0]!) / 10_000)).toBe(page);
    }
    expect(new Set(chunks.map((chunk) => (chunk.location as { page: number }).page))).toEqual(new Set([1, 2, 3, 4]));
  });

  it('never makes an empty or blank chunk, and skips blank sections', () => {
    const text = `\n\n   \t\n${prose(400, { linesPerParagraph: 1 }).replaceAll('\n\n', '\n \n\n \n')}\n \n\n`;
    const wideSpaces = prose(400, { wordsPerSentence: 1e9 }).replaceAll(' ', ' \u00a0 \t ');
    const sections = [lines(text), lines('  \n\n \t '), { text: '', location: { page: 3 } }, { text: wideSpaces, location: { page: 4 } }];
    const chunks = chunkSections(sections, { targetChars: 200, overlapChars: 40 });
    expect(chunks.filter((chunk) => 'page' in chunk.location).length).toBeGreaterThan(10);
    for (const chunk of chunks) {
      expect(chunk.text.trim()).toBe(chunk.text);
      expect(chunk.text).not.toBe('');
    }
  });

  it('moves forward with every chunk, even across whitespace wider than half a chunk', () => {
    const text = prose(300, { linesPerParagraph: 1 }).replaceAll('\n\n', `\n${' '.repeat(150)}\n`);
    const spaced = prose(300, { wordsPerSentence: 1e9 }).replaceAll('0x ', `0x${' '.repeat(250)}`);
    for (const section of [text, spaced]) {
      const chunks = chunkSections([lines(section)], { targetChars: 200, overlapChars: 40 });
      for (let i = 1; i < chunks.length; i++) expect(chunks[i - 1]!.text.includes(chunks[i]!.text)).toBe(false);
    }
  });

  it('keeps whole a word that is long but shorter than a chunk, dropping the overlap to make room', () => {
    const long = `w${'7'.repeat(270)}x`;
    const chunks = chunkSections([lines(`${prose(80, { wordsPerSentence: 1e9 })} ${long} ${prose(80, { firstWord: 500, wordsPerSentence: 1e9 })}`)], { targetChars: 300, overlapChars: 100 });
    expectWholeWordsOnly(chunks);
    expect(chunks.some((chunk) => chunk.text.includes(long))).toBe(true);
  });

  it('cuts a single word longer than a chunk into pieces of at most the target, without splitting a character', () => {
    const huge = '\u{1F525}'.repeat(2_500); // 5,000 UTF-16 units, no space
    const text = `${prose(30)} ${huge} ${prose(30, { firstWord: 100 })}`;
    // An odd target puts a plain cut in the middle of a two-unit character.
    const chunks = chunkSections([lines(text)], { targetChars: 1201, overlapChars: 200 });
    const pieces = chunks.map((chunk) => chunk.text).filter((chunkText) => chunkText.includes('\u{1F525}'));
    expect(pieces.join('').replace(/[^\u{1F525}]/gu, '')).toBe(huge);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(1201);
      expect(chunk.text).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    }
    expectWholeWordsOnly(chunks.filter((chunk) => !chunk.text.includes('\u{1F525}')));
  });

  it('holds its promises on varied random text (seeded, so a failure repeats)', () => {
    let seed = 12345;
    const random = (below: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % below;
    };
    const separators = [' ', ' ', ' ', '. ', '\n', '\n\n', '   ', ' \n \n '];
    for (let round = 0; round < 150; round++) {
      const targetChars = 40 + random(600);
      const overlapChars = random(Math.floor(targetChars / 2));
      let text = separators[random(separators.length)]!;
      const words: string[] = [];
      for (let i = 0; i < 20 + random(300); i++) {
        const word = `w${i}${'z'.repeat(random(5) === 0 ? random(Math.floor(targetChars * 1.5)) : random(8))}x`;
        words.push(word);
        text += word + separators[random(separators.length)]!;
      }
      const chunks = chunkSections([lines(text)], { targetChars, overlapChars });
      expect(chunkSections([lines(text)], { targetChars, overlapChars })).toEqual(chunks);
      const joined = chunks.map((chunk) => chunk.text).join(' ');
      for (const chunk of chunks) {
        expect(chunk.text.length).toBeGreaterThan(0);
        expect(chunk.text.length).toBeLessThanOrEqual(targetChars);
        expect(chunk.text.trim()).toBe(chunk.text);
        expect(text.includes(chunk.text)).toBe(true);
      }
      for (const word of words) {
        if (word.length <= targetChars) expect(joined.includes(word)).toBe(true);
      }
      for (const token of tokens(joined)) {
        if (!/^w\d+z*x\.?$/.test(token)) expect(words.some((word) => word.length > targetChars && word.includes(token.replace(/\.$/, '')))).toBe(true);
      }
    }
  });

  it('refuses sizes that leave no room to move forward', () => {
    expect(() => chunkSections([], { targetChars: 100, overlapChars: 50 })).toThrow(RangeError);
    expect(() => chunkSections([], { targetChars: 1 })).toThrow(RangeError);
    expect(() => chunkSections([], { targetChars: 100.5, overlapChars: 10 })).toThrow(RangeError);
  });
});
