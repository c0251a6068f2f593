import { HTMLElement, NodeType, parse, type Node } from 'node-html-parser';

// Elements whose content is not part of what a reader reads on the page.
const noiseTags = new Set(['script', 'style', 'noscript', 'template', 'nav', 'svg', 'iframe', 'object', 'canvas', 'meta', 'link']);
// Blocks that read as paragraphs get a blank line around them (the chunker splits there first); the others a line break.
const paragraphTags = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'table', 'ul', 'ol', 'dl', 'figure', 'hr',
  'section', 'article', 'header', 'footer', 'main', 'aside', 'address', 'details', 'title',
]);
const lineTags = new Set(['div', 'li', 'dt', 'dd', 'tr', 'br', 'caption', 'summary', 'figcaption', 'form', 'fieldset']);
const cellTags = new Set(['td', 'th']);

type Step = { node: Node } | { leave: HTMLElement };

/**
 * The readable text of an HTML page: scripts, styles and navigation dropped,
 * blocks on their own lines, entities decoded, whitespace collapsed except in <pre>.
 */
export function htmlToText(html: string): string {
  // The parser keeps a doctype as text; it is not part of the page.
  const markup = html.replace(/^\s*<!doctype[^>]*>/i, '');
  const root = parse(markup, { comment: false, blockTextElements: { script: true, style: true, noscript: true } });
  const out = new TextOut();
  let preDepth = 0;
  // An explicit stack, so deeply nested markup cannot overflow the call stack.
  const steps: Step[] = [{ node: root }];
  for (let step = steps.pop(); step !== undefined; step = steps.pop()) {
    if ('leave' in step) {
      const tag = step.leave.rawTagName?.toLowerCase() ?? '';
      if (tag === 'pre') preDepth--;
      out.breakAfter(tag);
      continue;
    }
    const { node } = step;
    if (node.nodeType === NodeType.TEXT_NODE) {
      out.text(node.text, preDepth > 0);
    } else if (node instanceof HTMLElement) {
      const tag = node.rawTagName?.toLowerCase() ?? '';
      if (noiseTags.has(tag) || node.hasAttribute('hidden')) continue;
      if (tag === 'pre') preDepth++;
      out.breakAfter(tag);
      steps.push({ leave: node });
      for (let i = node.childNodes.length - 1; i >= 0; i--) steps.push({ node: node.childNodes[i]! });
    }
  }
  return out.finish();
}

/** Collects text runs and the line breaks between them; a pending break is written only before more text. */
class TextOut {
  private parts: string[] = [];
  private pendingBreak = 0;
  private pendingSpace = false;
  private atLineStart = true;

  text(raw: string, preformatted: boolean): void {
    const text = preformatted ? raw.replace(/\r\n?/g, '\n') : raw.replace(/\s+/g, ' ');
    if (text === '') return;
    if (!preformatted && text === ' ') {
      this.pendingSpace = true;
      return;
    }
    const leadingSpace = !preformatted && text.startsWith(' ');
    const body = preformatted ? text : text.trim();
    if (this.pendingBreak > 0 && this.parts.length > 0) {
      this.parts.push('\n'.repeat(this.pendingBreak));
      this.atLineStart = true;
    } else if ((leadingSpace || this.pendingSpace) && !this.atLineStart) {
      this.parts.push(' ');
    }
    this.pendingBreak = 0;
    this.parts.push(body);
    this.pendingSpace = !preformatted && text.endsWith(' ');
    this.atLineStart = body.endsWith('\n');
  }

  breakAfter(tag: string): void {
    if (paragraphTags.has(tag)) this.pendingBreak = 2;
    else if (lineTags.has(tag)) this.pendingBreak = Math.max(this.pendingBreak, 1);
    else if (cellTags.has(tag)) this.pendingSpace = true;
  }

  finish(): string {
    return this.parts.join('').replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim();
  }
}
