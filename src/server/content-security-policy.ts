/**
 * What the page's Content-Security-Policy lets its wallet code reach. Besides
 * Hearth's own API, exactly: the marketplace's node (wagmi reads the chain
 * there), the Frame desktop wallet, which serves its wallet on
 * 127.0.0.1:1248, and, while a WalletConnect project id is set,
 * WalletConnect's relay and its Verify frame; nothing else. The setting can
 * change while Hearth runs, so the hosts ask for the sources at each response
 * (followWalletSources) and a reload of the page applies a change.
 */
import type { Core } from '../core/core.ts';

/** Where the Frame desktop wallet answers EIP-1193 requests on this computer. */
export const frameWalletOrigin = 'http://127.0.0.1:1248';

/**
 * What WalletConnect v2's EthereumProvider (2.25, `showQrModal: false`) reaches from the page: its relay, over a
 * WebSocket, and Verify, a hidden frame it opens before each session proposal and request to attest the page's
 * origin (blocked, it costs each of them a 5-second wait). Left out, as such a connection needs none of them:
 * pulse.walletconnect.org (telemetry, off with `telemetryEnabled: false`), rpc.walletconnect.org (a chain's node
 * when the app gives none; wagmi gives the configured ones), and echo.walletconnect.com (push, for wallets).
 */
export const walletConnectOrigins = {
  connect: ['wss://relay.walletconnect.org'],
  frame: ['https://verify.walletconnect.org'],
} as const;

/** The origins the page may connect to (connect-src) and frame (frame-src) for its wallets. */
export interface WalletSources {
  connect: readonly string[];
  frame: readonly string[];
}

/**
 * The wallet sources for a marketplace whose node is at `rpcUrl` (undefined when none is configured: Frame
 * only), with WalletConnect's when its project id is set.
 */
export function walletConnectSources({ rpcUrl, walletConnect }: { rpcUrl: string | undefined; walletConnect: boolean }): WalletSources {
  const node = rpcUrl === undefined ? [] : [new URL(rpcUrl).origin];
  return {
    connect: [...new Set([...node, frameWalletOrigin, ...(walletConnect ? walletConnectOrigins.connect : [])])],
    frame: walletConnect ? walletConnectOrigins.frame : [],
  };
}

export function browserContentSecurityPolicy(walletSources: WalletSources): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src 'self' ws://127.0.0.1:* ws://localhost:* ${walletSources.connect.join(' ')}`.trimEnd(),
    `frame-src 'self' ${walletSources.frame.join(' ')}`.trimEnd(),
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export interface FollowedWalletSources {
  /** The sources as of now, for the next response. */
  current(): WalletSources;
  /** Settles once the setting has been read (while the data is locked: as unset). */
  ready: Promise<void>;
}

/**
 * The wallet sources of a Hearth whose core is `core`, kept current: the
 * project id is read now and at each unlock (the setting is encrypted, so a
 * locked Hearth has none), and follows `walletConnect.changed` events.
 */
export function followWalletSources(core: Pick<Core, 'call' | 'on'>, rpcUrl: string | undefined): FollowedWalletSources {
  let walletConnect = false;
  // A read answered after a newer event or read must not undo it.
  let latest = 0;
  const read = async () => {
    const mine = ++latest;
    const setting = await core.call('walletConnect.get', {}).then(
      (result) => result as { projectId: string | null },
      () => ({ projectId: null }),
    );
    if (mine === latest) walletConnect = setting.projectId !== null;
  };
  core.on((message) => {
    if (message.event === 'walletConnect.changed') {
      latest += 1;
      walletConnect = (message.payload as { projectId: string | null }).projectId !== null;
    } else if (message.event === 'vault.status') {
      if ((message.payload as { state: string }).state === 'unlocked') {
        void read();
      } else {
        latest += 1;
        walletConnect = false;
      }
    }
  });
  return { current: () => walletConnectSources({ rpcUrl, walletConnect }), ready: read() };
}
