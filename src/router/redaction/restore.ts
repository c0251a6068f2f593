/**
 * Puts the redacted values back into a reply, on the device. A streamed
 * reply may split a placeholder across chunks (`[EMA` + `IL_1]`), so the
 * restorer holds back a tail that could still become one.
 */
import { tokenPattern } from './placeholders.ts';
import type { Placeholder } from './types.ts';

export function restore(text: string, placeholders: readonly Placeholder[]): string {
  const values = new Map(placeholders.map((placeholder) => [placeholder.token, placeholder.value]));
  return text.replace(tokenPattern, (token) => values.get(token) ?? token);
}

export interface StreamRestorer {
  /** Takes the next chunk of the reply; returns the restored text that is safe to show now. */
  push(chunk: string): string;
  /** The reply is complete: returns whatever was held back, restored. */
  end(): string;
}

export function createRestorer(placeholders: readonly Placeholder[]): StreamRestorer {
  const tokens = placeholders.map((placeholder) => placeholder.token);
  let pending = '';
  /** Where the unfinished placeholder at the end of `text` starts, or its length when there is none. */
  const safeLength = (text: string) => {
    const open = text.lastIndexOf('[');
    if (open < 0) return text.length;
    const tail = text.slice(open);
    return tokens.some((token) => token.length > tail.length && token.startsWith(tail)) ? open : text.length;
  };
  return {
    push(chunk) {
      pending += chunk;
      const cut = safeLength(pending);
      const ready = pending.slice(0, cut);
      pending = pending.slice(cut);
      return restore(ready, placeholders);
    },
    end() {
      const rest = pending;
      pending = '';
      return restore(rest, placeholders);
    },
  };
}
