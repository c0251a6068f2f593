/**
 * What leaves the device: personal and secret values become placeholders,
 * the reply gets them back, and the labelled corpus measures how well.
 */
import { describe, expect, it } from 'vitest';
import {
  createRestorer,
  findSensitiveSpans,
  redact,
  restore,
  summarizeRedaction,
  type RedactionKind,
} from '../../src/router/redaction/index.ts';
import { loadRedactionCorpus } from '../helpers/redaction-corpus.ts';
import { scoreRedaction } from '../helpers/redaction-score.ts';

const redactedValues = (text: string) => findSensitiveSpans(text).map((span) => [span.kind, span.value]);

describe('redacting a question', () => {
  it('replaces each value by a typed placeholder and leaves the rest as written', () => {
    const { text } = redact('Mail jane.doe@example.com or call +44 20 7946 0958 about v1.2.3.');
    expect(text).toBe('Mail [EMAIL_1] or call [PHONE_1] about v1.2.3.');
  });

  it('gives the same value the same placeholder and another value the next number', () => {
    const { text, placeholders } = redact('a@x.io, b@x.io, then a@x.io again');
    expect(text).toBe('[EMAIL_1], [EMAIL_2], then [EMAIL_1] again');
    expect(placeholders).toEqual([
      { token: '[EMAIL_1]', kind: 'email', value: 'a@x.io' },
      { token: '[EMAIL_2]', kind: 'email', value: 'b@x.io' },
    ]);
  });

  it('skips a placeholder the person already wrote, so restoring cannot change their words', () => {
    const original = 'Fill [EMAIL_1] in the template with jo@x.io';
    const { text, placeholders } = redact(original);
    expect(text).toBe('Fill [EMAIL_1] in the template with [EMAIL_2]');
    expect(restore(text, placeholders)).toBe(original);
  });

  it('redacts the texts marked private, wherever they appear', () => {
    const { text } = redact('Plan Lukas’s party; Lukas turns 7. Project Nightingale is secret.', {
      privateTexts: ['Lukas', 'Project Nightingale', '  '],
    });
    expect(text).toBe('Plan [PRIVATE_1]’s party; [PRIVATE_1] turns 7. [PRIVATE_2] is secret.');
  });

  it('redacts a secret found once everywhere it appears', () => {
    expect(redact("mysql -p'r00tPa55' and pwd=r00tPa55").text).toBe("mysql -p'[SECRET_1]' and pwd=[SECRET_1]");
  });

  it('keeps a secret’s name readable and redacts only its value', () => {
    expect(redact('DB_PASSWORD=Winter2024! and api_key = "9f8e7d6c5b4a"').text).toBe('DB_PASSWORD=[SECRET_1] and api_key = "[SECRET_2]"');
  });

  it('counts the redacted values per kind for the window', () => {
    const { placeholders } = redact('a@x.io b@x.io a@x.io 192.168.1.20 card 4111 1111 1111 1111');
    expect(summarizeRedaction(placeholders)).toEqual({ total: 4, byKind: { email: 2, ip: 1, card: 1 } });
  });
});

describe('each kind of value', () => {
  const examples: [RedactionKind, string, string][] = [
    ['email', 'write to o\'brien@example.ie', "o'brien@example.ie"],
    ['phone', 'ring (415) 555-0132', '(415) 555-0132'],
    ['phone', 'appelez le 06 12 34 56 78', '06 12 34 56 78'],
    ['phone', 'phone: 0612345678', '0612345678'],
    ['iban', 'IBAN DE89 3704 0044 0532 0130 00 please', 'DE89 3704 0044 0532 0130 00'],
    ['card', 'card 3782 822463 10005 exp 12/27', '3782 822463 10005'],
    ['wallet', 'to 0x71C7656EC7ab88b098defB751B7401B5f6d8976F', '0x71C7656EC7ab88b098defB751B7401B5f6d8976F'],
    ['wallet', 'to bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'],
    ['wallet', 'to 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa'],
    ['private-key', 'my private key is 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80', '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'],
    ['private-key', 'WIF 5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ', '5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ'],
    ['secret', 'token ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R', 'ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R'],
    ['secret', 'AWS key AKIAIOSFODNN7EXAMPLE', 'AKIAIOSFODNN7EXAMPLE'],
    ['secret', 'Authorization: Bearer a8f5f167f44f4964e6c998dee827110c', 'a8f5f167f44f4964e6c998dee827110c'],
    ['secret', 'postgres://app:s3cr3t@db.internal:5432/prod', 's3cr3t'],
    ['path', "open 'C:\\Users\\JohnSmith\\Documents\\budget.xlsx'", 'C:\\Users\\JohnSmith\\Documents\\budget.xlsx'],
    ['path', 'see /home/alice/notes.md.', '/home/alice/notes.md'],
    ['ip', 'ssh root@203.0.113.45', '203.0.113.45'],
    ['ip', 'ping 2001:db8:85a3::8a2e:370:7334', '2001:db8:85a3::8a2e:370:7334'],
  ];
  it.each(examples)('finds a %s in "%s"', (kind, text, value) => {
    expect(redactedValues(text)).toEqual([[kind, value]]);
  });

  const lookAlikes = [
    'Upgrade from v1.2.3 to version 1.2.3.4 on Windows 10.0.19045',
    'The meeting is on 2024-03-15 at 14:30, or 01.02.2025 10:30',
    'The laptop costs $1,299.99 or €1.249,00',
    'sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    'tx 0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060 is pending',
    'UUID 123e4567-e89b-12d3-a456-426614174000, colour #1e90ff',
    'ISBN 978-3-16-148410-0, order #123456789012, 02139-4307',
    'api_key = os.environ["OPENAI_API_KEY"] and password: string',
    'My password is wrong, and Bearer authentication is required',
    'Serve on 0.0.0.0:3000, 127.0.0.1 or ::1; MAC 00:1A:2B:3C:4D:5E',
    'Edit /etc/hosts or https://example.com/home/about',
  ];
  it.each(lookAlikes)('leaves "%s" as written', (text) => {
    expect(redact(text).text).toBe(text);
  });
});

