import type { HearthDatabase } from '../../src/store/open.ts';

/** Issue 15's migrations (the binary codes, their 8-bit vectors, smaller ranges) and the ones after them (issue 14's settings, branches and tool calls). */
export const migrationsSinceVectorCodes = 5;

/** Undoes them, for a test that opens a database as a release before them wrote it. */
export function dropSinceVectorCodes(db: HearthDatabase): void {
  db.exec(`
    ALTER TABLE messages DROP COLUMN tool_calls;
    DROP TABLE conversation_settings; DROP TABLE presets; DROP INDEX messages_by_parent;
    ALTER TABLE messages DROP COLUMN parent_id; ALTER TABLE conversations DROP COLUMN leaf_id;
    DROP TRIGGER chunks_vector_code_forget; DROP TRIGGER chunks_vector_code_replace; DROP INDEX chunks_by_vector_model;
    DROP TABLE vector_code_log; DROP TABLE vector_code_ranges; DROP TABLE vector_code_state;`);
}
