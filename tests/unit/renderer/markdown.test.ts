import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from '../../../renderer/src/chat/Markdown.tsx';
import { Snippet } from '../../../renderer/src/conversations/Snippet.tsx';

const render = (text: string) => renderToStaticMarkup(createElement(Markdown, { text }));

describe('replies as markdown', () => {
  it('renders a fenced code block with its language and a Copy button', () => {
    const html = render('Here:\n\n```ts\nconst x = 1;\n```\n');
    expect(html).toContain('data-testid="code-language">TypeScript</span>');
    expect(html).toContain('Copy');
    expect(html).toContain('<code class="hljs language-ts"><span class="hljs-keyword">const</span> x = <span class="hljs-number">1</span>;\n</code>');
  });

  it('renders GFM tables and keeps raw HTML as text', () => {
    const html = render('| a | b |\n|---|---|\n| 1 | 2 |\n\n<script>alert(1)</script>');
    expect(html).toContain('<table>');
    expect(html).not.toContain('<script>');
  });

  it('never loads images and opens links outside the app', () => {
    const html = render('![a cat](http://example.com/cat.png) [site](http://example.com)');
    expect(html).not.toContain('<img');
    expect(html).toContain('[image: a cat]');
    expect(html).toContain('target="_blank"');
    expect(html).toContain('rel="noreferrer noopener"');
  });

  it('renders an unfinished code fence while a reply streams', () => {
    expect(render('```py\nprint(').replace(/<[^>]*>/g, '')).toContain('print(');
  });
});

describe('search snippets', () => {
  it('marks the matched words', () => {
    const html = renderToStaticMarkup(createElement(Snippet, { text: '…the [[cat]] sat on [[the mat]]…' }));
    expect(html).toBe('<span class="snippet">…the <mark>cat</mark> sat on <mark>the mat</mark>…</span>');
  });
});
