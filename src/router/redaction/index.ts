/**
 * Redaction of what leaves the device: personal and secret values become
 * typed placeholders before a question goes to a remote provider, and are
 * put back into the reply on the device.
 */
export { findSensitiveSpans } from './find.ts';
export { redact } from './redact.ts';
export { createRestorer, restore } from './restore.ts';
export type { StreamRestorer } from './restore.ts';
export { summarizeRedaction } from './summary.ts';
export type { RedactionSummary } from './summary.ts';
export type { Placeholder, Redaction, RedactionKind, RedactOptions, SensitiveSpan } from './types.ts';
