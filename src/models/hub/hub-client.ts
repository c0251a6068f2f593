/**
 * A small client for the Hugging Face Hub's public API: search the GGUF
 * models, list a repository's GGUF files with their sizes and sha256, and
 * the address each file downloads from. Every answer is checked (status,
 * size, JSON, shape) before any of it is used, and each request has a
 * time limit: a hub that is down, slow or hostile ends in a HearthError
 * with a sentence, never in a hang or a half-read list.
 *
 * Offered files are single .gguf files with a plain name (see
 * gguf-file-names.ts) at a plain path. Models split by gguf-split into
 * `-00001-of-00003.gguf` parts are left out: the library installs one
 * file per model, and llama.cpp needs every part.
 */
import type { z } from 'zod';
import { HearthError, type ErrorCode } from '../../api/errors.ts';
import { hubSearchAnswerSchema, hubTreeAnswerSchema } from './hub-answers.ts';
import { guessParametersBillions, guessQuantization, isPlainGgufName, isSplitPart } from './gguf-file-names.ts';

export const huggingFaceUrl = 'https://huggingface.co';

export interface HubClientOptions {
  /** The hub's address (HEARTH_HUB_URL); Hugging Face itself by default. */
  baseUrl?: string;
  /** A request whose whole answer has not arrived by then is given up. */
  timeoutMs?: number;
  /** Larger answers are refused: a search or a file list is a few hundred KB at most. */
  maxBodyBytes?: number;
}

export interface HubModel {
  repo: string;
  downloads: number;
  likes: number;
  updatedAt: string | null;
}

export interface HubFile {
  /** The path inside the repository. */
  path: string;
  /** The name it is saved under in the models folder. */
  fileName: string;
  sizeBytes: number;
  /** The published sha256 (Git LFS files); null for a file kept in Git itself, whose download is then unverified. */
  sha256: string | null;
  quantization: string | null;
  parametersBillions: number | null;
  /** Where it downloads from (Hugging Face redirects it to its CDN). */
  url: string;
}

const searchLimit = 20;

export function createHubClient(options: HubClientOptions = {}) {
  const baseUrl = (options.baseUrl ?? huggingFaceUrl).replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxBodyBytes = options.maxBodyBytes ?? 8 * 2 ** 20;
  const repoPath = (repo: string) => repo.split('/').map(encodeURIComponent).join('/');

  async function getJson(url: string, missing: ErrorCode): Promise<unknown> {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const response = await fetch(url, { headers: { accept: 'application/json' }, signal });
      const where = `${url} answered HTTP ${response.status}`;
      if (!response.ok) {
        await response.body?.cancel();
        if (response.status === 401 || response.status === 403 || response.status === 404) throw new HearthError(missing, { details: where });
        if (response.status === 429 || response.status >= 500) throw new HearthError('HUB_SERVER_ERROR', { details: where });
        throw new HearthError('HUB_BAD_RESPONSE', { details: where });
      }
      const text = await readText(response, url);
      try {
        return JSON.parse(text);
      } catch (error) {
        throw new HearthError('HUB_BAD_RESPONSE', { details: `${url} sent something other than JSON: ${(error as Error).message}` });
      }
    } catch (error) {
      if (error instanceof HearthError) throw error;
      if (signal.aborted) throw new HearthError('HUB_UNREACHABLE', { details: `no complete answer from ${url} within ${timeoutMs / 1000} s`, cause: error });
      const cause = (error as Error).cause as Error | undefined;
      throw new HearthError('HUB_UNREACHABLE', { details: [url, (error as Error).message, cause?.message].filter(Boolean).join(': '), cause: error });
    }
  }

  /** The body as UTF-8 text, refused once it grows past the limit (whatever Content-Length said). */
  async function readText(response: Response, url: string): Promise<string> {
    const tooLarge = () => new HearthError('HUB_BAD_RESPONSE', { details: `${url} sent more than ${maxBodyBytes} bytes` });
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > maxBodyBytes) {
      await response.body?.cancel();
      throw tooLarge();
    }
    const chunks: Uint8Array[] = [];
    let bytes = 0;
    if (response.body) {
      for await (const chunk of response.body) {
        bytes += chunk.byteLength;
        if (bytes > maxBodyBytes) throw tooLarge();
        chunks.push(chunk);
      }
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
    } catch {
      throw new HearthError('HUB_BAD_RESPONSE', { details: `${url} sent text that is not UTF-8` });
    }
  }

  function parsed<T>(schema: z.ZodType<T>, value: unknown, url: string): T {
    const result = schema.safeParse(value);
    if (!result.success) throw new HearthError('HUB_BAD_RESPONSE', { details: `${url}: ${result.error.message.slice(0, 500)}` });
    return result.data;
  }

  return {
    baseUrl,

    /** The most downloaded public GGUF repositories matching the words. */
    async searchHubModels(query: string): Promise<HubModel[]> {
      const url = `${baseUrl}/api/models?search=${encodeURIComponent(query)}&filter=gguf&sort=downloads&direction=-1&limit=${searchLimit}`;
      const answer = parsed(hubSearchAnswerSchema, await getJson(url, 'HUB_BAD_RESPONSE'), url);
      return answer
        .filter((model) => model.private !== true)
        .slice(0, searchLimit)
        .map((model) => ({ repo: model.id, downloads: model.downloads, likes: model.likes ?? 0, updatedAt: model.lastModified ?? null }));
    },

    /** The single-file GGUF models of a repository's main branch, smallest first. */
    async listHubFiles(repo: string): Promise<HubFile[]> {
      const url = `${baseUrl}/api/models/${repoPath(repo)}/tree/main?recursive=true`;
      const answer = parsed(hubTreeAnswerSchema, await getJson(url, 'HUB_REPO_NOT_FOUND'), url);
      const files: HubFile[] = [];
      for (const entry of answer) {
        const segments = entry.path.split('/');
        const fileName = segments.at(-1) ?? '';
        // A path with "." or ".." would address another place than the file listed.
        if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) continue;
        if (entry.type !== 'file' || !/\.gguf$/i.test(fileName) || isSplitPart(fileName) || !isPlainGgufName(fileName)) continue;
        if (entry.lfs && entry.lfs.size !== entry.size) {
          throw new HearthError('HUB_BAD_RESPONSE', { details: `${url}: ${entry.path} is listed as ${entry.size} bytes and as ${entry.lfs.size}` });
        }
        files.push({
          path: entry.path, fileName, sizeBytes: entry.size, sha256: entry.lfs?.oid ?? null,
          quantization: guessQuantization(fileName), parametersBillions: guessParametersBillions(repo.split('/')[1] ?? repo, fileName),
          url: `${baseUrl}/${repoPath(repo)}/resolve/main/${segments.map(encodeURIComponent).join('/')}`,
        });
      }
      return files.sort((a, b) => a.sizeBytes - b.sizeBytes);
    },
  };
}

export type HubClient = ReturnType<typeof createHubClient>;
