/**
 * The language of a fenced code block, read from the class markdown gives
 * its <code> (`language-ts`), and the name a person knows it by, for the
 * label above the block. Highlight.js's own names are not used: some are
 * lists ("HTML, XML", "TOML, also INI") rather than a label.
 */

/** The language id as the fence wrote it (`ts` for ```ts), or null for a fence without one. */
export function codeLanguageOf(className: unknown): string | null {
  const classes = Array.isArray(className) ? className.map(String) : typeof className === 'string' ? className.split(/\s+/) : [];
  const language = classes.find((name) => name.startsWith('language-'));
  return language === undefined || language === 'language-' ? null : language.slice('language-'.length);
}

const names = new Map<string, string>(Object.entries({
  arduino: 'Arduino',
  bash: 'Shell', sh: 'Shell', zsh: 'Shell', shell: 'Shell', console: 'Shell', shellsession: 'Shell',
  powershell: 'PowerShell', ps1: 'PowerShell',
  c: 'C', h: 'C',
  cpp: 'C++', 'c++': 'C++', cc: 'C++', cxx: 'C++', hpp: 'C++',
  cs: 'C#', csharp: 'C#',
  css: 'CSS', scss: 'SCSS', less: 'Less',
  diff: 'Diff', patch: 'Diff',
  dockerfile: 'Dockerfile', docker: 'Dockerfile',
  go: 'Go', golang: 'Go',
  graphql: 'GraphQL', gql: 'GraphQL',
  html: 'HTML', xml: 'XML', svg: 'SVG',
  ini: 'INI', toml: 'TOML',
  java: 'Java',
  javascript: 'JavaScript', js: 'JavaScript', jsx: 'JavaScript', mjs: 'JavaScript', cjs: 'JavaScript',
  json: 'JSON', jsonc: 'JSON', json5: 'JSON',
  kotlin: 'Kotlin', kt: 'Kotlin',
  lua: 'Lua',
  makefile: 'Makefile', make: 'Makefile', mk: 'Makefile',
  markdown: 'Markdown', md: 'Markdown',
  objectivec: 'Objective-C', objc: 'Objective-C',
  perl: 'Perl', pl: 'Perl',
  php: 'PHP',
  plaintext: 'Plain text', text: 'Plain text', txt: 'Plain text',
  python: 'Python', py: 'Python',
  r: 'R',
  ruby: 'Ruby', rb: 'Ruby',
  rust: 'Rust', rs: 'Rust',
  sql: 'SQL',
  swift: 'Swift',
  typescript: 'TypeScript', ts: 'TypeScript', tsx: 'TypeScript', mts: 'TypeScript', cts: 'TypeScript',
  vbnet: 'Visual Basic .NET', vb: 'Visual Basic .NET',
  wasm: 'WebAssembly',
  yaml: 'YAML', yml: 'YAML',
}));

/** "TypeScript" for `ts`; a language Hearth has no name for shows as the fence wrote it; no language, "Code". */
export function codeLanguageLabel(language: string | null): string {
  if (language === null) return 'Code';
  return names.get(language.toLowerCase()) ?? language;
}
