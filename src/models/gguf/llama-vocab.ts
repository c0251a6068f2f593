/**
 * A SentencePiece-style (`tokenizer.ggml.model = llama`) vocabulary for
 * generated models: <unk>, <s>, </s>, the 256 byte-fallback tokens, then
 * printable pieces until the requested size. Any text tokenizes (bytes are
 * the fallback) and random output decodes to readable word pieces.
 */
import { tokenKind } from './format.ts';

export const UNK_ID = 0;
export const BOS_ID = 1;
export const EOS_ID = 2;
export const SPECIAL_TOKENS = 3;
/** The smallest vocabulary: the special tokens, the byte tokens and one piece. */
export const MIN_VOCAB = SPECIAL_TOKENS + 256 + 1;

/** SentencePiece marks a word start with U+2581 in place of the space. */
const SPACE = '\u2581';

const COMMON_WORDS = (
  'the of and to in a is that for it as was with be by on not he this are or his from at which but have an they ' +
  'you were her she there been one all we their has would when if so no will can more other what up out its into ' +
  'them time some could him only then like about my than first new also after two any these may way how people year ' +
  'hello world model local assistant story once upon little day said good home night light fire hearth warm'
).split(' ');

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const PUNCTUATION = ['.', ',', '!', '?', ':', ';', "'", '"', '-', '(', ')', '\n'];

export interface Vocabulary {
  tokens: string[];
  scores: number[];
  types: number[];
}

export function buildLlamaVocab(size: number): Vocabulary {
  if (!Number.isInteger(size) || size < MIN_VOCAB) throw new RangeError(`A vocabulary needs at least ${MIN_VOCAB} tokens.`);
  const tokens = ['<unk>', '<s>', '</s>'];
  const types: number[] = [tokenKind.unknown, tokenKind.control, tokenKind.control];
  for (let byte = 0; byte < 256; byte++) {
    tokens.push(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(tokenKind.byte);
  }
  const seen = new Set(tokens);
  for (const piece of pieces()) {
    if (tokens.length >= size) break;
    if (seen.has(piece)) continue;
    seen.add(piece);
    tokens.push(piece);
    types.push(tokenKind.normal);
  }
  // SentencePiece scores are log-probabilities: earlier (commoner) pieces
  // score higher, which is the merge priority llama.cpp's tokenizer uses.
  const scores = tokens.map((_, id) => (types[id] === tokenKind.normal ? -(id - SPECIAL_TOKENS - 256) : 0));
  return { tokens, scores, types };
}

/** Pieces from commonest to rarest, endless: longer letter strings come last. */
function* pieces(): Generator<string> {
  yield SPACE;
  yield* PUNCTUATION;
  for (const letter of LETTERS) yield letter;
  for (const letter of LETTERS) yield SPACE + letter;
  for (const letter of LETTERS.toUpperCase()) yield letter;
  for (let digit = 0; digit <= 9; digit++) yield String(digit);
  for (const word of COMMON_WORDS) {
    yield SPACE + word;
    yield word;
    yield SPACE + word[0]!.toUpperCase() + word.slice(1);
  }
  for (let length = 2; ; length++) {
    for (const text of letterStrings(length)) {
      yield SPACE + text;
      yield text;
    }
  }
}

/** Every lowercase string of the given length, in order: aa, ab, …, zz. */
function* letterStrings(length: number): Generator<string> {
  const digits = new Array<number>(length).fill(0);
  while (true) {
    yield digits.map((d) => LETTERS[d]).join('');
    let i = length - 1;
    while (i >= 0 && digits[i] === LETTERS.length - 1) digits[i--] = 0;
    if (i < 0) return;
    digits[i]!++;
  }
}
