/**
 * Serves the built renderer under hearth://app, each response with the
 * window's Content-Security-Policy as it is now (the WalletConnect setting
 * can change it while Hearth runs; a reload applies it). The scheme is
 * registered as standard and secure before the app is ready, so the page
 * has a real origin and the APIs a secure context gets.
 */
import { protocol, type Session } from 'electron';
import { readStaticFile } from '../src/server/static-files.ts';
import { pageHost, pageScheme, rendererDir } from './page.ts';

/** Must run before app 'ready'. */
export function registerPageScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: pageScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function servePage(session: Session, contentSecurityPolicy: () => string): void {
  session.protocol.handle(pageScheme, async (request) => {
    const url = new URL(request.url);
    const file = url.host === pageHost ? await readStaticFile(rendererDir, url.pathname) : 'not-found';
    if (file === 'not-found' || file === 'malformed') return new Response('Not found', { status: 404 });
    return new Response(new Uint8Array(file.body), {
      headers: { 'content-type': file.contentType, 'content-security-policy': contentSecurityPolicy(), 'x-content-type-options': 'nosniff' },
    });
  });
}
