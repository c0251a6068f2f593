/**
 * Heavy documents are read in a separate process held to memory, time and
 * size limits: a file that expands enormously when read is refused with a
 * sentence that says so, and this process's memory does not grow with it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractDocument } from '../../src/memory/documents/index.ts';
import { writeBookPdf } from '../helpers/documents-core.ts';
import { writePdfBomb } from '../helpers/pdf-bomb.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const mb = 1024 * 1024;

const failureOf = (file: string, options?: Parameters<typeof extractDocument>[1]) =>
  extractDocument(file, options).then(
    () => ({ code: 'extracted', shortMessage: '' }),
    (error: { code: string; shortMessage: string }) => ({ code: error.code, shortMessage: error.shortMessage }),
  );

/** How far this process's resident memory rose above where it was while `work` ran, sampled every 10 ms. */
async function memoryRise<T>(work: () => Promise<T>): Promise<{ result: T; riseBytes: number }> {
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  try {
    const result = await work();
    return { result, riseBytes: Math.max(peak, process.memoryUsage.rss()) - before };
  } finally {
    clearInterval(sampler);
  }
}

describe('documents that expand when read', () => {
  it('refuses a 1 MB PDF that inflates to 1 GiB, with the default limits, and this process does not grow', async () => {
    const file = path.join(tempDir(), 'bomb.pdf');
    writePdfBomb(file, { inflatedMiB: 1024 });
    expect(fs.statSync(file).size).toBeLessThan(1.5 * mb);

    const { result, riseBytes } = await memoryRise(() => failureOf(file));
    expect(result).toEqual({ code: 'DOCUMENT_EXPANDS_TOO_MUCH', shortMessage: 'This file expands to more than 256 MB when read, so Hearth did not read it.' });
    expect(riseBytes).toBeLessThan(100 * mb);
  });

  it('reads the same PDF when it inflates to 4 MiB, and one with a 512 MiB picture: the limit is on what reading the text inflates', async () => {
    const dir = tempDir();
    writePdfBomb(path.join(dir, 'small.pdf'), { inflatedMiB: 4, text: 'Four mebibytes of nothing follow.' });
    expect((await extractDocument(path.join(dir, 'small.pdf'))).sections).toEqual([{ text: 'Four mebibytes of nothing follow.', location: { page: 1 } }]);
    // Text extraction never decodes pictures, as in a scan with a caption: they do not count.
    writePdfBomb(path.join(dir, 'scan.pdf'), { inflatedMiB: 512, asImage: true, text: 'A scanned page with a caption.' });
    expect((await extractDocument(path.join(dir, 'scan.pdf'))).sections).toEqual([{ text: 'A scanned page with a caption.', location: { page: 1 } }]);
  });

  it('stops a bomb hidden behind a second filter at the memory limit, and the next document reads as usual', async () => {
    const dir = tempDir();
    const bomb = path.join(dir, 'hidden-bomb.pdf');
    writePdfBomb(bomb, { inflatedMiB: 1024, hexWrapped: true });
    const note = path.join(dir, 'after.md');
    fs.writeFileSync(note, '# After the bomb\n\nThe reader was started again for this note.\n');

    const { result, riseBytes } = await memoryRise(() => failureOf(bomb));
    expect(result).toEqual({ code: 'DOCUMENT_EXPANDS_TOO_MUCH', shortMessage: 'This file expands to more than 1024 MB in memory when read, so Hearth stopped reading it.' });
    expect(riseBytes).toBeLessThan(100 * mb);
    expect((await extractDocument(note)).sections[0]!.text).toContain('started again for this note');
  });

  it('stops reading at the time limit with DOCUMENT_TOO_SLOW, and stops when cancelled', async () => {
    const bomb = path.join(tempDir(), 'hidden-bomb.pdf');
    writePdfBomb(bomb, { inflatedMiB: 1024, hexWrapped: true });
    // The memory limit is hit only after seconds of inflating: the time limit comes first.
    expect(await failureOf(bomb, { limits: { timeLimitMs: 1000 } }))
      .toEqual({ code: 'DOCUMENT_TOO_SLOW', shortMessage: 'Reading this file took longer than 1 second, so Hearth stopped.' });

    const controller = new AbortController();
    setTimeout(() => controller.abort(), 500);
    expect(await failureOf(bomb, { signal: controller.signal })).toMatchObject({ code: 'DOCUMENT_CANCELLED' });
  });
});

describe('documents with more text than Hearth reads', () => {
  it('refuses a text file and a PDF whose text is longer than the limit, saying how long it may be', async () => {
    const dir = tempDir();
    const text = path.join(dir, 'log.txt');
    fs.writeFileSync(text, 'A line of a long log file.\n'.repeat(Math.ceil((2 * mb) / 27)));
    expect(await failureOf(text, { limits: { maxTextChars: mb } }))
      .toEqual({ code: 'DOCUMENT_TEXT_TOO_LONG', shortMessage: 'The text in this file is longer than Hearth reads in one document (1 MB).' });

    const book = path.join(dir, 'book.pdf');
    await writeBookPdf(book, 10);
    expect(await failureOf(book, { limits: { maxTextChars: 5000 } })).toMatchObject({ code: 'DOCUMENT_TEXT_TOO_LONG' });
    expect((await extractDocument(book)).sections).toHaveLength(10);
  });

  it('brings a long text back whole, across the pieces it travels in, even where a piece ends inside a character', async () => {
    const file = path.join(tempDir(), 'poems.md');
    // Text travels in pieces of 1 Mi UTF-16 units; 😀 is two units, and this one straddles the first cut.
    const text = `${'ö'.repeat(mb - 1)}😀${' and the möön rose over the hill 🌕.\n'.repeat(50_000)}`;
    fs.writeFileSync(file, text);
    const { sections } = await extractDocument(file);
    expect(sections).toHaveLength(1);
    expect(sections[0]!.text.length).toBe(text.length);
    expect(sections[0]!.text === text).toBe(true);
  });
});
