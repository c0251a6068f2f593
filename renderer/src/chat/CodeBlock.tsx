/**
 * A fenced code block in a message: its language by name, the code as
 * rehype-highlight coloured it, and a button that copies the code alone
 * (without the label, and without the newline markdown ends every block with).
 */
import { useRef, type ComponentProps } from 'react';
import type { ExtraProps } from 'react-markdown';
import { CopyButton } from './CopyButton.tsx';
import { codeLanguageLabel, codeLanguageOf } from './code-language.ts';
import './code.css';

function languageOf(pre: ExtraProps['node']): string | null {
  const code = pre?.children.find((child) => child.type === 'element' && child.tagName === 'code');
  return code?.type === 'element' ? codeLanguageOf(code.properties['className']) : null;
}

export function CodeBlock({ node, children }: ComponentProps<'pre'> & ExtraProps) {
  const preRef = useRef<HTMLPreElement>(null);
  return (
    <div className="code-block" data-testid="code-block">
      <div className="code-block__bar">
        <span className="code-block__language" data-testid="code-language">
          {codeLanguageLabel(languageOf(node))}
        </span>
        <CopyButton
          label="Copy code"
          caption="Copy"
          className="code-block__copy"
          testId="code-copy"
          text={() => (preRef.current?.textContent ?? '').replace(/\n$/, '')}
          selectOnRefusal={() => preRef.current}
        />
      </div>
      <pre ref={preRef}>{children}</pre>
    </div>
  );
}
