/**
 * A real HTTP file server on 127.0.0.1 for download tests: serves one file
 * with Range support (206 + Content-Range, a strong ETag), and can be told
 * to misbehave the ways real servers do: cut the connection mid-file,
 * stall, ignore Range, answer 404/500, or send an HTML page.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Misbehaviour {
  /** The next response with the body stops after this many bytes of the file and the connection is closed. */
  cutOnceAtByte?: number;
  /** Every response sends this many bytes of the file, then nothing more (the connection stays open). */
  stallAtByte?: number;
  /** Answer 200 with the whole file even to a Range request. */
  ignoreRange?: boolean;
  status?: number;
  html?: boolean;
  /** Sends the file in 16 KiB chunks with this pause after each, so a progress bar has time to move. */
  chunkDelayMs?: number;
  /** Answers the file's URL with a 302 to a new signed URL each time, as Hugging Face sends downloads to its CDN. */
  redirect?: boolean;
}

export interface ServedRequest {
  /** Path and query, as requested. */
  url: string | undefined;
  range: string | undefined;
  ifRange: string | undefined;
}

export interface RangeFileServer {
  url: string;
  requests: ServedRequest[];
  misbehave: Misbehaviour;
  close(): Promise<void>;
}

export async function startRangeFileServer(file: string, fileName = 'model.gguf'): Promise<RangeFileServer> {
  const requests: ServedRequest[] = [];
  const misbehave: Misbehaviour = {};
  const size = fs.statSync(file).size;
  const etag = `"${size}-${fs.statSync(file).mtimeMs}"`;
  let redirects = 0;

  const server = http.createServer((req, res) => {
    requests.push({ url: req.url, range: req.headers.range, ifRange: req.headers['if-range'] as string | undefined });
    if (misbehave.redirect && !req.url?.includes('?signed=')) {
      res.writeHead(302, { location: `/${fileName}?signed=${++redirects}` }).end();
      return;
    }
    if (misbehave.status !== undefined) {
      res.writeHead(misbehave.status, { 'content-type': 'text/plain' }).end(`status ${misbehave.status}`);
      return;
    }
    if (misbehave.html) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Sign in</title><form>Log in to download</form>');
      return;
    }
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const honourRange = range !== null && !misbehave.ignoreRange && (req.headers['if-range'] ?? etag) === etag;
    const start = honourRange ? Number(range[1]) : 0;
    if (start >= size && honourRange) {
      res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
      return;
    }
    const headers: http.OutgoingHttpHeaders = {
      'content-type': 'application/octet-stream', 'content-length': size - start, etag, 'accept-ranges': 'bytes',
    };
    if (honourRange) headers['content-range'] = `bytes ${start}-${size - 1}/${size}`;
    res.writeHead(honourRange ? 206 : 200, headers);

    const cut = misbehave.cutOnceAtByte;
    delete misbehave.cutOnceAtByte;
    const stopAt = Math.min(size, cut ?? Infinity, misbehave.stallAtByte ?? Infinity);
    if (stopAt <= start) return;
    const delayMs = misbehave.chunkDelayMs;
    // Large reads when not throttled, as a real server's sendfile would: the server should not be what a benchmark measures.
    const stream = fs.createReadStream(file, { start, end: stopAt - 1, highWaterMark: delayMs === undefined ? 1 << 20 : 16 * 1024 });
    if (delayMs === undefined) stream.pipe(res, { end: false });
    else {
      stream.on('data', (chunk) => {
        res.write(chunk);
        stream.pause();
        setTimeout(() => stream.resume(), delayMs);
      });
      res.on('close', () => stream.destroy());
    }
    stream.on('end', () => {
      if (stopAt === size) res.end();
      // A cut: everything written so far is flushed, then the socket closes short of Content-Length.
      else if (cut !== undefined && stopAt === cut) res.write('', () => res.socket?.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/${fileName}`,
    requests,
    misbehave,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
