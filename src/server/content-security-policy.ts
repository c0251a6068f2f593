/**
 * The browser page's Content-Security-Policy. Besides Hearth's own API
 * socket, the page's wallet code may reach exactly the marketplace's node
 * (wagmi reads the chain there) and the Frame desktop wallet, which serves
 * its wallet on 127.0.0.1:1248; nothing else.
 */

/** Where the Frame desktop wallet answers EIP-1193 requests on this computer. */
export const frameWalletOrigin = 'http://127.0.0.1:1248';

/** The origins the page's wallet code may connect to, for a marketplace whose node is at `rpcUrl` (none configured: Frame only). */
export function walletConnectSources(rpcUrl: string | undefined): string[] {
  return rpcUrl === undefined ? [frameWalletOrigin] : [...new Set([new URL(rpcUrl).origin, frameWalletOrigin])];
}

export function browserContentSecurityPolicy(walletSources: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src 'self' ws://127.0.0.1:* ws://localhost:* ${walletSources.join(' ')}`.trimEnd(),
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
