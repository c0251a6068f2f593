/**
 * Every error a person meets shows a sentence and an action, and the two
 * must fit. The table in src/api/errors.ts pairs them; a throw site that
 * writes its own sentence must write its own action too, or the table's
 * action (written for another sentence) contradicts it. This walks every
 * `new HearthError(...)` in src/ with the TypeScript compiler and lists
 * each site that breaks the rule, as file:line, code and message.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { errorCodes, HearthError } from '../../src/api/errors.ts';

const root = path.resolve(import.meta.dirname, '..', '..');

interface Site {
  where: string;
  code: string;
  message: string | undefined;
  action: string | undefined;
}

interface Scan {
  sites: Site[];
  /** Sites whose sentence and action do not come as a pair, one line each. */
  problems: string[];
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function propertyName(name: ts.PropertyName, file: ts.SourceFile): string {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : name.getText(file);
}

const unwrap = (expression: ts.Expression): ts.Expression => (ts.isParenthesizedExpression(expression) ? unwrap(expression.expression) : expression);

/** The properties a literal may hold, one map per variant (name to source text), or the text of what cannot be read. */
type Variants = { props: Map<string, string>[] } | { unreadable: string };

/** Every variant of an options expression: both branches of a conditional, and of a conditional spread into an object. */
function variants(expression: ts.Expression, file: ts.SourceFile): Variants {
  const inner = unwrap(expression);
  if (ts.isConditionalExpression(inner)) {
    const [whenTrue, whenFalse] = [variants(inner.whenTrue, file), variants(inner.whenFalse, file)];
    if ('unreadable' in whenTrue) return whenTrue;
    if ('unreadable' in whenFalse) return whenFalse;
    return { props: [...whenTrue.props, ...whenFalse.props] };
  }
  if (!ts.isObjectLiteralExpression(inner)) return { unreadable: inner.getText(file) };
  let result: Map<string, string>[] = [new Map()];
  for (const property of inner.properties) {
    if (ts.isSpreadAssignment(property)) {
      const spread = variants(property.expression, file);
      if ('unreadable' in spread) return { unreadable: property.getText(file) };
      result = result.flatMap((before) => spread.props.map((added) => new Map([...before, ...added])));
    } else if (ts.isPropertyAssignment(property)) {
      for (const props of result) props.set(propertyName(property.name, file), property.initializer.getText(file));
    } else if (ts.isShorthandPropertyAssignment(property)) {
      for (const props of result) props.set(property.name.text, property.name.text);
    }
  }
  return { props: result };
}

function scanSource(fileName: string, text: string): Scan {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const scan: Scan = { sites: [], problems: [] };
  const visit = (node: ts.Node) => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'HearthError') {
      const where = `${fileName}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}`;
      const [codeArg, optionsArg] = node.arguments ?? [];
      const code = codeArg && ts.isStringLiteral(codeArg) ? codeArg.text : (codeArg?.getText(file) ?? '(no code)');
      const options = optionsArg ? variants(optionsArg, file) : { props: [new Map<string, string>()] };
      if ('unreadable' in options) {
        scan.problems.push(`${where} ${code}: options \`${options.unreadable}\` are not written out, so their message and action cannot be checked`);
      } else {
        for (const props of options.props) {
          const site: Site = { where, code, message: props.get('message'), action: props.get('action') };
          scan.sites.push(site);
          if (site.message !== undefined && site.action === undefined) {
            scan.problems.push(`${where} ${code}: message ${site.message} is overridden but the action is not (the table's: "${(errorCodes as Record<string, { action: string }>)[code]?.action ?? '?'}")`);
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return scan;
}

function scanTree(): Scan {
  const all: Scan = { sites: [], problems: [] };
  for (const file of sourceFiles(path.join(root, 'src'))) {
    const scan = scanSource(path.relative(root, file), fs.readFileSync(file, 'utf8'));
    all.sites.push(...scan.sites);
    all.problems.push(...scan.problems);
  }
  return all;
}

describe('every error’s message and action fit', () => {
  it('every throw site in src/ that writes its own sentence also writes its own action', () => {
    const { sites, problems } = scanTree();
    expect(sites.length).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });

  it('the check finds a sentence without its action, in any branch of a conditional or a spread, and options it cannot read', () => {
    const { problems } = scanSource('example.ts', `
      throw new HearthError('NOT_FOUND', { message: 'That memory no longer exists.' });
      throw new HearthError('NOT_FOUND', { message: 'That memory no longer exists.', action: 'Reload the Memory page.' });
      throw new HearthError('DOCUMENT_EMPTY', pdf ? { details: name } : { message: text, details: name });
      throw new HearthError(code, options);
      throw new HearthError('BUSY', { ...options });
      throw new HearthError('INTERNAL', { details: 'x' });
      throw new HearthError('BUSY', { details: 'x', ...(slow ? { message: 'Still loading.' } : {}) });
      throw new HearthError('BUSY', { ...(slow ? { message: 'Still loading.', action: 'Wait.' } : {}) });
    `);
    expect(problems).toEqual([
      'example.ts:2 NOT_FOUND: message \'That memory no longer exists.\' is overridden but the action is not (the table\'s: "Choose another conversation.")',
      'example.ts:4 DOCUMENT_EMPTY: message text is overridden but the action is not (the table\'s: "Add a version with selectable text, or run text recognition (OCR) on it first.")',
      'example.ts:5 code: options `options` are not written out, so their message and action cannot be checked',
      'example.ts:6 BUSY: options `...options` are not written out, so their message and action cannot be checked',
      `example.ts:8 BUSY: message 'Still loading.' is overridden but the action is not (the table's: "Wait for it to finish, or stop it.")`,
    ]);
  });

  it('an error shows the action its throw site wrote, and the table’s pair when the site wrote neither', () => {
    expect(new HearthError('NOT_FOUND', { message: 'That memory no longer exists.', action: 'Reload the Memory page.' }).toPayload())
      .toEqual({ code: 'NOT_FOUND', message: 'That memory no longer exists.', action: 'Reload the Memory page.' });
    expect(new HearthError('VAULT_LOCKED').toPayload()).toEqual({ code: 'VAULT_LOCKED', ...errorCodes.VAULT_LOCKED });
  });
});
