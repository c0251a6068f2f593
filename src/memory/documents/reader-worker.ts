/**
 * The document reader: a separate process that extracts a document's text
 * (pdf.js, the HTML parser, text decoding) so that a file which expands
 * enormously when read, or takes long, costs this process and not the
 * core's. The core (reader-process.ts) watches its memory and time and
 * kills it past the limits; here it reads one document at a time.
 */
import os from 'node:os';
import { toErrorPayload } from '../../api/errors.ts';
import { parentChannel } from '../../common/parent-channel.ts';
import { readDocument } from './read-document.ts';
import { textPieceChars, type FromReader, type ReadRequest } from './reader-protocol.ts';

// Reading is background work: where the CPU is short, the core answering the user goes first.
try {
  os.setPriority(os.constants.priority.PRIORITY_BELOW_NORMAL);
} catch {
  // Not allowed here (some sandboxes): the reader runs at normal priority.
}

const channel = parentChannel();
const send = (message: FromReader) => channel.send(message);

async function read({ file, kind, limits }: ReadRequest): Promise<void> {
  const reportMemory = setInterval(() => send({ type: 'memory', rssBytes: process.memoryUsage.rss() }), 100);
  try {
    const sections = await readDocument(file, kind, limits, (pagesDone, pagesTotal) => send({ type: 'progress', pagesDone, pagesTotal }));
    for (const { text, location } of sections) {
      for (let at = 0; at < text.length; at += textPieceChars) send({ type: 'text', text: text.slice(at, at + textPieceChars) });
      send({ type: 'section', location });
    }
    send({ type: 'done' });
  } catch (error) {
    send({ type: 'failed', error: toErrorPayload(error) });
  } finally {
    clearInterval(reportMemory);
  }
}

channel.onMessage((message) => void read(message as ReadRequest));
channel.onExitRequest(() => process.exit(0));
