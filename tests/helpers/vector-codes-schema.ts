import type { HearthDatabase } from '../../src/store/open.ts';

/** Issue 15's migrations: the binary codes, their 8-bit vectors, smaller ranges. */
export const vectorCodesMigrations = 3;

/** Undoes them, for a test that opens a database as a release before them wrote it. */
export function dropVectorCodes(db: HearthDatabase): void {
  db.exec(`
    DROP TRIGGER chunks_vector_code_forget; DROP TRIGGER chunks_vector_code_replace; DROP INDEX chunks_by_vector_model;
    DROP TABLE vector_code_log; DROP TABLE vector_code_ranges; DROP TABLE vector_code_state;`);
}
