import fs from 'node:fs/promises';
import path from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export type StaticFile = { body: Buffer; contentType: string };

/** The path with its %-escapes decoded, or null when one is malformed (`/%`, `/%E0%A4%A`). */
function decodePath(urlPath: string): string | null {
  try {
    return decodeURIComponent(urlPath);
  } catch {
    return null;
  }
}

/**
 * Reads a file of the built renderer. Paths outside `root` and missing files
 * give 'not-found'; a path whose escapes cannot be decoded gives 'malformed'.
 */
export async function readStaticFile(root: string, urlPath: string): Promise<StaticFile | 'not-found' | 'malformed'> {
  const relative = decodePath(urlPath === '/' ? '/index.html' : urlPath);
  if (relative === null) return 'malformed';
  const file = path.resolve(root, `.${relative}`);
  if (file !== root && !file.startsWith(root + path.sep)) return 'not-found';
  try {
    const body = await fs.readFile(file);
    return { body, contentType: contentTypes[path.extname(file)] ?? 'application/octet-stream' };
  } catch {
    return 'not-found';
  }
}
