import path from 'node:path';
import { HearthError } from '../../api/errors.ts';
import type { DocumentKind } from './types.ts';

const kindByExtension: Readonly<Record<string, DocumentKind>> = {
  '.txt': 'txt',
  '.md': 'md',
  '.markdown': 'md',
  '.pdf': 'pdf',
  '.html': 'html',
  '.htm': 'html',
};

/** The document kind a file name promises, or undefined when Hearth does not read that type. */
export function documentKindOf(file: string): DocumentKind | undefined {
  return kindByExtension[path.extname(file).toLowerCase()];
}

/** The document kind of a file, judged by its extension; the content is checked when it is read. */
export function detectDocumentKind(file: string): DocumentKind {
  const kind = documentKindOf(file);
  if (kind === undefined) {
    throw new HearthError('DOCUMENT_UNSUPPORTED', { details: `${path.basename(file)} is not a .txt, .md, .markdown, .pdf, .html or .htm file` });
  }
  return kind;
}
