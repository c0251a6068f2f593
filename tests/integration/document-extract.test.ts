import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, PDFHexString, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { chunkSections, detectDocumentKind, extractDocument, listDocumentFiles, maxDocumentBytes } from '../../src/memory/documents/index.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const filler = 'The river runs past the old mill while the miller counts sacks of flour.';
const markerOf = (page: number) => `Page ${page} is where the otter number ${page} hides.`;

/** A PDF whose page n carries a sentence found on no other page, among filler lines. */
async function writeBookPdf(file: string, pages: number): Promise<void> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let page = 1; page <= pages; page++) {
    const sheet = doc.addPage();
    for (let line = 0; line < 30; line++) sheet.drawText(line === 15 ? markerOf(page) : filler, { x: 40, y: 760 - line * 20, font, size: 10 });
  }
  fs.writeFileSync(file, await doc.save());
}

/** The failure's code, or 'extracted' when it worked. */
const codeOf = (file: string, options?: Parameters<typeof extractDocument>[1]) =>
  extractDocument(file, options).then(() => 'extracted', (error: { code?: string; name?: string }) => error.code ?? error.name);

describe('extracting PDF documents', () => {
  it('reads all 200 pages of a book page by page, and the chunk holding page 137 says page 137', async () => {
    const file = path.join(tempDir(), 'book.pdf');
    await writeBookPdf(file, 200);
    // Loading pdf.js itself (a one-off of a few hundred ms) is not what this measures.
    await writeBookPdf(path.join(path.dirname(file), 'warm-up.pdf'), 1);
    await extractDocument(path.join(path.dirname(file), 'warm-up.pdf'));
    const progress: Array<[number, number]> = [];
    // A 5 ms timer measures how long the event loop is held at a time.
    let timerTicks = 0;
    let lastTick = performance.now();
    let longestGapMs = 0;
    const timer = setInterval(() => {
      timerTicks++;
      longestGapMs = Math.max(longestGapMs, performance.now() - lastTick);
      lastTick = performance.now();
    }, 5);
    const started = performance.now();
    const document = await extractDocument(file, { onProgress: (done, total) => progress.push([done, total]) });
    const elapsedMs = performance.now() - started;
    clearInterval(timer);
    console.log(`200-page PDF extracted in ${elapsedMs.toFixed(0)} ms; event loop held at most ${longestGapMs.toFixed(0)} ms at a time (${timerTicks} timer ticks)`);

    expect(document.kind).toBe('pdf');
    expect(document.sections.map((section) => section.location)).toEqual(Array.from({ length: 200 }, (_, i) => ({ page: i + 1 })));
    expect(progress).toHaveLength(200);
    expect(progress.at(-1)).toEqual([200, 200]);
    // The event loop was served while pages were read, not held for the whole extraction.
    expect(timerTicks).toBeGreaterThan(10);
    expect(longestGapMs).toBeLessThan(elapsedMs / 4);

    const chunks = chunkSections(document.sections);
    const withMarker = chunks.filter((chunk) => chunk.text.includes(markerOf(137)));
    expect(withMarker.length).toBeGreaterThan(0);
    for (const chunk of withMarker) expect(chunk.location).toEqual({ page: 137 });
    const page13 = chunks.filter((chunk) => chunk.text.includes('otter number 13 '));
    expect(page13.map((chunk) => chunk.location)).toEqual(page13.map(() => ({ page: 13 })));
  });

  it('stops between pages when cancelled, with DOCUMENT_CANCELLED', async () => {
    const file = path.join(tempDir(), 'book.pdf');
    await writeBookPdf(file, 60);
    const controller = new AbortController();
    const pagesDone: number[] = [];
    const code = await codeOf(file, {
      signal: controller.signal,
      onProgress: (done) => {
        pagesDone.push(done);
        if (done === 20) controller.abort();
      },
    });
    expect(code).toBe('DOCUMENT_CANCELLED');
    expect(pagesDone.at(-1)).toBe(20);
  });

  it('refuses a truncated PDF and random bytes named .pdf as unreadable', async () => {
    const dir = tempDir();
    const whole = path.join(dir, 'whole.pdf');
    await writeBookPdf(whole, 3);
    const bytes = fs.readFileSync(whole);
    fs.writeFileSync(path.join(dir, 'truncated.pdf'), bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    fs.writeFileSync(path.join(dir, 'noise.pdf'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24)));
    expect(await codeOf(path.join(dir, 'truncated.pdf'))).toBe('DOCUMENT_UNREADABLE');
    expect(await codeOf(path.join(dir, 'noise.pdf'))).toBe('DOCUMENT_UNREADABLE');
  });

  it('refuses a password-protected PDF, saying so', async () => {
    // pdf-lib cannot encrypt; it can write a standard security handler whose user password is not empty.
    const doc = await PDFDocument.create();
    doc.addPage().drawText('secret plans', { x: 40, y: 700, font: await doc.embedFont(StandardFonts.Helvetica) });
    const encrypt = doc.context.obj({ Filter: 'Standard', V: 1, R: 2, Length: 40, P: -44, O: PDFHexString.of('11'.repeat(32)), U: PDFHexString.of('22'.repeat(32)) });
    doc.context.trailerInfo.Encrypt = doc.context.register(encrypt);
    doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of('33'.repeat(16)), PDFHexString.of('33'.repeat(16))]);
    const file = path.join(tempDir(), 'locked.pdf');
    fs.writeFileSync(file, await doc.save({ useObjectStreams: false }));
    const error = await extractDocument(file).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'DOCUMENT_UNREADABLE', shortMessage: 'The PDF is protected by a password.' });
  });

  it('reports a PDF with no text, such as scanned pages, as empty', async () => {
    const doc = await PDFDocument.create();
    doc.addPage().drawRectangle({ x: 50, y: 50, width: 300, height: 400 });
    const file = path.join(tempDir(), 'scan.pdf');
    fs.writeFileSync(file, await doc.save());
    const error = await extractDocument(file).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'DOCUMENT_EMPTY' });
    expect((error as Error).message).toContain('scanned');
  });
});

