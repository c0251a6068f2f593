/**
 * The redaction corpus: the hand-written cases of
 * tests/fixtures/redaction-corpus.jsonl and the generated ones.
 */
import { readFileSync } from 'node:fs';
import { generateRedactionCases } from './redaction-corpus-generator.ts';
import type { LabelledCase } from './redaction-score.ts';

const handWritten = new URL('../fixtures/redaction-corpus.jsonl', import.meta.url);

export function loadRedactionCorpus(): LabelledCase[] {
  const lines = readFileSync(handWritten, 'utf8').split('\n').filter((line) => line.trim() !== '');
  return [...lines.map((line) => JSON.parse(line) as LabelledCase), ...generateRedactionCases(240, 13)];
}
