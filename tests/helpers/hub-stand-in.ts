/**
 * A stand-in for the Hugging Face Hub on 127.0.0.1 (a free port), for the
 * tests that cannot reach huggingface.co: it answers the three requests
 * Hearth makes exactly as the Hub does, with the field names and types
 * the Hub's own client documents (huggingface.js, packages/hub/src/types/
 * api/api-model.ts for GET /api/models, api-index-tree.ts for GET
 * /api/models/{repo}/tree/main):
 * - GET /api/models?search=&filter=gguf&sort=downloads&direction=-1&limit=
 * - GET /api/models/{owner}/{name}/tree/main[?recursive=true]
 * - GET /{owner}/{name}/resolve/main/{path}: a 302 to a signed CDN address,
 *   as the Hub sends LFS files, which serves the bytes with Range support.
 * Its model files are real GGUF files on disk (the bundled demo model by
 * default), with their real size and sha256 as `lfs.oid`, so a download
 * is really verified and the inference worker really reads it. It can be
 * told to misbehave: answer with an error status, a body of its own, or
 * not at all.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { demoModelPath } from './models.ts';

export interface StandInFile {
  path: string;
  /** The file on disk whose bytes are served (a model); with neither this nor `text`, the file is only listed (split parts). */
  source?: string;
  /** The content of a small text file kept in Git itself (README.md, .gitattributes). */
  text?: string;
  /** Stored with Git LFS (the Hub's way for model files): listed with `lfs.oid`, the sha256. */
  lfs: boolean;
  /** The size and sha256 the tree publishes, where they must differ from the served file's (a tampered file). */
  published?: { size?: number; sha256?: string };
}

export interface StandInRepo {
  id: string;
  downloads: number;
  likes: number;
  tags: string[];
  createdAt: string;
  files: StandInFile[];
}

export interface HubMisbehaviour {
  /** Every API request (search, tree) is answered with this status. */
  apiStatus?: number;
  /** Every API request is answered 200 with this body and content type (chunked), instead of the recorded answer. */
  apiBody?: { text: string | Buffer; contentType: string };
  /** API requests get no answer at all. */
  apiSilent?: boolean;
  /** Files are sent in 16 KiB chunks with this pause after each, so a progress bar is seen moving. */
  chunkDelayMs?: number;
}

export interface HubStandIn {
  url: string;
  /** Path and query of every request, in order. */
  requests: string[];
  misbehave: HubMisbehaviour;
  repos: StandInRepo[];
  close(): Promise<void>;
}

/** Two repositories as they look on the Hub: the demo model, and a file whose published sha256 is not its bytes'. */
export function recordedRepos(modelFile = demoModelPath): StandInRepo[] {
  return [
    {
      id: 'hearth-test/stories260K-GGUF', downloads: 48_213, likes: 17, tags: ['gguf', 'llama', 'text-generation', 'en', 'license:mit'],
      createdAt: '2024-03-02T10:21:44.000Z',
      files: [
        { path: '.gitattributes', text: '*.gguf filter=lfs diff=lfs merge=lfs -text\n', lfs: false },
        { path: 'README.md', text: '---\nlicense: mit\ntags: [gguf]\n---\n# stories260K in GGUF\n', lfs: false },
        { path: 'stories260K-f32.gguf', source: modelFile, lfs: true },
        { path: 'parts/stories260K-big-00001-of-00002.gguf', lfs: true, published: { size: 49_000_000_000, sha256: 'a'.repeat(64) } },
        { path: 'parts/stories260K-big-00002-of-00002.gguf', lfs: true, published: { size: 21_000_000_000, sha256: 'b'.repeat(64) } },
      ],
    },
    {
      id: 'hearth-test/Tampered-7B-GGUF', downloads: 912, likes: 1, tags: ['gguf', 'llama', 'text-generation'],
      createdAt: '2024-06-11T08:00:00.000Z',
      files: [{ path: 'tampered-7B-Q4_K_M.gguf', source: modelFile, lfs: true, published: { sha256: 'c0ffee'.padEnd(64, '0') } }],
    },
  ];
}

interface Published {
  size: number;
  sha256: string;
  /** The Git blob id: for an LFS file, of its pointer file. */
  oid: string;
}

