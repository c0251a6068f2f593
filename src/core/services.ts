import type { EventName, EventPayload, ModelStatus } from '../api/contract.ts';
import { HearthError, toErrorPayload } from '../api/errors.ts';
import { createChatService, defaultGenerationSettings } from '../chat/chat-service.ts';
import { localCandidate } from '../chat/local-reply-source.ts';
import { remoteDisclosureSetting } from '../chat/remote-disclosure.ts';
import { ToolReplySource } from '../chat/tool-reply-source.ts';
import { sameFile } from '../common/same-file.ts';
import { MarketService } from '../market/market-service.ts';
import { assembleContext } from '../memory/context/assemble-context.ts';
import { createFactsService } from '../memory/facts/facts-service.ts';
import { createDocumentsService } from '../memory/ingest/documents-service.ts';
import { Engine } from '../engine/engine.ts';
import type { Logger } from '../log/file-logger.ts';
import { reportFailure } from '../log/report-failure.ts';
import { embedderStatusLogger, modelStatusLogger } from '../log/status-log.ts';
import { bundledModelPath } from '../models/bundled.ts';
import { modelsDir } from '../models/library/models-dir.ts';
import { createModelsService } from '../models/service/models-service.ts';
import { createRouteService } from '../router/route-service.ts';
import { routingSettingsStore } from '../router/routing-settings.ts';
import { createLocalApi } from '../server/openai-api/local-api-service.ts';
import type { Store } from '../store/store.ts';
import { mcpServersSetting } from '../tools/mcp-servers.ts';
import { createMcpToolbox } from '../tools/mcp-toolbox.ts';
import { createToolApprovals } from '../tools/tool-approvals.ts';
import { walletConnectSetting } from '../wallet/walletconnect-settings.ts';
import type { SignAnswer } from '../wallet/window-wallet-signer.ts';
import { chatSettingsHandlers } from './chat-settings-handlers.ts';
import type { CoreConfig } from './config.ts';
import type { Handlers } from './dispatch.ts';
import { localApiRouting } from './local-api-routing.ts';
import { routingHandlers } from './routing-handlers.ts';
import { toolsHandlers } from './tools-handlers.ts';

/** Everything that needs the open database: built when the vault is unlocked. */
export type UnlockedHandlers = Omit<Handlers, `app.${string}` | `vault.${string}` | `data.${string}`>;

export interface Services {
  /** The open database; closed with the services. */
  store: Store;
  handlers: UnlockedHandlers;
  engine: Engine;
  modelLoad: Promise<ModelStatus>;
  close(): Promise<void>;
}

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;


