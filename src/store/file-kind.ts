import fs from 'node:fs';

/**
 * What lies where the database should be, read from its size and first
 * bytes without opening it: SQLite would take a 0-byte file for a new
 * database, and a text file for one encrypted with another key.
 * An encrypted file starts with a random 16-byte salt and, like every
 * SQLite file, is a whole number of pages (512 bytes at the least).
 */
export type DatabaseFileKind = 'missing' | 'empty' | 'plain' | 'foreign' | 'encrypted';

const plainHeader = 'SQLite format 3\0';
const isTextByte = (byte: number) => byte === 0x09 || byte === 0x0a || byte === 0x0d || (byte >= 0x20 && byte < 0x7f);

export function databaseFileKind(file: string): DatabaseFileKind {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size === 0) return 'empty';
    const header = Buffer.alloc(16);
    const read = fs.readSync(fd, header, 0, 16, 0);
    if (read === 16 && header.toString('latin1') === plainHeader) return 'plain';
    // A random salt is all printable text about once in ten million files.
    if (size % 512 !== 0 || header.every(isTextByte)) return 'foreign';
    return 'encrypted';
  } finally {
    fs.closeSync(fd);
  }
}
