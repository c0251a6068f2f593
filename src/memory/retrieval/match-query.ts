/**
 * FTS5 query syntax from free text, for retrieval. Every word is quoted, so
 * nothing a user types (quotes, AND, NEAR(, *, emoji) is read as syntax.
 *
 * Words are OR-ed and bm25 ranks chunks by how many rare query words they
 * hold: a question rarely shares all its words with the passage that
 * answers it. FTS5 scores every chunk an OR matches (about 1 µs each here),
 * so the words are taken rarest first while the chunks they match stay
 * within a budget: a rare word, a name or a code still decides the keyword
 * ranking. English function words are left out, and so is any word held by
 * more than `frequentAbove` chunks, which weighs almost nothing in bm25 and
 * only adds chunks that match nothing else. A question made only of
 * function words ("to be or not to be") keeps them, AND-ed, when the rarest
 * of them is neither frequent nor over the budget; otherwise there is no
 * keyword search and the search by meaning answers it.
 */

/** How many chunks each word is found in (at most `budget + 1` need be counted), and how many the query may match. */
export interface PostingsBudget {
  postingsOf(word: string): number;
  budget: number;
  frequentAbove: number;
}

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

export function toRetrievalMatchQuery(text: string, postings?: PostingsBudget): string | null {
  const words = queryWords(text).slice(0, MAX_WORDS);
  if (words.length === 0) return null;
  const content = words.filter((word) => !FUNCTION_WORDS.has(word));
  if (!postings) return content.length > 0 ? content.map(quote).join(' OR ') : words.map(quote).join(' AND ');
  const limit = Math.min(postings.budget, postings.frequentAbove);
  const counted = (content.length > 0 ? content : words)
    .map((word) => ({ word, count: postings.postingsOf(word) }))
    .filter(({ count }) => count > 0 && (content.length === 0 || count <= postings.frequentAbove))
    .sort((a, b) => a.count - b.count);
  if (content.length === 0) return counted.length === words.length && counted[0]!.count <= limit ? words.map(quote).join(' AND ') : null;
  const picked: string[] = [];
  let matched = 0;
  for (const { word, count } of counted) {
    if (matched + count > postings.budget) break;
    picked.push(word);
    matched += count;
  }
  return picked.length > 0 ? picked.map(quote).join(' OR ') : null;
}
