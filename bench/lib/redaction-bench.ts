/**
 * Redaction benchmark: throughput of `redact` on 1 MB of mixed text (the
 * corpus's questions, with their values and look-alikes, between plain
 * prose), median of several rounds, with the corpus's recall and precision.
 */
import { findSensitiveSpans, redact } from '../../src/router/redaction/index.ts';
import { loadRedactionCorpus } from '../../tests/helpers/redaction-corpus.ts';
import { scoreRedaction } from '../../tests/helpers/redaction-score.ts';
import { median } from './stats.ts';

export interface RedactionBenchResult {
  bytes: number;
  rounds: number;
  /** Megabytes (10^6 bytes) of text redacted per second, median over the rounds. */
  mbPerSecond: number;
  placeholders: number;
  recall: number;
  precision: number;
}

const prose =
  'We talked about the garden, the long winter and the plans for the summer holidays. ' +
  'The children want to learn to swim, and the old bicycle needs new brakes before spring. ';

/** Corpus questions, each followed by a paragraph of prose, repeated up to `bytes`. */
function mixedText(texts: readonly string[], bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const part = `${texts[i % texts.length]}\n${prose}\n`;
    parts.push(part);
    size += Buffer.byteLength(part);
  }
  return parts.join('');
}

export async function runRedactionBench(rounds = 7, bytes = 1_000_000): Promise<RedactionBenchResult> {
  const corpus = loadRedactionCorpus();
  const score = scoreRedaction(corpus, findSensitiveSpans);
  const text = mixedText(
    corpus.map((labelled) => labelled.text),
    bytes,
  );
  const size = Buffer.byteLength(text);
  const rates: number[] = [];
  let placeholders = 0;
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    placeholders = redact(text).placeholders.length;
    rates.push(size / 1e6 / ((performance.now() - started) / 1000));
  }
  return { bytes: size, rounds, mbPerSecond: median(rates), placeholders, recall: score.recall, precision: score.precision };
}
