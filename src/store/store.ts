import path from 'node:path';
import { makePrivateDir } from '../common/private-files.ts';
import { createChatSettingsRepository } from './chat-settings.ts';
import { damaged, isCorruption } from './check.ts';
import { createConversationRepository } from './conversations.ts';
import { createDocumentRepository } from './documents.ts';
import { createFactRepository } from './facts.ts';
import { lockDataDir, type DataDirLock } from './lock.ts';
import { createMarketSessionRepository } from './market-sessions.ts';
import { createMessageRepository } from './messages.ts';
import { openDatabase, type OpenDatabaseOptions } from './open.ts';
import { createSettingsRepository } from './settings.ts';

export const databaseFileName = 'hearth.db';

export interface OpenStoreOptions extends OpenDatabaseOptions {
  /** The caller already holds the data folder's lock (the core takes it before the vault is unlocked). */
  lock?: DataDirLock;
}

/**
 * The data folder as one unit: takes the folder's lock, opens the
 * database and recovers replies a crash left streaming.
 */
export function openStore(dataDir: string, { lock: heldLock, ...options }: OpenStoreOptions = {}) {
  makePrivateDir(dataDir);
  const lock = heldLock ?? lockDataDir(dataDir);
  const releaseLock = () => {
    if (!heldLock) lock.release();
  };
  const file = path.join(dataDir, databaseFileName);
  try {
    const db = openDatabase(file, options);
    const store = {
      db,
      conversations: createConversationRepository(db),
      messages: createMessageRepository(db),
      settings: createSettingsRepository(db),
      facts: createFactRepository(db),
      documents: createDocumentRepository(db),
      marketSessions: createMarketSessionRepository(db),
      chatSettings: createChatSettingsRepository(db),
      close(): void {
        db.close();
        releaseLock();
      },
    };
    try {
      store.messages.interruptStreaming();
    } catch (error) {
      db.close();
      throw isCorruption(error) ? damaged(file, error) : error;
    }
    return store;
  } catch (error) {
    releaseLock();
    throw error;
  }
}

export type Store = ReturnType<typeof openStore>;
