/**
 * Fixed prompts, taken in turn (the warm-up gets the first). Consecutive
 * rounds differ so that neither path can reuse the previous reply's
 * evaluated prompt: each reply pays for evaluating its question, as a new
 * question in the app does.
 */
export const PROMPTS = [
  'Write a short story about a lighthouse keeper who finds a message in a bottle.',
  'Write a short story about a baker who wakes up to find the town covered in snow.',
  'Write a short story about a child who teaches an old dog to fetch the newspaper.',
  'Write a short story about a sailor who maps an island that is not on any chart.',
] as const;
