/**
 * What a Hugging Face GGUF file's name tells before it is downloaded: its
 * quantization ("Q4_K_M"), the model's size in parameters ("7B" in the
 * repository or file name), and whether it is one part of a model split
 * over several files. Names are conventions, not facts: each guess is
 * null when the name does not follow them.
 */

/** llama.cpp's quantization names: Q4_K_M, Q8_0, IQ4_XS, IQ2_XXS, TQ1_0, F16, BF16, F32. */
const quantizationPattern = /(?<![a-z0-9])((?:i|t)?q[1-8](?:_(?:k|0|1|nl))?(?:_(?:xxs|xs|s|m|l|xl))?|bf16|f16|f32)(?![a-z0-9])/i;

/** "7B", "0.5B", "135M" as a word of the name; "8x7B" (a mixture of experts) is not read as 7B. */
const parametersPattern = /(?<![a-z0-9.])(\d+(?:\.\d+)?)([bm])(?![a-z0-9])/i;

/** `-00001-of-00003.gguf`: llama.cpp's gguf-split names each part so. */
const splitPartPattern = /-\d{5}-of-\d{5}\.gguf$/i;

/**
 * A file name the models folder takes as it is: letters, digits, dot,
 * dash and underscore, ending in .gguf, at most 64 characters (the
 * download's id is the file name, and the contract's ids stop there).
 */
const plainFileNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,58}\.gguf$/;

export function guessQuantization(fileName: string): string | null {
  const match = quantizationPattern.exec(fileName.replace(/\.gguf$/i, ''));
  return match?.[1] ? match[1].toUpperCase() : null;
}

/** Billions of parameters from the first name that states them (repository first, then file). */
export function guessParametersBillions(...names: string[]): number | null {
  for (const name of names) {
    const match = parametersPattern.exec(name);
    if (!match?.[1] || !match[2]) continue;
    const count = Number(match[1]);
    if (count <= 0) continue;
    return match[2].toLowerCase() === 'm' ? count / 1000 : count;
  }
  return null;
}

export function isSplitPart(fileName: string): boolean {
  return splitPartPattern.test(fileName);
}

export function isPlainGgufName(fileName: string): boolean {
  return plainFileNamePattern.test(fileName);
}
