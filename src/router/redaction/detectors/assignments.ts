/**
 * Secrets given a name: `api_key = "…"`, `DB_PASSWORD=…`, `"clientSecret":
 * "…"`, `password: …`, and in prose "my password is …". Only the value is
 * redacted. A bare `key` is not a name here (`primary key: id`); values
 * that are placeholders, types, code or the start of a sentence
 * (`<token>`, `YOUR_API_KEY`, `string`, `process.env.KEY`, `getpass()`,
 * `pwd: present working directory`) stay.
 */
import type { Detector, SensitiveSpan } from '../types.ts';

const secretNames =
  'api[_-]?key|apikey|secret[_-]?key|secret|client[_-]?secret|access[_-]?key|private[_-]?key|auth[_-]?key|' +
  'encryption[_-]?key|signing[_-]?key|master[_-]?key|license[_-]?key|access[_-]?token|auth[_-]?token|' +
  'refresh[_-]?token|session[_-]?token|bot[_-]?token|token|password|passwd|pwd|passphrase|passcode|pin';
const nameAtEnd = new RegExp(`(?:${secretNames})$`, 'i');
const assignment = new RegExp(
  `(?<![\\w.-])(?<name>[\\w.-]*?(?:${secretNames}))["']?\\s*(?::=|=>|[:=])[ \\t]*` +
    `(?:"(?<double>[^"\\n]{3,200})"|'(?<single>[^'\\n]{3,200})'|\`(?<back>[^\`\\n]{3,200})\`|(?<bare>[^\\s"'\`,;&]{3,200}))`,
  'dgi',
);
const inProse = /\b(?:password|passcode|passphrase|pin)\b[^\n.:=]{0,30}?\s(?:is|was)\s*:?\s*(?<bare>\S{4,100})/dgi;

const notSecret =
  /^(?:<.*|\*+|x+|\.\.\.|…|null|none|nil|undefined|true|false|string|number|boolean|str|int|bytes|any|required|optional|redacted|hidden|changeme|example|empty|expired|invalid|wrong|incorrect|missing|the|and|not|see|use|from|your\w*|my|our|same|new|set|reset|stored|saved|field|value|length|policy|manager|prompt|correct|too|still)$/i;
/** `YOUR_API_KEY`, `CHANGE_ME`: a name standing for the value. */
const screamingSnake = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
/** Code that fetches the secret rather than the secret itself. */
const looksLikeCode = /[([{]|^(?:process\.env|os\.environ|import\.meta\.env|env|config|settings|secrets|self|this)\./;
/** `name: word word` is a sentence, not a value. */
const startsSentence = (text: string, end: number) => /^ [a-z]/.test(text.slice(end, end + 2));
const trailingPunctuation = /[.,;)\]}]+$/;

/** The name ends with a secret word that starts the name, follows `_`/`.`/`-`, or starts a camelCase part. */
function namesSecret(name: string): boolean {
  const word = nameAtEnd.exec(name);
  if (!word) return false;
  const before = name[word.index - 1];
  return word.index === 0 || /[_.-]/.test(before!) || /[A-Z]/.test(name[word.index]!);
}

function spansOf(text: string, pattern: RegExp, checkName: boolean, needsDigitOrSymbol: boolean): SensitiveSpan[] {
  const spans: SensitiveSpan[] = [];
  for (const match of text.matchAll(pattern)) {
    if (checkName && !namesSecret(match.groups!.name!)) continue;
    const group = (['double', 'single', 'back', 'bare'] as const).find((name) => match.groups?.[name] !== undefined)!;
    const [matchStart, matchEnd] = match.indices!.groups![group]!;
    const quoted = group !== 'bare';
    const raw = text.slice(matchStart, matchEnd);
    const lead = quoted ? 0 : /^["'`]*/.exec(raw)![0].length;
    const start = matchStart + lead;
    const value = quoted ? raw : raw.slice(lead).replace(/["'`]+$/, '').replace(trailingPunctuation, '');
    if (value.length < 3 || notSecret.test(value.trim()) || screamingSnake.test(value)) continue;
    if (!quoted && (looksLikeCode.test(value) || (/^[a-z]+$/.test(value) && startsSentence(text, matchEnd)))) continue;
    if (needsDigitOrSymbol && !/[^A-Za-z]/.test(value)) continue;
    spans.push({ kind: 'secret', start, end: start + value.length, value });
  }
  return spans;
}

export const detectAssignments: Detector = (text) => [
  ...spansOf(text, assignment, true, false),
  ...spansOf(text, inProse, false, true),
];
