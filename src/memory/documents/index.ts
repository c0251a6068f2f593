export { chunkSections, type ChunkOptions } from './chunk-sections.ts';
export { detectDocumentKind, documentKindOf } from './document-kind.ts';
export { defaultDocumentLimits, type DocumentLimits } from './document-limits.ts';
export { extractDocument, maxDocumentBytes, type ExtractOptions } from './extract-document.ts';
export { listDocumentFiles, type DocumentFileList } from './list-document-files.ts';
export type { DocumentChunk, DocumentKind, DocumentSection, ExtractedDocument, PassageLocation } from './types.ts';
