/**
 * FTS5 query syntax from free text, for retrieval. Every word is quoted, so
 * nothing a user types (quotes, AND, NEAR(, *, emoji) is read as syntax.
 *
 * Words are OR-ed and bm25 ranks chunks by how many rare query words they
 * hold: a question rarely shares all its words with the passage that
 * answers it. Words found in a large share of the chunks are left out:
 * they add almost nothing to bm25, yet an OR makes FTS5 score every chunk
 * that holds them (measured on 100k chunks: 5-word OR queries p95 127 ms
 * with English function words, 18 ms without). Those are a fixed list of
 * English function words, plus whatever `isFrequent` says (a document
 * frequency check, for any language). A question made only of such words
 * ("to be or not to be") keeps them, AND-ed, unless the index says they are
 * all frequent: then there is no keyword search at all.
 */

const FUNCTION_WORDS = new Set(
  ('a about after all also am an and any are as at be because been but by can could did do does for from had has have he her his how i if in into is it its ' +
    'me my no not of on or our she so than that the their them then there these they this those to up us was we were what when where which who why will ' +
    'with would you your').split(' '),
);

/** Enough words for any question; bounds the work a pasted paragraph can cause. */
const MAX_WORDS = 16;

const quote = (word: string) => `"${word}"`;

/** The distinct words of `text`, lower-cased, in order. */
function queryWords(text: string): string[] {
  return [...new Set(text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [])];
}

export function toRetrievalMatchQuery(text: string, isFrequent: (word: string) => boolean = () => false): string | null {
  const words = queryWords(text);
  if (words.length === 0) return null;
  const content = words.filter((word) => !FUNCTION_WORDS.has(word));
  const rare = content.filter((word) => !isFrequent(word));
  if (rare.length > 0) return rare.slice(0, MAX_WORDS).map(quote).join(' OR ');
  const fallback = (content.length > 0 ? content : words).slice(0, MAX_WORDS);
  // Only words a large share of the library holds: nothing to tell passages apart by, and an AND of them
  // costs the most (measured on 100k chunks: up to 22 ms). The search by meaning answers such a question.
  if (fallback.every(isFrequent)) return null;
  return fallback.map(quote).join(' AND ');
}
