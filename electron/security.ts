/**
 * What the window may do beyond showing our page: nothing. No navigation
 * away, no new windows, no webviews, no permissions (camera, notifications,
 * …), and a strict Content-Security-Policy. Links to the web open in the
 * person's own browser.
 */
import { shell, type Session, type WebContents } from 'electron';
import type { WalletSources } from '../src/server/content-security-policy.ts';
import { isOurPage } from './page.ts';

/**
 * The policy for the desktop window. The API travels over IPC, so the page
 * may connect only where its wallet must: the marketplace's node, the Frame
 * wallet and, with a WalletConnect project id, WalletConnect's relay; and
 * frame nothing but WalletConnect's Verify (walletSources). The page's own
 * meta tag applies too; the stricter wins.
 */
export function contentSecurityPolicy(walletSources: WalletSources): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    walletSources.connect.length === 0 ? "connect-src 'none'" : `connect-src ${walletSources.connect.join(' ')}`,
    "object-src 'none'",
    walletSources.frame.length === 0 ? "frame-src 'none'" : `frame-src ${walletSources.frame.join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Opens http(s) links in the system browser; any other scheme (file:, javascript:, custom handlers) is dropped. */
function openInBrowser(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return;
  }
  if (parsed.protocol === 'https:' || parsed.protocol === 'http:') void shell.openExternal(parsed.href);
}

/**
 * Session-wide rules: the window's CSP header on every response that has headers, as the wallet sources are
 * now, and every permission refused. A frame the policy lets the page open (WalletConnect's Verify) keeps its
 * own policy: the window's would stop its script, and so the attestation it exists to send.
 */
export function hardenSession(session: Session, walletSources: () => WalletSources): void {
  // Chromium applies this to responses that pass through the network stack;
  // the page itself carries it from hearth://app (app-protocol.ts).
  session.webRequest.onHeadersReceived((details, callback) => {
    const sources = walletSources();
    if (details.resourceType === 'subFrame' && sources.frame.includes(new URL(details.url).origin)) return callback({});
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy(sources)] },
    });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** Rules for every web contents the app creates (the window, and anything a page might try to open). */
export function guardContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    openInBrowser(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (isOurPage(event.url)) return;
    event.preventDefault();
    openInBrowser(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (!isOurPage(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
