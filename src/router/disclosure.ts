/**
 * What a provider reply sends, made minimal: every message of the request
 * is redacted with one placeholder table (a value is the same placeholder
 * wherever it appears), and the exact text that leaves is what the preview
 * shows and the reply records. The placeholders stay on this device, to
 * put the values back into the reply.
 */
import type { DisclosurePreview } from '../api/contract.ts';
import type { ReplyRequest } from '../chat/reply-source.ts';
import { chatRequestText, toChatRequest } from '../completion/chat-request.ts';
import type { ChatRequest } from '../completion/completion-backend.ts';
import { findSensitiveSpans, summarizeRedaction, type Placeholder, type RedactOptions } from './redaction/index.ts';
import { createPlaceholderTable } from './redaction/placeholders.ts';

export interface RedactedRequest {
  chat: ChatRequest;
  /** The request as it leaves: one JSON text. */
  text: string;
  placeholders: Placeholder[];
}

export function redactRequest(chat: ChatRequest, options: RedactOptions = {}): RedactedRequest {
  const table = createPlaceholderTable(chat.messages.map((message) => message.content).join('\n'));
  const messages = chat.messages.map((message) => {
    let content = '';
    let copied = 0;
    for (const span of findSensitiveSpans(message.content, options)) {
      content += message.content.slice(copied, span.start) + table.tokenFor(span.kind, span.value);
      copied = span.end;
    }
    return { ...message, content: content + message.content.slice(copied) };
  });
  const redacted = { ...chat, messages };
  return { chat: redacted, text: chatRequestText(redacted), placeholders: table.placeholders };
}

/** A reply request as it would leave for a provider: as an OpenAI chat request, redacted, its private memories too. */
export function redactReply(request: ReplyRequest): RedactedRequest {
  return redactRequest(toChatRequest(request), { privateTexts: request.privateTexts ?? [] });
}

/** The preview of what leaves, and how many values of each kind were replaced. */
export function disclosurePreview({ text, placeholders }: RedactedRequest): DisclosurePreview {
  const redacted: Record<string, number> = {};
  for (const [kind, count] of Object.entries(summarizeRedaction(placeholders).byKind)) redacted[kind] = count;
  return { text, redacted };
}
