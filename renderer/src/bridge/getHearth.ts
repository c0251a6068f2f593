/**
 * The one way the renderer reaches Hearth. In Electron the preload exposes
 * the API as `window.hearth`; in a browser the page builds a WebSocket client
 * to the host that served it, carrying the access token from the page URL.
 */
import type { HearthApi } from '../../../src/api/index.ts';
import { createWebSocketApi, type ConnectionMonitor } from './wsClient.ts';

declare global {
  interface Window {
    hearth?: HearthApi;
  }
}

export interface HearthBridge {
  api: HearthApi;
  /** Present in browser mode only: Electron's IPC cannot drop. */
  connection: ConnectionMonitor | null;
  /** False when the page was opened without the access token, so no connection can be made. */
  hasToken: boolean;
}

let bridge: HearthBridge | null = null;

/** The WebSocket address for a page at `location`, or null when the page URL carries no token. */
export function apiUrlFor(location: Pick<Location, 'protocol' | 'host' | 'search'>): string | null {
  const token = new URLSearchParams(location.search).get('token');
  if (token === null || token === '') return null;
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/api?token=${encodeURIComponent(token)}`;
}

export function getHearth(): HearthBridge {
  if (bridge !== null) return bridge;
  if (window.hearth !== undefined) {
    bridge = { api: window.hearth, connection: null, hasToken: true };
    return bridge;
  }
  const url = apiUrlFor(window.location);
  if (url === null) {
    bridge = { api: unavailableApi(), connection: null, hasToken: false };
    return bridge;
  }
  const client = createWebSocketApi({ url });
  bridge = { api: client, connection: client.connection, hasToken: true };
  return bridge;
}

/** Stands in when the page has no token: every call fails with UNAUTHORIZED's sentence. */
function unavailableApi(): HearthApi {
  return {
    call: () =>
      Promise.reject(
        Object.assign(new Error('This page was opened without Hearth\u2019s access token.'), {
          code: 'UNAUTHORIZED' as const,
          action: 'Open the address Hearth printed when it started.',
        }),
      ),
    on: () => () => {},
  };
}
