/**
 * Deterministic synthetic documents for the retrieval benchmark: sentences
 * drawn from a word list with Zipf's law (so FTS5 posting lists are long
 * for common words and short for rare ones, as in real text), and random
 * unit vectors.
 */
import { seededRandom } from '../../tests/helpers/seeded-random.ts';

/** The 100 most frequent English words, in order, take the top ranks as in real text; made-up words fill the rest. */
const FUNCTION_WORDS = (
  'the be to of and a in that have i it for not on with he as you do at this but his by from they we say her she or an will my one all would ' +
  'there their what so up out if about who get which go me when make can like time no just him know take people into year your good some could ' +
  'them see other than then now look only come its over think also back after use two how our work first well way even new want because any ' +
  'these give day most us'
).split(' ');
const SYLLABLES = 'ka lo mi ne ru ta po si ve da gu ho ze bi fa wu er an ol is'.split(' ');

export function createCorpus(seed: number, vocabularySize = 5000) {
  const random = seededRandom(seed);
  const words = [...FUNCTION_WORDS];
  const known = new Set(words);
  while (words.length < vocabularySize) {
    let word = '';
    for (let n = 2 + Math.floor(random() * 3); n > 0; n--) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    if (!known.has(word)) {
      known.add(word);
      words.push(word);
    }
  }
  // Zipf: the word of rank r is drawn with weight 1/r.
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 1; rank <= words.length; rank++) cumulative.push((total += 1 / rank));
  const word = (): string => {
    const target = random() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return words[low]!;
  };
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const unit = (values: Float32Array): Float32Array => {
    let sum = 0;
    for (const v of values) sum += v * v;
    const norm = Math.sqrt(sum);
    return values.map((v) => v / norm);
  };

  return {
    random,
    /** `sentences` sentences of 8–16 words. */
    paragraph(sentences: number): string {
      const parts: string[] = [];
      for (let s = 0; s < sentences; s++) {
        const sentence = Array.from({ length: 8 + Math.floor(random() * 9) }, word).join(' ');
        parts.push(`${sentence[0]!.toUpperCase()}${sentence.slice(1)}.`);
      }
      return parts.join(' ');
    },
    randomUnitVector(dimensions: number): Float32Array {
      return unit(Float32Array.from({ length: dimensions }, gaussian));
    },
    /** A unit vector at cosine about 1/sqrt(1 + noise²) from `base`: a query about that chunk. */
    nearbyUnitVector(base: Float32Array, noise: number): Float32Array {
      const scale = noise / Math.sqrt(base.length);
      return unit(base.map((v) => v + scale * gaussian()));
    },
  };
}

export type Corpus = ReturnType<typeof createCorpus>;
