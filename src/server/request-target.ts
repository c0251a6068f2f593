/**
 * The request target (the URL in the request line) parsed once, without
 * throwing: any local program can send any bytes there, and one target
 * that `new URL` rejects must cost that request a 400, not the server.
 */

export interface RequestTarget {
  pathname: string;
  searchParams: URLSearchParams;
  /** host:port named by an absolute-form target (`GET http://host/path`), else null. */
  authority: string | null;
}

/** The target of `rawUrl`, or null when it is neither origin-form (`/path?query`) nor a valid absolute http URL. */
export function parseRequestTarget(rawUrl: string | undefined): RequestTarget | null {
  const raw = rawUrl ?? '/';
  let url: URL;
  try {
    if (raw.startsWith('/')) {
      // Appended, not resolved against a base, so that `//evil/x` stays a path.
      url = new URL(`http://127.0.0.1${raw}`);
    } else if (/^http:\/\//i.test(raw)) {
      url = new URL(raw);
    } else {
      return null;
    }
  } catch {
    return null;
  }
  return { pathname: url.pathname, searchParams: url.searchParams, authority: raw.startsWith('/') ? null : url.host };
}
