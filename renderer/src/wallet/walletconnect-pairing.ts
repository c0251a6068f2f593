/**
 * One WalletConnect pairing, from "Connect WalletConnect" to a connected
 * phone wallet: the link to show as a QR code once the connector has it, a
 * time limit on reaching WalletConnect's relay (until the link comes there
 * is nothing to scan, so a missing network must end in a sentence, not a
 * spinner), and Cancel. Failures come back as sentences.
 */
import { isUserRejection, walletMessage } from './wallet-errors.ts';

/** How long the relay may take to hand out a pairing link. */
export const relayTimeLimitMs = 30_000;

export type PairingOutcome = { kind: 'connected' } | { kind: 'cancelled' } | { kind: 'failed'; sentence: string };

interface ConnectorMessage {
  type: string;
  data?: unknown;
}

/** The connector's emitter (wagmi's `connector.emitter`): the link comes as a `message` of type `display_uri`. */
export interface MessageEmitter {
  on(event: 'message', listener: (message: ConnectorMessage) => void): void;
  off(event: 'message', listener: (message: ConnectorMessage) => void): void;
}

export interface PairingOptions {
  emitter: MessageEmitter;
  /** Connects through the connector (wagmi's connect action); settles when the phone's wallet answers. */
  connect(): Promise<unknown>;
  onUri(uri: string): void;
  /** Undoes a connection the phone's wallet approved after the pairing was cancelled or gave up. */
  undo(): void;
  timeLimitMs?: number;
}

export interface Pairing {
  outcome: Promise<PairingOutcome>;
  cancel(): void;
}

const withoutFullStop = (text: string) => text.trim().replace(/\.+$/, '');

export const relaySentence = (reason: string) =>
  `WalletConnect could not reach its relay: ${withoutFullStop(reason)}. Check your connection and try again.`;

function failureSentence(failure: unknown, linkShown: boolean): string {
  // Before the link, the SDK was still reaching the relay (or loading): nothing was asked of a wallet yet.
  if (!linkShown) return relaySentence(walletMessage(failure));
  if (isUserRejection(failure)) return "You declined the connection in your phone's wallet; nothing changed.";
  return `Your phone's wallet did not connect through WalletConnect: ${walletMessage(failure)}`;
}

export function startPairing({ emitter, connect, onUri, undo, timeLimitMs = relayTimeLimitMs }: PairingOptions): Pairing {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let linkShown = false;
  let settled = false;
  let settle: (outcome: PairingOutcome) => void = () => {};
  const outcome = new Promise<PairingOutcome>((resolve) => {
    settle = resolve;
  });

  const onMessage = ({ type, data }: ConnectorMessage) => {
    if (settled || type !== 'display_uri' || typeof data !== 'string') return;
    linkShown = true;
    clearTimeout(timer);
    onUri(data);
  };
  const finish = (result: PairingOutcome) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    emitter.off('message', onMessage);
    settle(result);
  };

  emitter.on('message', onMessage);
  timer = setTimeout(() => finish({ kind: 'failed', sentence: relaySentence(`no answer within ${Math.round(timeLimitMs / 1000)} seconds`) }), timeLimitMs);
  connect().then(
    () => {
      if (settled) undo();
      else finish({ kind: 'connected' });
    },
    (failure: unknown) => finish({ kind: 'failed', sentence: failureSentence(failure, linkShown) }),
  );
  return { outcome, cancel: () => finish({ kind: 'cancelled' }) };
}
