import fs from 'node:fs';
import path from 'node:path';
import { createConversationRepository } from './conversations.ts';
import { lockDataDir } from './lock.ts';
import { createMessageRepository } from './messages.ts';
import { openDatabase } from './open.ts';
import { createSettingsRepository } from './settings.ts';

export const databaseFileName = 'hearth.db';

/**
 * The data folder as one unit: takes the folder's lock, opens the
 * database and recovers replies a crash left streaming.
 */
export function openStore(dataDir: string) {
  fs.mkdirSync(dataDir, { recursive: true });
  const lock = lockDataDir(dataDir);
  try {
    const db = openDatabase(path.join(dataDir, databaseFileName));
    const store = {
      db,
      conversations: createConversationRepository(db),
      messages: createMessageRepository(db),
      settings: createSettingsRepository(db),
      close(): void {
        db.close();
        lock.release();
      },
    };
    store.messages.interruptStreaming();
    return store;
  } catch (error) {
    lock.release();
    throw error;
  }
}

export type Store = ReturnType<typeof openStore>;
