/**
 * "Decompression bomb" PDFs for tests: one page whose content stream shows a
 * line of text and then inflates to `inflatedMiB` MiB of zeros (or that
 * shows the text over a picture of as many zeros), from about 1 KB per MiB
 * of file. Written byte by byte (the cross-reference offsets are
 * exact, so pdf.js reads the file as it is instead of repairing it), and
 * built in milliseconds: deflating 1 MiB of zeros with a full flush gives a
 * piece that does not refer back to anything, so N copies inflate to N MiB.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';

export interface BombOptions {
  inflatedMiB: number;
  /** The line of text before the zeros, what a reader that survived the bomb would find. */
  text?: string;
  /**
   * Hex-encode the compressed stream too (/Filter [/ASCIIHexDecode /FlateDecode]),
   * as a bomb that a look at the Flate streams alone does not see.
   */
  hexWrapped?: boolean;
  /** Put the zeros in a picture drawn on the page (as in a scan) instead of in the page's text. */
  asImage?: boolean;
}

const mib = 1024 * 1024;
const adlerModulus = 65521;

/** A zlib stream of `prefix` followed by `zeroMiB` MiB of zeros. */
function deflatedWithZeros(prefix: Buffer, zeroMiB: number): Buffer {
  const fullFlush = { level: 9, finishFlush: zlib.constants.Z_FULL_FLUSH };
  const zeroPiece = zlib.deflateRawSync(Buffer.alloc(mib), fullFlush);
  let a = 1;
  let b = 0;
  for (const byte of prefix) {
    a = (a + byte) % adlerModulus;
    b = (b + a) % adlerModulus;
  }
  // Each zero leaves a as it is and adds a to b.
  b = (b + ((zeroMiB * mib) % adlerModulus) * a) % adlerModulus;
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(((b << 16) | a) >>> 0);
  return Buffer.concat([
    Buffer.from([0x78, 0xda]),
    zlib.deflateRawSync(prefix, fullFlush),
    ...Array.from({ length: zeroMiB }, () => zeroPiece),
    zlib.deflateRawSync(Buffer.alloc(0)),
    adler,
  ]);
}

export function writePdfBomb(file: string, { inflatedMiB, text = 'This page holds a decompression bomb.', hexWrapped = false, asImage = false }: BombOptions): void {
  const textOps = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET\n`;
  const deflated = deflatedWithZeros(Buffer.from(asImage ? '' : textOps, 'latin1'), inflatedMiB);
  const data = hexWrapped ? Buffer.from(`${deflated.toString('hex')}>`, 'latin1') : deflated;
  const filter = hexWrapped ? '[/ASCIIHexDecode /FlateDecode]' : '/FlateDecode';
  // As a picture: 1024 gray pixels per row, one row per KiB of zeros.
  const bomb = asImage
    ? `<< /Type /XObject /Subtype /Image /Width 1024 /Height ${inflatedMiB * 1024} /ColorSpace /DeviceGray /BitsPerComponent 8 /Length ${data.length} /Filter ${filter} >>`
    : `<< /Length ${data.length} /Filter ${filter} >>`;
  const pageContent = `${textOps}q 612 0 0 792 0 0 cm /Im1 Do Q\n`;

  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const write = (piece: Buffer | string) => {
    const bytes = typeof piece === 'string' ? Buffer.from(piece, 'latin1') : piece;
    parts.push(bytes);
    length += bytes.length;
  };
  const object = (number: number, ...body: (Buffer | string)[]) => {
    offsets[number] = length;
    write(`${number} 0 obj\n`);
    body.forEach(write);
    write('\nendobj\n');
  };
  write('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
  object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  object(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  const resources = `<< /Font << /F1 5 0 R >>${asImage ? ' /XObject << /Im1 4 0 R >>' : ''} >>`;
  object(3, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${asImage ? 6 : 4} 0 R /Resources ${resources} >>`);
  object(4, `${bomb}\nstream\n`, data, '\nendstream');
  object(5, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  if (asImage) object(6, `<< /Length ${pageContent.length} >>\nstream\n`, pageContent, '\nendstream');
  const xref = length;
  write(`xref\n0 ${offsets.length}\n0000000000 65535 f \n`);
  for (const offset of offsets.slice(1)) write(`${String(offset).padStart(10, '0')} 00000 n \n`);
  write(`trailer\n<< /Size ${offsets.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  fs.writeFileSync(file, Buffer.concat(parts));
}
