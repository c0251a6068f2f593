/** The kinds of document Hearth reads; the same set as `documents.kind` in the store. */
export type DocumentKind = 'txt' | 'md' | 'pdf' | 'html';

/**
 * Where a passage sits, so a citation can open it: a PDF page, or a range of
 * lines (1-based, inclusive) of a text document. Stored as `chunks.location`.
 */
export type PassageLocation = { page: number } | { lineStart: number; lineEnd: number };

/** A stretch of extracted text: one PDF page, or a whole text document. Line breaks are `\n`. */
export interface DocumentSection {
  text: string;
  location: PassageLocation;
}

export interface ExtractedDocument {
  kind: DocumentKind;
  sections: DocumentSection[];
}

/** A piece of a document sized for embedding; `ordinal` counts from 0 across the whole document. */
export interface DocumentChunk {
  ordinal: number;
  text: string;
  location: PassageLocation;
}
