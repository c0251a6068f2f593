/**
 * What the page sees as `window.hearth` in the desktop app. Electron cannot
 * run here, so the preload's source runs in two Node vm contexts standing
 * in for Electron's isolated world and the page's world, with a fake IPC.
 * The page-side function is rebuilt from its source text, as Electron's
 * executeInMainWorld does, so anything it borrowed from the preload's
 * scope would fail here too.
 */
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import ts from 'typescript';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ErrorPayload } from '../../src/api/errors.ts';
import type { EventMessage, HearthApi } from '../../src/api/wire.ts';

const preloadFile = path.resolve(import.meta.dirname, '..', '..', 'electron', 'preload.cts');

type Reply = { ok: true; result: unknown } | { ok: false; error: ErrorPayload };
type Listener = (event: object, message: EventMessage) => void;

interface Page {
  world: vm.Context & { hearth?: HearthApi };
  calls: { channel: string; method: unknown; params: unknown }[];
  reply: (method: string) => Reply;
  /** What the main process answers on hearth:pick: the chosen path, or null. */
  pickReply: string | null;
  emit: (message: EventMessage) => void;
  errors: unknown[];
}

/** Loads the preload into a fresh pair of worlds and returns the page's. */
function loadPage(): Page {
  const source = ts.transpileModule(fs.readFileSync(preloadFile, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2023 },
  }).outputText;

  const errors: unknown[] = [];
  const world = vm.createContext({ console: { error: (error: unknown) => errors.push(error) } }) as Page['world'];
  vm.runInContext('globalThis.window = globalThis;', world);

  const ipcListeners: Listener[] = [];
  const page: Page = {
    world,
    calls: [],
    reply: () => ({ ok: true, result: null }),
    pickReply: null,
    emit: (message) => ipcListeners.forEach((listener) => listener({}, message)),
    errors,
  };
  const electron = {
    ipcRenderer: {
      invoke: async (channel: string, method: unknown, params: unknown) => {
        page.calls.push({ channel, method, params });
        return channel === 'hearth:pick' ? page.pickReply : page.reply(String(method));
      },
      on: (channel: string, listener: Listener) => {
        if (channel === 'hearth:event') ipcListeners.push(listener);
      },
    },
    contextBridge: {
      executeInMainWorld: ({ func, args = [] }: { func: (...args: unknown[]) => unknown; args?: unknown[] }) => {
        const rebuilt = vm.runInContext(`(${Function.prototype.toString.call(func)})`, world) as (...args: unknown[]) => unknown;
        return rebuilt(...args);
      },
    },
  };
  const isolated = vm.createContext({
    require: (name: string) => {
      if (name !== 'electron') throw new Error(`module not found: ${name}`);
      return electron;
    },
    exports: {},
    module: { exports: {} },
  });
  vm.runInContext(source, isolated);
  return page;
}

describe('window.hearth in the desktop app', () => {
  let page: Page;
  let hearth: HearthApi;

  beforeEach(() => {
    page = loadPage();
    if (page.world.hearth === undefined) throw new Error('the preload did not install window.hearth');
    hearth = page.world.hearth;
  });

  it('offers exactly call, on and pickPath, and the page cannot replace them', () => {
    expect(Object.keys(hearth).sort()).toEqual(['call', 'on', 'pickPath']);
    expect(Object.isFrozen(hearth)).toBe(true);
    vm.runInContext('window.hearth = null', page.world);
    expect(page.world.hearth).toBe(hearth);
  });

  it('adds nothing else to the page', () => {
    const globals = vm.runInContext('Object.getOwnPropertyNames(globalThis)', page.world) as string[];
    expect(globals.filter((name) => !['window', 'console', 'hearth'].includes(name) && !(name in globalThis))).toEqual([]);
  });

  it('sends a call over the hearth:call channel and resolves with its result', async () => {
    page.reply = () => ({ ok: true, result: { version: '0.1.0' } });
    await expect(hearth.call('app.info', {})).resolves.toEqual({ version: '0.1.0' });
    expect(page.calls).toEqual([{ channel: 'hearth:call', method: 'app.info', params: {} }]);
  });

  it('rejects a failed call with an Error that carries the code, sentence, action and details', async () => {
    page.reply = () => ({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'That conversation or message no longer exists.', action: 'Choose another conversation.', details: 'id c1' },
    });
    const error = (await hearth.call('conversations.get', { id: 'c1' }).catch((caught: unknown) => caught)) as Record<string, unknown>;
    // A real Error of the page's own world, not a plain object.
    expect(error).toBeInstanceOf(vm.runInContext('Error', page.world) as ErrorConstructor);
    expect({ ...error, message: error.message, name: error.name }).toMatchObject({
      name: 'HearthCallError',
      code: 'NOT_FOUND',
      message: 'That conversation or message no longer exists.',
      action: 'Choose another conversation.',
      details: 'id c1',
    });
  });

  it('asks the main process for the OS file dialog over hearth:pick, passing only the purpose', async () => {
    page.pickReply = '/home/ada/notes';
    await expect(hearth.pickPath!({ purpose: 'document-folder', extra: 'ignored' } as never)).resolves.toBe('/home/ada/notes');
    expect(page.calls).toEqual([{ channel: 'hearth:pick', method: { purpose: 'document-folder' }, params: undefined }]);
  });

  it('delivers each event to the listeners of that event until they unsubscribe', () => {
    const tokens: unknown[] = [];
    const statuses: unknown[] = [];
    const stop = hearth.on('chat.token', (payload) => tokens.push(payload.text));
    hearth.on('model.status', (payload) => statuses.push(payload.state));

    page.emit({ type: 'event', event: 'chat.token', payload: { conversationId: 'c', messageId: 'm', text: 'Once' } });
    stop();
    page.emit({ type: 'event', event: 'chat.token', payload: { conversationId: 'c', messageId: 'm', text: ' upon' } });

    expect(tokens).toEqual(['Once']);
    expect(statuses).toEqual([]);
  });

  it('keeps delivering an event when one listener throws', () => {
    const seen: string[] = [];
    hearth.on('conversations.changed', () => {
      throw new Error('listener bug');
    });
    hearth.on('conversations.changed', (payload) => seen.push(payload.conversationId));

    page.emit({ type: 'event', event: 'conversations.changed', payload: { conversationId: 'c9' } });

    expect(seen).toEqual(['c9']);
    expect(page.errors).toHaveLength(1);
  });
});
