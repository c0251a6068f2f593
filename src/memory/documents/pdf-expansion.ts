import zlib from 'node:zlib';
import { expandsTooMuch } from './document-limits.ts';

const pieceBytes = 64 * 1024;

/**
 * Refuses a PDF whose Flate streams inflate to more than `limitBytes` all
 * together, before pdf.js reads it: pdf.js inflates a stream whole into one
 * growing buffer, so 1 MB of compressed zeros costs it 1 GiB and many
 * seconds. Each stream is inflated here a piece at a time and only counted,
 * so this needs little memory however much a stream inflates to.
 *
 * Streams are found by their `stream` keyword rather than through the
 * cross-reference table, which may be damaged (pdf.js then rebuilds it).
 * Images are skipped: text extraction never decodes them. Streams behind
 * other filters (a hex-encoded Flate stream) are left to the reader's
 * memory and time limits.
 */
export async function checkPdfExpansion(bytes: Uint8Array, name: string, limitBytes: number): Promise<void> {
  const pdf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  for (let at = pdf.indexOf('stream'); at !== -1; at = pdf.indexOf('stream', at + 6)) {
    if (pdf.toString('latin1', Math.max(0, at - 3), at) === 'end') continue;
    const start = dataStart(pdf, at + 6);
    const end = pdf.indexOf('endstream', start);
    const data = pdf.subarray(start, end === -1 ? pdf.length : end);
    if (isInflatedForText(streamDictionary(pdf, at)) && hasZlibHeader(data)) {
      total += await inflatedSize(data, limitBytes - total);
      if (total > limitBytes) throw expandsTooMuch(name, limitBytes);
    }
    if (end === -1) return;
    at = end + 3;
  }
}

/** The stream's data starts after its keyword's end of line (CRLF or LF; a lone CR is tolerated as pdf.js does). */
function dataStart(pdf: Buffer, afterKeyword: number): number {
  let start = afterKeyword;
  if (pdf[start] === 0x0d) start++;
  if (pdf[start] === 0x0a) start++;
  return start;
}

/** The text between the object's `obj` keyword and the stream's: its dictionary. */
function streamDictionary(pdf: Buffer, streamAt: number): string {
  const objAt = pdf.lastIndexOf('obj', streamAt);
  return pdf.toString('latin1', objAt === -1 ? Math.max(0, streamAt - 4096) : objAt, streamAt);
}

function isInflatedForText(dictionary: string): boolean {
  return /\/(FlateDecode|Fl)\b/.test(dictionary) && !/\/Subtype\s*\/Image\b/.test(dictionary);
}

/** pdf.js inflates only zlib-wrapped Flate data: a compression method of 8 and a header check that divides by 31. */
function hasZlibHeader(data: Buffer): boolean {
  return data.length >= 2 && (data[0]! & 0x0f) === 8 && ((data[0]! << 8) | data[1]!) % 31 === 0;
}

/**
 * How many bytes the data inflates to, counted up to just past `budget`. A
 * damaged stream counts what inflated before the damage, as pdf.js reads it.
 */
function inflatedSize(data: Buffer, budget: number): Promise<number> {
  return new Promise((resolve) => {
    let size = 0;
    // A sync flush at the end lets a stream cut short (its /Length or endstream misplaced) give what it has.
    const inflate = zlib.createInflate({ chunkSize: pieceBytes, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    const finish = () => {
      inflate.destroy();
      resolve(size);
    };
    inflate.on('data', (piece: Buffer) => {
      size += piece.length;
      if (size > budget) finish();
    });
    inflate.on('end', finish);
    inflate.on('error', finish);
    inflate.end(data);
  });
}