export function createServices(config: CoreConfig, dataDir: string, store: Store, emit: Emit, log: Logger): Services {
  const logModelStatus = modelStatusLogger(log);
  const logEmbedderStatus = embedderStatusLogger(log);
  const engine = new Engine({
    memory: store.settings,
    onStatus: (status) => {
      logModelStatus(status);
      emit('model.status', status);
    },
    // The Models page marks the embedding model: list again once one is ready or has failed.
    onEmbedderStatus: (status) => {
      logEmbedderStatus(status);
      if (status.state === 'ready' || status.state === 'error') emit('models.changed', {});
    },
    ...(config.threads === undefined ? {} : { threads: config.threads }),
    ...(config.contextSize === undefined ? {} : { contextSize: config.contextSize }),
    ...(config.launchWorker ? { launchWorker: config.launchWorker } : {}),
  });
  const demoModel = bundledModelPath();
  const models = createModelsService({
    dir: modelsDir(dataDir),
    engine,
    settings: store.settings,
    demoModelPath: demoModel,
    emit,
    onEmbedderChanged: (model) => reembed(model),
    reportFailure: (error) => toErrorPayload(reportFailure(log, 'models', 'download-failed', error)),
    ...(config.catalogPath ? { catalogPath: config.catalogPath } : {}),
    ...(config.hubUrl ? { hub: { baseUrl: config.hubUrl } } : {}),
    ...(config.downloadOptions ? { downloadOptions: config.downloadOptions } : {}),
  });
  const modelPath = config.modelPath ?? models.rememberedModelPath() ?? demoModel;
  const modelLoad = engine.load(modelPath, { isDemo: sameFile(modelPath, demoModel) }).catch(() => engine.status);

  /** Null while no embedding model is ready: memories are then matched by their words. */
  const embedIfReady = async (texts: string[]) => {
    if (engine.embedderStatus.state !== 'ready') return null;
    const { vectors, model } = await engine.embed(texts);
    return { vectors, model };
  };
  const facts = createFactsService({
    facts: store.facts,
    messages: store.messages,
    emit,
    model: { embed: embedIfReady, generateJson: async (request) => (await engine.generateJson(request).result).value },
  });
  const documents = createDocumentsService({
    db: store.db,
    documents: store.documents,
    conversations: store.conversations,
    embed: (texts, options) => engine.embed(texts, options),
    emit,
    reportFailure: (error) => toErrorPayload(reportFailure(log, 'documents', 'ingest-failed', error)),
    reportIndexFailure: (error) => reportFailure(log, 'documents', 'index-background-failed', error),
    ...(config.launchWorker ? { launchReader: config.launchWorker } : {}),
  });
  // The demo model stands in for an embedding model until one is chosen: it gives small vectors of little meaning.
  // Once it is loaded, what an earlier run left unfinished, or embedded with another model, is (re)embedded.
  let closed = false;
  const reembed = (model: string) => {
    if (closed) return;
    documents.resume(model);
    void facts.embedStale(model);
  };
  void modelLoad
    .then(() => (closed ? null : engine.loadEmbedder(config.embeddingModelPath ?? models.rememberedEmbedderPath() ?? demoModel)))
    .then((embedder) => {
      if (embedder?.model) reembed(embedder.model);
    })
    .catch(() => undefined);

  const remoteDisclosure = remoteDisclosureSetting(store.settings);
  const walletConnect = walletConnectSetting(store.settings);
  const generation = { ...defaultGenerationSettings, ...config.generation };
  const toolServers = mcpServersSetting(store.settings);
  const toolbox = createMcpToolbox({
    servers: () => toolServers.list(),
    connection: { hearthVersion: config.version ?? '0.0.0', ...(config.tools?.callTimeoutMs ? { callTimeoutMs: config.tools.callTimeoutMs } : {}) },
  });
  const approvals = createToolApprovals({ settings: store.settings, onEvent: (event) => toolReplies.approvalEvent(event) });
  // Local replies may call the tools of the person's MCP servers; a provider's reply never does.
  const toolReplies = new ToolReplySource({
    engine, toolbox, approvals, messages: store.messages, emit,
    toolsOn: () => toolServers.list().some((server) => server.enabled),
    ...(config.tools?.forceFirstCall ? { forceFirstCall: true } : {}),
  });
  const chat = createChatService({
    store,
    engine,
    localSource: toolReplies,
    emit,
    remoteDisclosure: () => remoteDisclosure.get(),
    privateTexts: () => store.facts.privateTexts(),
    // A system prompt chosen for this Hearth is the remote replies' too.
    ...(config.generation?.systemPrompt ? { remoteSystemPrompt: config.generation.systemPrompt } : {}),
    generation,
    reportFailure: (error) => toErrorPayload(reportFailure(log, 'chat', 'reply-failed', error)),
    assembleContext: (request) =>
      assembleContext(request, {
        embedQuery: async (text) => {
          const embedded = await embedIfReady([text]);
          return embedded && { vector: embedded.vectors[0]!, model: embedded.model };
        },
        facts: (query) => facts.relevant(query),
        passages: (query) => documents.search(query),
      }),
  });

  const market = config.market
    ? new MarketService({ ...config.market, store, emit, localCandidate: () => localCandidate(engine) })
    : null;
  market?.start();
  const needMarket = (): MarketService => {
    if (!market) throw new HearthError('MARKET_NOT_CONFIGURED');
    return market;
  };
  const routingSettings = routingSettingsStore(store.settings);
  const routes = createRouteService({
    settings: routingSettings,
    localModel: () => engine.status,
    quote: () => market?.routeQuote() ?? null,
    systemPrompt: generation.systemPrompt,
    history: (conversationId) => chat.history(conversationId),
    remoteRequest: (question) => chat.remoteRequest(question),
    countTokens: (texts) => engine.countTokens(texts),
    draft: (request) => engine.draft(request),
  });
  const localApi = createLocalApi({
    settings: store.settings, engine, log, onChange: (setting) => emit('localApi.changed', setting),
    route: localApiRouting({ routes, engine, needMarket }),
  });

  const handlers: UnlockedHandlers = {
    'model.status': () => engine.status,
    'conversations.list': () => store.conversations.list(),
    'conversations.search': ({ query }) => store.conversations.search(query),
    'conversations.get': ({ id, showMessageId }) => {
      const conversation = store.conversations.get(id);
      if (!conversation) throw new HearthError('NOT_FOUND');
      const messages = store.messages.listByConversation(id);
      const shown = showMessageId === undefined ? undefined : store.messages.get(showMessageId);
      // A message on another branch (a search found it there) is shown by switching to that branch, unless a reply is being written.
      if (shown?.conversationId !== id || messages.some((message) => message.id === shown.id) || chat.busy) return { conversation, messages };
      return { conversation, messages: chat.switchBranch(shown.id) };
    },
    ...routingHandlers({ routes, settings: routingSettings, chat, store, emit, needMarket }),
    ...chatSettingsHandlers({ store, generation, modelContextTokens: () => engine.status.contextSize, emit }),
    ...toolsHandlers({ servers: toolServers, toolbox, approvals, emit }),
    'chat.stop': ({ messageId }) => ({ stopped: chat.stop(messageId) }),
    'chat.switchBranch': ({ messageId }) => ({ messages: chat.switchBranch(messageId) }),
    'chat.continue': ({ messageId }) => chat.continueLocally(messageId),
    'memory.list': () => facts.list(),
    'memory.add': ({ text, sourceMessageId, pinned, private: isPrivate }) => facts.add(text, sourceMessageId, pinned, isPrivate),
    'memory.update': ({ id, ...change }) => facts.update(id, change),
    'memory.delete': ({ id }) => facts.delete(id),
    'memory.propose': ({ conversationId }) => facts.propose(conversationId),
    'documents.list': () => documents.list(),
    'documents.add': ({ path }) => documents.add(path),
    'documents.cancel': ({ id }) => documents.cancel(id),
    'documents.remove': ({ id }) => documents.remove(id),
    'documents.passage': ({ chunkId }) => documents.passage(chunkId),
    'documents.index': () => documents.indexStatus(),
    'documents.pinned': ({ conversationId }) => documents.pinned(conversationId),
    'documents.pin': ({ conversationId, documentId, pinned }) => documents.pin(conversationId, documentId, pinned),
    'remote.disclosure.get': () => ({ level: remoteDisclosure.get() }),
    'remote.disclosure.set': ({ level }) => ({ level: remoteDisclosure.set(level) }),
    'market.chain': () => market?.chain ?? null,
    'market.view': () => market?.view() ?? { status: 'off', chainId: null, readAt: null, models: [] },
    'market.refresh': () => needMarket().refresh(),
    'wallet.connect': (params) => needMarket().connectWallet(params as { address: `0x${string}`; chainId: number }),
    'wallet.disconnect': () => {
      needMarket().disconnectWallet();
      return needMarket().walletStatus();
    },
    'wallet.signRequests': () => market?.waitingSignRequests() ?? [],
    'wallet.answer': ({ id, ...answer }) => ({ accepted: needMarket().answerSignRequest(id, answer as SignAnswer) }),
    'wallet.status': () => needMarket().walletStatus(),
    'wallet.setLimits': (limits) => needMarket().setLimits(limits),
    'wallet.grantAllowance': (params) => needMarket().grantAllowance(params),
    'wallet.revokeAllowance': () => needMarket().revokeAllowance(),
    'sessions.list': () => market?.listSessions() ?? [],
    'sessions.open': (params) => needMarket().openSession(params),
    'sessions.close': ({ id }) => needMarket().closeSession(id),
    'sessions.withdraw': () => needMarket().withdraw(),
    'walletConnect.get': () => ({ projectId: walletConnect.get() }),
    // The hosts follow this event to open the page's Content-Security-Policy to WalletConnect's relay, or shut it.
    'walletConnect.set': ({ projectId }) => {
      const setting = { projectId: walletConnect.set(projectId) };
      emit('walletConnect.changed', setting);
      return setting;
    },
    'localApi.get': () => localApi.get(),
    'localApi.set': (params) => localApi.set(params),
    'localApi.newToken': () => localApi.newToken(),
    'models.list': () => models.list(),
    'models.catalog': () => models.catalog(),
    'models.download': ({ id }) => models.download(id),
    'models.cancelDownload': ({ id }) => models.cancelDownload(id),
    'models.hubSearch': ({ query }) => models.hubSearch(query),
    'models.hubFiles': ({ repo }) => models.hubFiles(repo),
    'models.hubDownload': ({ repo, path }) => models.hubDownload(repo, path),
    'models.import': ({ path }) => models.import(path),
    'models.delete': ({ id }) => models.delete(id),
    'models.activate': ({ id }) => {
      if (chat.busy) throw new HearthError('BUSY', { message: 'A reply is still being written, so the model cannot be switched now.', action: 'Wait for the reply to finish, or stop it, then choose the model again.' });
      if (engine.switchingGpu) throw new HearthError('BUSY', { message: 'The models are loading again after the GPU setting changed.', action: 'Choose this model once they are ready.' });
      return models.activate(id);
    },
    'models.useForEmbeddings': ({ id }) => models.useForEmbeddings(id),
    'models.useGpu': ({ enabled }) => {
      if (chat.busy) throw new HearthError('BUSY', { message: 'A reply is still being written, so the GPU cannot be switched now.', action: 'Wait for the reply to finish, or stop it, then switch the GPU again.' });
      const { state } = engine.status;
      if (state === 'loading' || state === 'calibrating') throw new HearthError('BUSY', { message: 'A model is still loading, so the GPU cannot be switched now.', action: 'Wait for the model to load, then switch the GPU again.' });
      return models.useGpu(enabled);
    },
  };

  return {
    store,
    handlers,
    engine,
    modelLoad,
    async close() {
      closed = true;
      // First, so that no app's request reaches an engine being closed.
      await localApi.close();
      market?.stop();
      await documents.close();
      await models.close();
      await chat.close();
      await toolbox.close();
      await engine.close();
      store.close();
    },
  };
}
