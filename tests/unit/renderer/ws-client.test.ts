import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWebSocketApi, type SocketLike } from '../../../renderer/src/bridge/wsClient.ts';
import { apiUrlFor } from '../../../renderer/src/bridge/getHearth.ts';
import { MAX_CALL_BYTES } from '../../../src/api/index.ts';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: unknown[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  readonly url: string;
  constructor(url: string) {
    this.url = url;
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.drop();
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({});
  }
  receive(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

describe('the browser-mode API client', () => {
  let sockets: FakeSocket[];
  const latest = () => sockets[sockets.length - 1]!;
  const client = () =>
    createWebSocketApi({
      url: 'ws://127.0.0.1:1234/api?token=t',
      createSocket: (url) => {
        const socket = new FakeSocket(url);
        sockets.push(socket);
        return socket;
      },
      random: () => 1,
    });

  beforeEach(() => {
    sockets = [];
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('sends calls once connected and resolves them with their result', async () => {
    const api = client();
    const result = api.call('model.status', {});
    expect(latest().sent).toEqual([]);
    latest().open();
    expect(latest().sent).toEqual([{ type: 'call', id: 1, method: 'model.status', params: {} }]);
    latest().receive({ type: 'result', id: 1, ok: true, result: { state: 'ready' } });
    await expect(result).resolves.toEqual({ state: 'ready' });
  });

  it('rejects a failed call with an Error carrying code, message and action', async () => {
    const api = client();
    latest().open();
    const result = api.call('chat.send', { conversationId: null, text: ' ' });
    const error = { code: 'MESSAGE_EMPTY', message: 'The message is empty.', action: 'Type something before sending.' };
    latest().receive({ type: 'result', id: 1, ok: false, error });
    await expect(result).rejects.toMatchObject({ ...error, name: 'HearthCallError' });
    await expect(result).rejects.toBeInstanceOf(Error);
  });

  it('delivers events to listeners until they unsubscribe', () => {
    const api = client();
    latest().open();
    const tokens: string[] = [];
    const off = api.on('chat.token', ({ text }) => tokens.push(text));
    latest().receive({ type: 'event', event: 'chat.token', payload: { conversationId: 'c', messageId: 'm', text: 'a' } });
    off();
    latest().receive({ type: 'event', event: 'chat.token', payload: { conversationId: 'c', messageId: 'm', text: 'b' } });
    expect(tokens).toEqual(['a']);
  });

  it('fails calls cut off by a drop, reconnects with backoff, and says it reconnected', async () => {
    const api = client();
    const changes: [string, boolean][] = [];
    api.connection.subscribe((info, reconnected) => changes.push([info.state, reconnected]));
    latest().open();
    const inFlight = api.call('conversations.list', {});
    latest().drop();
    await expect(inFlight).rejects.toMatchObject({ message: 'The connection to Hearth was lost before it answered.' });
    await expect(api.call('conversations.list', {})).rejects.toMatchObject({ message: 'Hearth is not connected right now.' });
    expect(api.connection.current()).toMatchObject({ state: 'reconnecting', everConnected: true });

    vi.advanceTimersByTime(500);
    expect(sockets).toHaveLength(2);
    latest().drop(); // the server is still down
    expect(api.connection.current().failedAttempts).toBe(1);
    vi.advanceTimersByTime(999);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    latest().open();
    expect(changes).toEqual([
      ['open', false],
      ['reconnecting', false],
      ['reconnecting', false],
      ['open', true],
    ]);
    api.close();
  });

  it('refuses a call larger than the host accepts with REQUEST_TOO_LARGE, sends nothing and keeps the connection', async () => {
    const api = client();
    latest().open();
    // Each character is 3 bytes of UTF-8: under the message limit in characters, over the host's limit in bytes.
    const text = '\u20ac'.repeat(Math.ceil(MAX_CALL_BYTES / 3) + 1);
    const refused = api.call('memory.add', { text });
    await expect(refused).rejects.toMatchObject({ code: 'REQUEST_TOO_LARGE', message: expect.stringContaining('256 KB'), action: expect.any(String) });
    expect(latest().sent).toEqual([]);
    expect(api.connection.current().state).toBe('open');
    const next = api.call('model.status', {});
    expect(latest().sent).toEqual([{ type: 'call', id: 2, method: 'model.status', params: {} }]);
    latest().receive({ type: 'result', id: 2, ok: true, result: { state: 'ready' } });
    await expect(next).resolves.toEqual({ state: 'ready' });
  });

  it('sends a call just under the host\u2019s limit', () => {
    const api = client();
    latest().open();
    const envelope = JSON.stringify({ type: 'call', id: 1, method: 'memory.add', params: { text: '' } }).length;
    void api.call('memory.add', { text: 'x'.repeat(MAX_CALL_BYTES - envelope) });
    expect(latest().sent).toHaveLength(1);
  });

  it('builds the socket address from the page address and its token', () => {
    expect(apiUrlFor({ protocol: 'http:', host: '127.0.0.1:5000', search: '?token=abc' })).toBe('ws://127.0.0.1:5000/api?token=abc');
    expect(apiUrlFor({ protocol: 'https:', host: 'localhost', search: '?token=a+b' })).toBe('wss://localhost/api?token=a%20b');
    expect(apiUrlFor({ protocol: 'http:', host: '127.0.0.1:5000', search: '' })).toBeNull();
  });
});
