/**
 * Generated redaction cases, for variety beside the hand-written corpus
 * (tests/fixtures/redaction-corpus.jsonl): sentence frames filled with
 * valid values of every kind and with look-alikes that must stay
 * (versions, dates, amounts, hashes, ids). Seeded, so the same cases
 * come out every time.
 */
import type { RedactionKind } from '../../src/router/redaction/index.ts';
import type { LabelledCase } from './redaction-score.ts';
import {
  makeBase58Address,
  makeBech32Address,
  makeCard,
  makeEvmAddress,
  makeHex64,
  makeIban,
  makeWifKey,
  pick,
  type Random,
} from './redaction-values.ts';
import { seededRandom } from './seeded-random.ts';

const firstNames = ['anna', 'ben', 'chiara', 'david', 'emeka', 'fatima', 'george', 'hiro', 'ines', 'jonas', 'kofi', 'lucia'];
const lastNames = ['okafor', 'schmidt', 'rossi', 'nakamura', 'dubois', 'kowalski', 'haddad', 'smith', 'garcia', 'larsen'];
const domains = ['gmail.com', 'example.org', 'firma.de', 'studio-nord.se', 'uni-wien.ac.at', 'mail.co.uk', 'proton.me'];

const digits = (random: Random, count: number) => Array.from({ length: count }, () => Math.floor(random() * 10)).join('');
const chars = (random: Random, alphabet: string, count: number) =>
  Array.from({ length: count }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const base64url = (text: string) => Buffer.from(text).toString('base64url');
const int = (random: Random, low: number, high: number) => low + Math.floor(random() * (high - low + 1));

type Maker = (random: Random) => string;

const valueMakers: Record<Exclude<RedactionKind, 'private-text'>, Maker[]> = {
  email: [
    (r) => `${pick(r, firstNames)}.${pick(r, lastNames)}@${pick(r, domains)}`,
    (r) => `${pick(r, firstNames)[0]}${pick(r, lastNames)}${int(r, 1, 99)}@${pick(r, domains)}`,
    (r) => `${pick(r, firstNames)}+${pick(r, ['news', 'bank', 'shop'])}@${pick(r, domains)}`,
  ],
  phone: [
    (r) => `+44 20 7946 ${digits(r, 4)}`,
    (r) => `+1 (${int(r, 201, 989)}) 555-${digits(r, 4)}`,
    (r) => `+49 151 ${digits(r, 8)}`,
    (r) => `07700 ${digits(r, 6)}`,
    (r) => `06 ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)}`,
    (r) => `${int(r, 201, 989)}-555-${digits(r, 4)}`,
    (r) => `+33 6 ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)}`,
    (r) => `030 ${digits(r, 8)}`,
  ],
  iban: [(r) => makeIban(r, true), (r) => makeIban(r, false)],
  card: [(r) => makeCard(r, ''), (r) => makeCard(r, ' '), (r) => makeCard(r, '-')],
  wallet: [makeEvmAddress, (r) => makeBech32Address(r, r() < 0.5), (r) => makeBase58Address(r, r() < 0.5)],
  'private-key': [(r) => makeWifKey(r, r() < 0.5)],
  secret: [
    (r) => `sk-proj-${chars(r, alnum, 40)}`,
    (r) => `ghp_${chars(r, alnum, 36)}`,
    (r) => `AKIA${chars(r, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`,
    (r) => `xoxb-${digits(r, 11)}-${digits(r, 13)}-${chars(r, alnum, 24)}`,
    (r) => `sk_live_${chars(r, alnum, 24)}`,
    (r) => `AIza${chars(r, alnum, 35)}`,
    (r) => `${base64url('{"alg":"HS256","typ":"JWT"}')}.${base64url(`{"sub":"${digits(r, 8)}","exp":${digits(r, 10)}}`)}.${chars(r, alnum, 43)}`,
  ],
  path: [
    (r) => `/home/${pick(r, firstNames)}/${pick(r, ['projects', 'notes', 'Downloads'])}/${pick(r, ['report.pdf', 'data.csv', 'todo.md'])}`,
    (r) => `/Users/${pick(r, firstNames)}${pick(r, lastNames)}/Documents/${pick(r, ['taxes', 'health', 'letters'])}`,
    (r) => `C:\\Users\\${pick(r, firstNames)}.${pick(r, lastNames)}\\Desktop\\${pick(r, ['cv.docx', 'budget.xlsx'])}`,
    (r) => `~/${pick(r, ['.ssh/id_rsa', 'Documents/diary.txt', '.config/app/settings.json'])}`,
  ],
  ip: [
    (r) => `${int(r, 11, 223)}.${int(r, 0, 255)}.${int(r, 0, 255)}.${int(r, 1, 254)}`,
    (r) => `192.168.${int(r, 0, 20)}.${int(r, 2, 254)}`,
    (r) => `2001:db8:${chars(r, '0123456789abcdef', 4)}::${chars(r, '123456789abcdef', 1)}${chars(r, '0123456789abcdef', 3)}`,
  ],
};

/** What a person calls each kind when they name it in a sentence. */
const labels: Record<Exclude<RedactionKind, 'private-text'>, string[]> = {
  email: ['e-mail', 'address', 'work email'],
  phone: ['phone number', 'mobile', 'number'],
  iban: ['IBAN', 'account', 'bank account'],
  card: ['card number', 'Visa', 'credit card'],
  wallet: ['wallet', 'address', 'deposit address'],
  'private-key': ['private key', 'WIF key', 'key'],
  secret: ['API key', 'token', 'access token'],
  path: ['file', 'folder', 'log file'],
  ip: ['IP', 'server address', 'router'],
};

const frames = [
  'My {label} is {v}, can you check it?',
  'Please use {v} for this.',
  'Write a short note that includes {v}.',
  'Is {v} the right {label}?',
  'I found {v} in my notes; what is it?',
  '{v} — keep this for later.',
  'Update the form: {label}: {v}',
  'The {label} ({v}) changed last week.',
];

const trapMakers: Maker[] = [
  (r) => `v${int(r, 0, 9)}.${int(r, 0, 30)}.${int(r, 0, 99)}`,
  (r) => `version ${int(r, 1, 9)}.${int(r, 0, 9)}.${int(r, 0, 9)}.${int(r, 0, 9)}`,
  (r) => `${int(r, 1990, 2030)}-${String(int(r, 1, 12)).padStart(2, '0')}-${String(int(r, 1, 28)).padStart(2, '0')}`,
  (r) => `${String(int(r, 1, 28)).padStart(2, '0')}.${String(int(r, 1, 12)).padStart(2, '0')}.${int(r, 1990, 2030)} ${int(r, 10, 23)}:${int(r, 10, 59)}`,
  (r) => `$${int(r, 1, 999)},${digits(r, 3)}.${digits(r, 2)}`,
  (r) => `€${int(r, 1, 99)}.${digits(r, 3)},${digits(r, 2)}`,
  (r) => `commit ${chars(r, '0123456789abcdef', 40)}`,
  (r) => `sha256 ${makeHex64(r)}`,
  (r) => `tx 0x${makeHex64(r)}`,
  (r) => `${chars(r, '0123456789abcdef', 8)}-${chars(r, '0123456789abcdef', 4)}-4${chars(r, '0123456789abcdef', 3)}-a${chars(r, '0123456789abcdef', 3)}-${chars(r, '0123456789abcdef', 12)}`,
  (r) => `#${chars(r, '0123456789abcdef', 6)}`,
  (r) => `order #${digits(r, 12)}`,
  (r) => `${int(r, 100, 9999)} * ${int(r, 100, 9999)} = ?`,
  (r) => `${int(r, 10000, 99999)} ${pick(r, ['Berlin', 'Paris', 'Madrid', 'Milano'])}`,
  (r) => `${int(r, 1, 23)}:${int(r, 10, 59)}:${int(r, 10, 59)}`,
];

const trapFrames = ['Compare {t} with {u}.', 'The log says {t}, then {u}.', 'Note: {t}; see also {u}.', 'Why is {t} different from {u}?'];

function valueCase(random: Random): LabelledCase {
  const kind = pick(random, Object.keys(valueMakers) as (keyof typeof valueMakers)[]);
  const value = pick(random, valueMakers[kind])(random);
  const text = pick(random, frames).replace('{label}', pick(random, labels[kind])).replace('{v}', value);
  return { category: `generated:${kind}`, text, spans: [{ kind, value }] };
}

function trapCase(random: Random): LabelledCase {
  const text = pick(random, trapFrames).replace('{t}', pick(random, trapMakers)(random)).replace('{u}', pick(random, trapMakers)(random));
  return { category: 'generated:trap', text, spans: [] };
}

/** A value and a look-alike in one sentence: only the value is redacted. */
function mixedCase(random: Random): LabelledCase {
  const value = valueCase(random);
  return { ...value, category: `generated:mixed`, text: `${value.text} (${pick(random, trapMakers)(random)})` };
}

export function generateRedactionCases(count: number, seed: number): LabelledCase[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => [valueCase, trapCase, mixedCase][i % 3]!(random));
}
