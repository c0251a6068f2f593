/**
 * The label above a code block in a message: the language by the name a
 * person knows it ("TypeScript" for ```ts), as the fence wrote it where
 * Hearth has no name for it, and "Code" for a fence with no language.
 */
import { describe, expect, it } from 'vitest';
import { codeLanguageLabel, codeLanguageOf } from '../../../renderer/src/chat/code-language.ts';

const labelFor = (className: unknown) => codeLanguageLabel(codeLanguageOf(className));

describe('the language label of a code block', () => {
  it('names the language of a highlighted block, whatever alias the fence used', () => {
    expect(labelFor(['hljs', 'language-ts'])).toBe('TypeScript');
    expect(labelFor(['hljs', 'language-typescript'])).toBe('TypeScript');
    expect(labelFor(['hljs', 'language-py'])).toBe('Python');
    expect(labelFor(['hljs', 'language-sh'])).toBe('Shell');
    expect(labelFor(['hljs', 'language-c++'])).toBe('C++');
    expect(labelFor(['hljs', 'language-yml'])).toBe('YAML');
    expect(labelFor('hljs language-JSON')).toBe('JSON');
  });

  it('shows a language it has no name for as the fence wrote it', () => {
    expect(labelFor(['hljs', 'language-zig'])).toBe('zig');
  });

  it('says "Code" for a fence without a language', () => {
    expect(labelFor(undefined)).toBe('Code');
    expect(labelFor([])).toBe('Code');
    expect(labelFor(['hljs'])).toBe('Code');
    expect(labelFor(['language-'])).toBe('Code');
  });
});
