import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RequestTarget } from './request-target.ts';

export const tokenCookie = 'hearth_token';

/** Why a request to the browser host is refused, or null when it may proceed. */
export type Refusal = { status: 401 | 403 | 421; reason: string } | null;

/** Compares in constant time, so that the answer's timing does not tell how much of a guess was right. */
export function sameToken(candidate: string | undefined, token: string): boolean {
  if (!candidate) return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(header: string | undefined): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [name, ...value] = part.trim().split('=');
    if (name === tokenCookie) return value.join('=');
  }
  return undefined;
}

/**
 * The browser host's gate. Loopback alone is not enough: any web page the
 * user visits can reach 127.0.0.1, so a request must name our host (no DNS
 * rebinding), come from our origin if it has one, and carry the token.
 */
export function checkAccess(request: IncomingMessage, target: RequestTarget, port: number, token: string): Refusal {
  const refusal = checkHostAndOrigin(request, target, port);
  if (refusal) return refusal;
  const presented = target.searchParams.get('token') ?? cookieToken(request.headers.cookie);
  if (!sameToken(presented ?? undefined, token)) {
    return { status: 401, reason: 'This address needs Hearth\u2019s access token: open the URL Hearth printed when it started.' };
  }
  return null;
}

/** The loopback part of the gate, shared by every server Hearth runs on 127.0.0.1: our host named (no DNS rebinding), and no other site's origin. */
export function checkHostAndOrigin(request: IncomingMessage, target: RequestTarget, port: number): Refusal {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  // An absolute-form target names the host too; both must be ours.
  if (!allowedHosts.includes(request.headers.host ?? '') || (target.authority !== null && !allowedHosts.includes(target.authority))) {
    return { status: 421, reason: 'Hearth answers only on its loopback address.' };
  }
  const origin = request.headers.origin;
  if (origin !== undefined && !allowedHosts.some((host) => origin === `http://${host}`)) {
    return { status: 403, reason: 'Requests from other web sites are refused.' };
  }
  return null;
}
