/**
 * The layering rule (README.md, under Tests), checked by dependency-cruiser
 * (`npm run lint:layers`, and by `npm test`):
 * - src/ (the core) never imports electron, react, react-dom or renderer/;
 * - renderer/ takes from src/ only the API contract's types (src/api, type-only);
 * - electron/ is a leaf: nothing outside it imports it;
 * - no circular imports.
 * tests/ and bench/ may import src/.
 *
 * Paths are relative to the folder depcruise runs in (the repository root).
 * Third-party paths are matched anywhere in the path, not only at its start,
 * because a node_modules reached through a symlink resolves to its real path.
 */

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-not-to-ui-or-shell',
      comment: 'src/ is the core: it runs under plain Node and in tests, so it never loads Electron or React.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '(^|/)(node_modules/)?(electron|react|react-dom)(/|$)' },
    },
    {
      name: 'core-not-to-renderer',
      comment: 'src/ never reaches into the UI; the UI reaches the core only through the API contract.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^renderer/' },
    },
    {
      name: 'renderer-only-to-api',
      comment: 'renderer/ sees the core only as window.hearth; from src/ it may take nothing but src/api.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^src/', pathNot: '^src/api/' },
    },
    {
      name: 'renderer-api-types-only',
      comment: 'renderer/ takes only types from src/api (`import type`), so no core code lands in the page bundle.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^src/api/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'renderer-not-to-electron',
      comment: 'The page is sandboxed: Electron is reached only through the preload, as window.hearth.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '(^|/)(node_modules/)?electron(/|$)' },
    },
    {
      name: 'nothing-to-shell',
      comment: 'electron/ is the thin desktop adapter: it imports src/, and nothing imports it but its own tests.',
      severity: 'error',
      from: { pathNot: '^(electron|tests)/' },
      to: { path: '^electron/' },
    },
    {
      name: 'no-circular',
      comment: 'Circular imports blur which module owns what and break in ESM load order.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import the tool cannot resolve cannot be checked against the rules above, so it fails too.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|release)/' },
    // Type-only imports are erased by TypeScript; without this they would be invisible to the rules.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Resolve like Node and Vite do: package "exports" with these conditions.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.cts', '.mts', '.js', '.cjs', '.mjs', '.d.ts', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