function published(file: StandInFile): Published {
  const bytes = file.source ? fs.readFileSync(file.source) : Buffer.from(file.text ?? '');
  const sha256 = file.published?.sha256 ?? createHash('sha256').update(bytes).digest('hex');
  const size = file.published?.size ?? bytes.length;
  const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${size}\n`;
  const blob = file.lfs ? Buffer.from(pointer) : bytes;
  return { size, sha256, oid: createHash('sha1').update(`blob ${blob.length}\0`).update(blob).digest('hex') };
}

/** One tree entry, in the Hub's field order. */
function treeEntry(file: StandInFile, facts: Published) {
  const entry: Record<string, unknown> = { type: 'file', oid: facts.oid, size: facts.size, path: file.path };
  if (file.lfs) entry.lfs = { oid: facts.sha256, size: facts.size, pointerSize: 134 };
  return entry;
}

/** One search result, in the Hub's field order (its default fields when no `expand` is asked). */
function searchEntry(repo: StandInRepo, index: number) {
  const objectId = createHash('sha1').update(repo.id).digest('hex').slice(0, 24);
  return {
    _id: objectId, id: repo.id, likes: repo.likes, trendingScore: index, private: false, downloads: repo.downloads,
    tags: repo.tags, pipeline_tag: 'text-generation', library_name: 'gguf', createdAt: repo.createdAt, modelId: repo.id,
  };
}

export async function startHubStandIn(repos: StandInRepo[] = recordedRepos()): Promise<HubStandIn> {
  const requests: string[] = [];
  const misbehave: HubMisbehaviour = {};
  const facts = new Map(repos.flatMap((repo) => repo.files.map((file) => [`${repo.id}/${file.path}`, published(file)] as const)));
  const signed = new Map<string, StandInFile>();

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) }).end(text);
  };

  const answerApi = (res: http.ServerResponse, answer: () => unknown): void => {
    if (misbehave.apiSilent) return;
    if (misbehave.apiStatus !== undefined) return json(res, misbehave.apiStatus, { error: `status ${misbehave.apiStatus}` });
    if (misbehave.apiBody) {
      // Written, then ended: sent chunked, with no Content-Length to go by.
      res.writeHead(200, { 'content-type': misbehave.apiBody.contentType });
      res.write(misbehave.apiBody.text);
      res.end();
      return;
    }
    const body = answer();
    // The Hub answers an unknown repository with 404 and a JSON error.
    if (body === undefined) return json(res, 404, { error: 'Repository not found' });
    json(res, 200, body);
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    requests.push(`${url.pathname}${url.search}`);
    if (url.pathname === '/api/models') {
      return answerApi(res, () => {
        const query = (url.searchParams.get('search') ?? '').toLowerCase();
        const limit = Number(url.searchParams.get('limit') ?? 1000);
        return repos
          .filter((repo) => repo.id.toLowerCase().includes(query) && (url.searchParams.get('filter') !== 'gguf' || repo.tags.includes('gguf')))
          .sort((a, b) => b.downloads - a.downloads)
          .slice(0, limit)
          .map(searchEntry);
      });
    }
    const tree = /^\/api\/models\/([^/]+\/[^/]+)\/tree\/main\/?$/.exec(url.pathname);
    if (tree) {
      return answerApi(res, () => {
        const repo = repos.find((candidate) => candidate.id === decodeURIComponent(tree[1]!));
        if (!repo) return undefined;
        const recursive = url.searchParams.get('recursive') === 'true';
        const folders = [...new Set(repo.files.filter((file) => file.path.includes('/')).map((file) => file.path.split('/')[0]!))];
        return [
          ...repo.files.filter((file) => recursive || !file.path.includes('/')).map((file) => treeEntry(file, facts.get(`${repo.id}/${file.path}`)!)),
          ...folders.map((folder) => ({ type: 'directory', oid: createHash('sha1').update(folder).digest('hex'), size: 0, path: folder })),
        ];
      });
    }
    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/main\/(.+)$/.exec(url.pathname);
    if (resolve) {
      const repo = repos.find((candidate) => candidate.id === decodeURIComponent(resolve[1]!));
      const file = repo?.files.find((candidate) => candidate.path === decodeURIComponent(resolve[2]!));
      if (!repo || !file || (!file.source && file.text === undefined)) return json(res, 404, { error: 'Entry not found' });
      // A file kept in Git comes at once; an LFS file by way of the CDN.
      if (!file.lfs || !file.source) {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(file.text ?? '');
        return;
      }
      const token = createHash('sha1').update(`${repo.id}/${file.path}/${signed.size}`).digest('hex');
      signed.set(token, file);
      res.writeHead(302, { location: `/cdn/${token}?Expires=4102444800&Signature=stand-in` }).end();
      return;
    }
    const cdn = /^\/cdn\/([0-9a-f]+)$/.exec(url.pathname);
    const file = cdn ? signed.get(cdn[1]!) : undefined;
    if (!file?.source) return json(res, 404, { error: 'Not found' });
    serveFile(req, res, file.source, misbehave.chunkDelayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    misbehave,
    repos,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The bytes from the CDN: whole, or from `Range: bytes=N-` with 206 and Content-Range. */
function serveFile(req: http.IncomingMessage, res: http.ServerResponse, source: string, chunkDelayMs: number | undefined): void {
  const size = fs.statSync(source).size;
  const etag = `"${createHash('sha1').update(source).digest('hex')}"`;
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  const start = range && (req.headers['if-range'] ?? etag) === etag ? Number(range[1]) : 0;
  if (start >= size && start > 0) {
    res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
    return;
  }
  const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/octet-stream', 'content-length': size - start, etag, 'accept-ranges': 'bytes' };
  if (start > 0) headers['content-range'] = `bytes ${start}-${size - 1}/${size}`;
  res.writeHead(start > 0 ? 206 : 200, headers);
  const stream = fs.createReadStream(source, { start, highWaterMark: chunkDelayMs === undefined ? 1 << 20 : 16 * 1024 });
  if (chunkDelayMs === undefined) {
    stream.pipe(res);
    return;
  }
  stream.on('data', (chunk) => {
    res.write(chunk);
    stream.pause();
    setTimeout(() => stream.resume(), chunkDelayMs);
  });
  stream.on('end', () => res.end());
  res.on('close', () => stream.destroy());
}