describe('extracting text, Markdown and HTML documents', () => {
  it('reads HTML as its visible text: no scripts, styles or navigation, entities decoded, blocks on their own lines', async () => {
    const file = path.join(tempDir(), 'page.HTML');
    fs.writeFileSync(file, `<!DOCTYPE html><html><head><title>Recipes</title><style>p { color: red }</style>
      <script>const hidden = "<p>not text</p>";</script></head><body>
      <nav><a href="/">Home</a><a href="/about">About</a></nav>
      <h1>Caf&eacute; &amp; cr&egrave;me</h1><p>Whisk the <b>eggs</b>   until&nbsp;pale &lt;3 minutes&gt;.</p>
      <ul><li>Flour</li><li>Sugar &#8212; fine</li></ul><script>track()</script></body></html>`);
    const document = await extractDocument(file);
    expect(document.kind).toBe('html');
    expect(document.sections).toEqual([{
      text: 'Recipes\n\nCafé & crème\n\nWhisk the eggs until pale <3 minutes>.\n\nFlour\nSugar — fine',
      location: { lineStart: 1, lineEnd: 8 },
    }]);
  });

  it('keeps Markdown as it is written, with its line numbers', async () => {
    const file = path.join(tempDir(), 'notes.markdown');
    const markdown = '# Garden\n\n- plant *tulips* in autumn\n- water the [roses](https://example.com)\n';
    fs.writeFileSync(file, markdown);
    expect(await extractDocument(file)).toEqual({ kind: 'md', sections: [{ text: markdown, location: { lineStart: 1, lineEnd: 4 } }] });
  });

  it('reads a UTF-8 text file with a BOM and CRLF line endings, and its chunks point at the right lines', async () => {
    const file = path.join(tempDir(), 'diary.txt');
    const lines = Array.from({ length: 120 }, (_, i) => `Line ${i + 1}: the weather was fine and the café was open.`);
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`)]));
    const document = await extractDocument(file);
    expect(document.sections[0]!.text.startsWith('Line 1: ')).toBe(true);
    expect(document.sections[0]!.text).not.toContain('\r');
    expect(document.sections[0]!.location).toEqual({ lineStart: 1, lineEnd: 120 });
    const chunks = chunkSections(document.sections, { targetChars: 500, overlapChars: 100 });
    const firstLineIn = (text: string) => Number(/Line (\d+):/.exec(text)![1]);
    for (const chunk of chunks.filter((c) => c.text.startsWith('Line '))) {
      expect(chunk.location).toMatchObject({ lineStart: firstLineIn(chunk.text) });
    }
    const line77 = chunks.find((chunk) => chunk.text.includes('Line 77:'))!;
    expect(line77.location).toMatchObject({ lineStart: expect.any(Number), lineEnd: expect.any(Number) });
    const { lineStart, lineEnd } = line77.location as { lineStart: number; lineEnd: number };
    expect(lineStart <= 77 && 77 <= lineEnd).toBe(true);
  });

  it('refuses a binary file named .txt, an empty one, a missing one, an unknown type and a huge one, each with its own code', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'photo.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    fs.writeFileSync(path.join(dir, 'blank.md'), '\n  \n\t\n');
    fs.writeFileSync(path.join(dir, 'report.docx'), 'PK');
    fs.writeFileSync(path.join(dir, 'huge.txt'), '');
    fs.truncateSync(path.join(dir, 'huge.txt'), maxDocumentBytes + 1); // sparse: no disk is used
    expect(await codeOf(path.join(dir, 'photo.txt'))).toBe('DOCUMENT_UNREADABLE');
    expect(await codeOf(path.join(dir, 'blank.md'))).toBe('DOCUMENT_EMPTY');
    expect(await codeOf(path.join(dir, 'gone.pdf'))).toBe('DOCUMENT_NOT_FOUND');
    expect(await codeOf(path.join(dir, 'report.docx'))).toBe('DOCUMENT_UNSUPPORTED');
    expect(await codeOf(path.join(dir, 'huge.txt'))).toBe('DOCUMENT_TOO_LARGE');
    expect(() => detectDocumentKind('archive.tar.gz')).toThrow(expect.objectContaining({ code: 'DOCUMENT_UNSUPPORTED' }));
    expect(['A.TXT', 'b.Md', 'c.htm', 'd.pdf'].map(detectDocumentKind)).toEqual(['txt', 'md', 'html', 'pdf']);
  });
});

describe('listing the documents in a folder', () => {
  it('finds supported files in nested folders, sorted, skipping hidden ones and link loops, and counts the rest', async () => {
    const root = tempDir();
    const write = (relative: string) => {
      fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
      fs.writeFileSync(path.join(root, relative), 'some text');
    };
    ['b.txt', 'a.md', 'sub/deeper/c.PDF', 'sub/page.htm', 'sub/photo.jpg', 'notes.docx', '.secret.txt', '.git/config.md', 'sub/.cache/x.txt'].forEach(write);
    fs.symlinkSync(root, path.join(root, 'sub', 'loop'));
    fs.symlinkSync(path.join(root, 'b.txt'), path.join(root, 'sub', 'same-as-b.txt'));
    fs.symlinkSync(path.join(root, 'nowhere.txt'), path.join(root, 'broken.txt'));

    const listed = await listDocumentFiles(root);
    expect(listed.files).toEqual(['a.md', 'b.txt', 'sub/deeper/c.PDF', 'sub/page.htm'].map((relative) => path.join(root, relative)));
    expect(listed.unsupported).toEqual(['notes.docx', 'sub/photo.jpg'].map((relative) => path.join(root, relative)));
    expect(await listDocumentFiles(path.join(root, 'missing')).catch((error: { code: string }) => error.code)).toBe('DOCUMENT_NOT_FOUND');
  });
});
