import { HearthError } from '../../api/errors.ts';

/**
 * The text of a plain-text file: UTF-16 when it starts with a UTF-16 byte-order
 * mark (Windows Notepad's "Unicode"), else UTF-8 with any BOM dropped, else
 * Windows-1252 for older files that are not valid UTF-8. Line breaks become `\n`,
 * so line numbers match what an editor shows for CRLF and LF files alike.
 * A NUL character means a binary file with a text extension: refused.
 */
export function decodeTextFile(bytes: Uint8Array, name: string): string {
  const text = decode(bytes);
  if (text.includes('\0')) {
    throw new HearthError('DOCUMENT_UNREADABLE', {
      message: 'The file is binary data, not text, although its name ends like a text file.',
      action: 'Check that this is the file you meant; if it is another kind of file, give it the right extension.',
      details: `${name} contains NUL bytes`,
    });
  }
  return text.replace(/\r\n?/g, '\n');
}

function decode(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
