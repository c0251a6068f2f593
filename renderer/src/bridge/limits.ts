/**
 * The API's size limits, as the page needs them at run time. The page takes
 * only types from src/api, so the values are repeated here; their types are
 * the contract's constants, so the typecheck fails if the two sides differ.
 */
import type { MAX_CALL_BYTES, MAX_MESSAGE_CHARS } from '../../../src/api/index.ts';

/** Longest message a person can send, in UTF-16 code units (what String.length counts). */
export const maxMessageChars: typeof MAX_MESSAGE_CHARS = 32_000;

/** Largest call the WebSocket host accepts, in bytes of its JSON; a larger one would cost the connection. */
export const maxCallBytes: typeof MAX_CALL_BYTES = 262_144;