describe('restoring the reply', () => {
  const question = 'Tell jane@example.com that card 4111 1111 1111 1111 was refunded.';
  const { text: sent, placeholders } = redact(question);

  it('puts every value back into a whole reply', () => {
    expect(restore(sent, placeholders)).toBe(question);
    expect(restore('Done, [EMAIL_1] is told; [EMAIL_9] stays.', placeholders)).toBe('Done, jane@example.com is told; [EMAIL_9] stays.');
  });

  const endsInsidePlaceholder = (shown: string) =>
    placeholders.some(({ token }) => [...token].some((_, length) => length > 0 && shown.endsWith(token.slice(0, length))));

  it('puts values back in a streamed reply whose placeholders are split across chunks', () => {
    const reply = 'I told [EMAIL_1] about [CARD_1]. [Note] done [';
    for (let size = 1; size <= 8; size++) {
      const restorer = createRestorer(placeholders);
      let shown = '';
      for (let at = 0; at < reply.length; at += size) {
        const visible = restorer.push(reply.slice(at, at + size));
        expect(endsInsidePlaceholder(visible)).toBe(false);
        shown += visible;
      }
      shown += restorer.end();
      expect(shown).toBe('I told jane@example.com about 4111 1111 1111 1111. [Note] done [');
    }
  });

  it('shows text right away when it cannot be the start of a placeholder', () => {
    const restorer = createRestorer(placeholders);
    expect(restorer.push('Hello [world')).toBe('Hello [world');
    expect(restorer.push(' and [EM')).toBe(' and ');
    expect(restorer.push('AIL_1]!')).toBe('jane@example.com!');
  });
});

describe('the labelled corpus', () => {
  const corpus = loadRedactionCorpus();
  const score = scoreRedaction(corpus, findSensitiveSpans);

  it('has at least 500 cases, 150 of them traps, covering every kind', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(500);
    expect(corpus.filter((labelled) => labelled.category.includes('trap')).length).toBeGreaterThanOrEqual(150);
    expect(score.byKind.map((kind) => kind.kind)).toEqual([
      'card', 'email', 'iban', 'ip', 'path', 'phone', 'private-key', 'private-text', 'secret', 'wallet',
    ]);
  });

  it('finds at least 98% of the labelled values with at least 95% precision', () => {
    console.log(
      `redaction corpus: ${score.cases} cases, ${score.labelled} labelled values, recall ${score.recall.toFixed(4)}, precision ${score.precision.toFixed(4)}\n` +
        score.byKind
          .map((kind) => `  ${kind.kind.padEnd(13)} labelled ${String(kind.labelled).padStart(4)}  found ${String(kind.found).padStart(4)}  recall ${kind.recall.toFixed(3)}  precision ${kind.precision.toFixed(3)}`)
          .join('\n'),
    );
    expect(score.recall, JSON.stringify(score.missed.slice(0, 20), null, 1)).toBeGreaterThanOrEqual(0.98);
    expect(score.precision, JSON.stringify(score.falsePositives.slice(0, 20), null, 1)).toBeGreaterThanOrEqual(0.95);
  });
});
