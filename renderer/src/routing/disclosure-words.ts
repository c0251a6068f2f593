/**
 * What a provider reply sends, in words: how many values of each kind were
 * replaced by placeholders, and the request text laid out to be read.
 */

/** Singular and plural, for each kind redaction finds (src/router/redaction/types.ts). */
const kindNames: Record<string, readonly [string, string]> = {
  email: ['e-mail address', 'e-mail addresses'],
  phone: ['phone number', 'phone numbers'],
  iban: ['IBAN', 'IBANs'],
  card: ['card number', 'card numbers'],
  wallet: ['wallet address', 'wallet addresses'],
  'private-key': ['private key', 'private keys'],
  secret: ['password or secret token', 'passwords or secret tokens'],
  path: ['file path', 'file paths'],
  ip: ['IP address', 'IP addresses'],
  'private-text': ['text you marked private', 'texts you marked private'],
};

const kindOrder = Object.keys(kindNames);
const rank = (kind: string) => (kindOrder.includes(kind) ? kindOrder.indexOf(kind) : kindOrder.length);

/** "2 e-mail addresses, 1 card number"; empty when nothing was replaced. */
export function redactedValues(counts: Record<string, number>): string {
  return Object.entries(counts)
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([kind, count]) => {
      const [one, many] = kindNames[kind] ?? [`${kind} value`, `${kind} values`];
      return `${count} ${count === 1 ? one : many}`;
    })
    .join(', ');
}

/** The sentence under "what leaves": what was replaced, and that the values come back only here. */
export function redactionSentence(counts: Record<string, number>): string {
  const values = redactedValues(counts);
  if (values === '') return 'Nothing in it looked personal or secret, so nothing was replaced.';
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  return total === 1
    ? `${values} replaced by a placeholder; it is put back in the reply on this computer.`
    : `${values} replaced by placeholders; they are put back in the reply on this computer.`;
}

/** The request as sent, indented to be read; a text that is not JSON is shown as it is. */
export function readableRequest(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
