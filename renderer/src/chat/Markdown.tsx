/**
 * A message rendered as GitHub-flavoured markdown. Raw HTML stays text (no
 * rehype-raw), links open outside the app, images are never fetched (only
 * their description is shown), and fenced code blocks are highlighted, with
 * their language by name and a Copy button (CodeBlock).
 */
import { memo } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import rehypeHighlight from 'rehype-highlight';
import remarkGfm from 'remark-gfm';
import { CodeBlock } from './CodeBlock.tsx';

const components: Components = {
  pre: CodeBlock,
  a: ({ node: _node, href, children }) => (
    <a href={href} target="_blank" rel="noreferrer noopener">
      {children}
    </a>
  ),
  img: ({ alt }) => <span className="markdown-image">[image{alt ? `: ${alt}` : ''}]</span>,
};

const remarkPlugins = [remarkGfm];
// highlight.js's common languages (lowlight `common`); a fence without a language is left plain, not guessed.
const rehypePlugins = [rehypeHighlight];

export const Markdown = memo(function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
});
