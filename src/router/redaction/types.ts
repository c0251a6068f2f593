/**
 * The shapes redaction works with: what kind of value was found, where, and
 * the placeholder that stands for it in text that leaves the device.
 */

export type RedactionKind =
  | 'email'
  | 'phone'
  | 'iban'
  | 'card'
  | 'wallet'
  | 'private-key'
  | 'secret'
  | 'path'
  | 'ip'
  | 'private-text';

/** A value found in a text: `text.slice(start, end) === value`. */
export interface SensitiveSpan {
  kind: RedactionKind;
  start: number;
  end: number;
  value: string;
}

/** One redacted value and the token (`[EMAIL_1]`) that replaced it. */
export interface Placeholder {
  token: string;
  kind: RedactionKind;
  value: string;
}

export interface RedactOptions {
  /** Exact strings the person marked private (memories), redacted wherever they appear. */
  privateTexts?: readonly string[];
}

export interface Redaction {
  text: string;
  placeholders: Placeholder[];
}

/** Finds the values of one kind in a text; spans may overlap those of other detectors. */
export type Detector = (text: string) => SensitiveSpan[];
