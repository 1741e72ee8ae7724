import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { preferredEncoding } from './accept-encoding.ts';
import { ENCODINGS, isCompressible, type ContentEncoding } from './precompress.ts';
import { requestPath } from './request-path.ts';

// Serves the built web app: GET/HEAD only, never outside the root, never a listing, no dotfiles.
// Vite names bundled files `name-<hash>.ext` under `assets/`, so those can be cached for a year;
// everything else (index.html) is revalidated so a deploy shows at once.
// Text files are sent brotli- or gzip-encoded when the browser accepts it and the build left a `.br` /
// `.gz` sibling (precompress.ts): nothing is compressed per request. A sibling older than its file is
// stale (the file changed after the build) and ignored.

const CONTENT_TYPES = new Map<string, string>([
  ['.html', 'text/html; charset=utf-8'],
  ['.js', 'text/javascript; charset=utf-8'],
  ['.mjs', 'text/javascript; charset=utf-8'],
  ['.css', 'text/css; charset=utf-8'],
  ['.json', 'application/json; charset=utf-8'],
  ['.webmanifest', 'application/manifest+json'],
  ['.svg', 'image/svg+xml'],
  ['.png', 'image/png'],
  ['.jpg', 'image/jpeg'],
  ['.ico', 'image/x-icon'],
  ['.webp', 'image/webp'],
  ['.woff2', 'font/woff2'],
  ['.woff', 'font/woff'],
  ['.wasm', 'application/wasm'],
  ['.txt', 'text/plain; charset=utf-8'],
  ['.map', 'application/json; charset=utf-8'],
]);

const HASHED_ASSET = /^\/assets\/.+[-.][A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

export type StaticResult = 'served' | 'not-found' | 'bad-request';

interface Found {
  file: string;
  size: number;
  mtimeMs: number;
}

/** The sibling `<file>.br` / `.gz`, if it exists and is not older than the file. */
async function findEncoded(found: Found, encoding: ContentEncoding): Promise<Found | null> {
  const suffix = ENCODINGS.find((candidate) => candidate.name === encoding)?.suffix ?? '';
  try {
    const info = await stat(found.file + suffix);
    if (info.isFile() && info.mtimeMs >= found.mtimeMs) {
      return { file: found.file + suffix, size: info.size, mtimeMs: info.mtimeMs };
    }
  } catch {
    // No sibling: the file itself is served.
  }
  return null;
}

/** The representation to send: a fresh sibling in the best encoding the browser accepts, else the file. */
async function chooseRepresentation(
  found: Found,
  acceptEncoding: string | undefined,
): Promise<{ body: Found; encoding: ContentEncoding | null }> {
  const available: ContentEncoding[] = [];
  const siblings = new Map<ContentEncoding, Found>();
  for (const { name } of ENCODINGS) {
    const sibling = await findEncoded(found, name);
    if (sibling === null) continue;
    available.push(name);
    siblings.set(name, sibling);
  }
  const encoding = preferredEncoding(acceptEncoding, available);
  const body = encoding === null ? undefined : siblings.get(encoding);
  return body === undefined ? { body: found, encoding: null } : { body, encoding };
}

async function findFile(root: string, urlPath: string): Promise<Found | null> {
  const file = join(root, urlPath);
  if (file !== root && !file.startsWith(root + sep)) return null;
  try {
    const info = await stat(file);
    if (info.isFile()) return { file, size: info.size, mtimeMs: info.mtimeMs };
    if (info.isDirectory()) {
      const index = join(file, 'index.html');
      const indexInfo = await stat(index);
      if (indexInfo.isFile()) return { file: index, size: indexInfo.size, mtimeMs: indexInfo.mtimeMs };
    }
  } catch {
    // Missing files are answered 404 by the caller.
  }
  return null;
}

function decodePath(rawUrl: string): string | null {
  const path = requestPath(rawUrl);
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  // No segment may be `..` or start with a dot (.git, .env): hidden files are never published.
  if (decoded.split('/').some((segment) => segment.startsWith('.'))) return null;
  return decoded;
}

/** Answers a GET/HEAD for a file under `root`; the caller answers 404/400 for the other results. */
export async function serveStatic(
  root: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<StaticResult> {
  const urlPath = decodePath(request.url ?? '/');
  if (urlPath === null) return 'bad-request';
  let found = await findFile(root, urlPath);
  // The app routes on the client, so an extensionless path that is no file is the app's index page.
  if (found === null && extname(urlPath) === '') found = await findFile(root, '/index.html');
  if (found === null) return 'not-found';

  const compressible = isCompressible(found.file);
  const { body, encoding } = compressible
    ? await chooseRepresentation(found, request.headers['accept-encoding'])
    : { body: found, encoding: null };
  // Each representation has its own validator (RFC 9110 §8.8.3): a cache must not answer a gzip request
  // with a brotli body it revalidated.
  const etag = `W/"${body.size.toString(36)}-${Math.floor(body.mtimeMs).toString(36)}${encoding === null ? '' : `-${encoding}`}"`;
  response.setHeader('ETag', etag);
  response.setHeader('Content-Type', CONTENT_TYPES.get(extname(found.file)) ?? 'application/octet-stream');
  response.setHeader(
    'Cache-Control',
    HASHED_ASSET.test(urlPath) ? 'public, max-age=31536000, immutable' : 'no-cache',
  );
  // The answer depends on Accept-Encoding for every compressible file, whichever representation was sent.
  if (compressible) response.setHeader('Vary', 'Accept-Encoding');
  if (encoding !== null) response.setHeader('Content-Encoding', encoding);
  if (request.headers['if-none-match'] === etag) {
    response.writeHead(304).end();
    return 'served';
  }
  response.setHeader('Content-Length', body.size);
  if (request.method === 'HEAD') {
    response.writeHead(200).end();
    return 'served';
  }
  response.writeHead(200);
  const stream = createReadStream(body.file);
  stream.on('error', () => response.destroy());
  stream.pipe(response);
  return 'served';
}
