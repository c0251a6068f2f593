import { HearthError } from '../../api/errors.ts';

/** How the server answered a (possibly ranged) request, once checked. */
export type CheckedResponse =
  | { kind: 'resumed'; totalBytes: number | null }
  | { kind: 'from-start'; totalBytes: number | null }
  | { kind: 'range-not-satisfiable'; totalBytes: number | null };

/** `bytes 100-199/1000` → start 100, total 1000 (null when `*`). */
function parseContentRange(header: string | null): { start: number; total: number | null } | null {
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(header?.trim() ?? '');
  if (!match) return null;
  return { start: Number(match[1]), total: match[2] === '*' ? null : Number(match[2]) };
}

function contentLength(response: Response): number | null {
  const header = response.headers.get('content-length');
  return header !== null && /^\d+$/.test(header) ? Number(header) : null;
}

/**
 * Refuses answers that are not the model file (errors, web pages) and
 * tells whether a ranged request really resumed at `offset`: a server
 * that ignores Range answers 200 with the whole file, which is then
 * downloaded from the start instead of being appended to the partial.
 */
export function checkResponse(response: Response, url: string, offset: number): CheckedResponse {
  const where = `${url} answered HTTP ${response.status}`;
  if (response.status === 404 || response.status === 410) throw new HearthError('DOWNLOAD_NOT_FOUND', { details: where });
  if (response.status === 416) {
    const total = /^bytes \*\/(\d+)$/.exec(response.headers.get('content-range') ?? '');
    return { kind: 'range-not-satisfiable', totalBytes: total ? Number(total[1]) : null };
  }
  if (response.status !== 200 && response.status !== 206) {
    const code = response.status === 401 || response.status === 403 ? 'DOWNLOAD_NOT_A_MODEL' : 'DOWNLOAD_SERVER_ERROR';
    throw new HearthError(code, { details: where });
  }
  const contentType = response.headers.get('content-type') ?? '';
  if (/^\s*text\/html/i.test(contentType)) {
    throw new HearthError('DOWNLOAD_NOT_A_MODEL', { details: `${url} sent a web page (Content-Type: ${contentType})` });
  }
  if (response.status === 200) return { kind: 'from-start', totalBytes: contentLength(response) };
  const range = parseContentRange(response.headers.get('content-range'));
  if (!range || range.start !== offset) {
    const details = `asked for bytes from ${offset}, got Content-Range: ${response.headers.get('content-range') ?? '(none)'}`;
    throw new HearthError('DOWNLOAD_SERVER_ERROR', { details });
  }
  return { kind: 'resumed', totalBytes: range.total };
}
