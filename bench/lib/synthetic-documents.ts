/**
 * Files for the ingestion benchmark, written from the synthetic corpus:
 * Markdown notes with headings and paragraphs, and a long PDF with a page
 * of text lines per page.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Corpus } from './synthetic-corpus.ts';

/** A Markdown note of about `chars` characters: a title, then sections of paragraphs. */
export function markdownNote(corpus: Corpus, title: string, chars: number): string {
  const parts = [`# ${title}`];
  let length = parts[0]!.length;
  for (let section = 1; length < chars; section++) {
    parts.push(`## Part ${section}`);
    for (let p = 0; p < 4 && length < chars; p++) {
      const paragraph = corpus.paragraph(4);
      parts.push(paragraph);
      length += paragraph.length + 2;
    }
  }
  return `${parts.join('\n\n')}\n`;
}

/** Writes `count` notes into `dir`; returns their paths. */
export async function writeMarkdownNotes(dir: string, corpus: Corpus, count: number, chars: number): Promise<string[]> {
  const files: string[] = [];
  for (let n = 0; n < count; n++) {
    const file = join(dir, `note-${n}.md`);
    await writeFile(file, markdownNote(corpus, `Note ${n}`, chars));
    files.push(file);
  }
  return files;
}

/** A PDF of `pages` letter-size pages, each with `linesPerPage` lines of corpus text in Helvetica. */
export async function writeTextPdf(file: string, corpus: Corpus, pages: number, linesPerPage = 40): Promise<void> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let page = 0; page < pages; page++) {
    const sheet = pdf.addPage([612, 792]);
    for (let line = 0; line < linesPerPage; line++) {
      // About 90 characters: a full line at 10 pt.
      const text = corpus.paragraph(2).slice(0, 90);
      sheet.drawText(text, { x: 50, y: 740 - line * 17, font, size: 10 });
    }
  }
  await writeFile(file, await pdf.save());
}
