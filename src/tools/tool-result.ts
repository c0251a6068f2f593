/**
 * A tool's result as the text the model reads and the message keeps. Local
 * models read text only, so images, audio and binary resources are named in
 * a short note instead; a result longer than the limit (a hostile or
 * careless server can return megabytes) is cut, with a note saying so.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

export interface ToolResult {
  text: string;
  /** Whether the text was cut at the limit (the note at its end says so too). */
  truncated: boolean;
}

/** 64 KiB of text: far beyond what a local model's context can use, small enough to keep on a message. */
export const defaultMaxResultBytes = 64 * 1024;

type ContentBlock = CallToolResult['content'][number];

function blockText(block: ContentBlock): string {
  switch (block.type) {
    case 'text':
      return block.text;
    case 'image':
    case 'audio':
      return `[The tool returned ${block.type === 'image' ? 'an image' : 'audio'} (${block.mimeType}); Hearth passes only text to the model.]`;
    case 'resource_link':
      return `[Resource: ${block.name} at ${block.uri}]`;
    case 'resource':
      return 'text' in block.resource ? block.resource.text : `[The tool returned a binary resource at ${block.resource.uri}; Hearth passes only text to the model.]`;
  }
}

/** Cuts text to at most `maxBytes` of UTF-8, on a character boundary. */
export function truncateText(text: string, maxBytes: number): ToolResult {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return { text, truncated: false };
  // A cut inside a multi-byte character decodes to U+FFFD at the end; drop it.
  const kept = bytes.subarray(0, maxBytes).toString('utf8').replace(/\uFFFD+$/, '');
  const note = `\n\n[Hearth cut this result here: the tool returned ${Math.ceil(bytes.length / 1024)} KiB of text, and only the first ${Math.floor(maxBytes / 1024)} KiB are kept.]`;
  return { text: kept + note, truncated: true };
}

/** The result's content as one text; structured content stands in when a tool returns no content blocks. */
export function resultText(result: CallToolResult): string {
  if (result.content.length === 0 && result.structuredContent !== undefined) return JSON.stringify(result.structuredContent);
  return result.content.map(blockText).join('\n');
}
