/**
 * The files `heatlens serve` hands out beside the API: the dashboard (`/`, built into
 * dist/web/), its bundle (`/heatlens.js`) and assets (`/assets/…`), and with `--demo` the demo
 * site (`/demo/…`, served from its source folder). Paths are resolved segment by segment inside
 * their folder — no `..`, no dotfiles, no encoded slashes, no symlinks out, no directory
 * listings — and every answer carries the cross-origin isolation headers the engine needs for
 * its kernel threads (SharedArrayBuffer), an ETag, and a cache policy fit for the file. The
 * bundle and its assets are also open to pages on other origins (CORS and CORP cross-origin).
 */
import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { ifNoneMatchMatches } from './conditional.js';
import { HttpError } from './errors.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Cross-origin isolation: with these on the page and on everything it loads, the browser hands
 * out SharedArrayBuffer and the engine runs its kernels on several threads. The dashboard frames
 * /demo/… pages, which are same-origin and carry the same headers, so COEP lets them in.
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
};

/**
 * The dashboard: its own scripts and styles only; WebAssembly compiled from bytes
 * ('wasm-unsafe-eval'); kernel threads start as blob: workers (worker/kernel-threads-browser.ts);
 * PNG export and the canvas use data:/blob: images, and a screenshot underneath a map may come
 * from any server (images run no code; under COEP it must be served with CORS, which the
 * dashboard asks for); the demo pages are framed same-origin.
 * Lit adopts constructed style sheets, and falls back to <style> elements where it cannot,
 * hence 'unsafe-inline' for styles. regl compiles its draw commands with `new Function` at run
 * time, hence 'unsafe-eval' for scripts (inline scripts stay refused).
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https: http:",
  "connect-src 'self'",
  "frame-src 'self'",
  "frame-ancestors 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

/** The demo pages: the tracker from this origin, batches to this origin, framed only by the dashboard. */
export const DEMO_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

/**
 * A file name ending in a bundler's content hash (`index-D-u1S5Zg.js`: 8+ base64url characters,
 * at least one a capital or digit, so `my-long-name.js` is not one): safe to cache forever.
 */
const HASHED = /-(?=[\w-]*[A-Z0-9])[\w-]{8,}\.[a-z0-9]+$/;

export interface StaticOptions {
  /** The built dashboard: index.html, heatlens.js, assets/. */
  webDir: string;
  /** The demo site's folder; absent: no /demo/ routes. */
  demoDir?: string;
}

/** Answers a static route, or null when the path is not one (the caller answers 404). */
export type StaticFiles = (request: Request, url: URL) => Promise<Response | null>;

interface Found {
  file: string;
  body: Uint8Array;
  etag: string;
}

/**
 * The segments of `rest` (a URL path below a route, still percent-encoded) as file-system
 * names, or an HttpError: 400 for what no honest link produces (encoded separators, NUL, `..`),
 * 404 for hidden and empty names.
 */
function segments(rest: string): string[] {
  const out: string[] = [];
  for (const raw of rest.split('/')) {
    let name: string;
    try {
      name = decodeURIComponent(raw);
    } catch {
      throw new HttpError(400, 'bad_path', 'the path is not valid percent-encoding', '');
    }
    if (name === '..' || name === '.' || /[/\\\u0000]/.test(name)) {
      throw new HttpError(400, 'bad_path', 'the path may not contain . or .. segments, slashes or NUL', '');
    }
    if (name === '' || name.startsWith('.')) throw new HttpError(404, 'not_found', `no file at ${rest}`, '');
    out.push(name);
  }
  return out;
}

const etags = new Map<string, { key: string; etag: string }>();

async function find(base: string, names: string[]): Promise<Found | null> {
  const file = join(base, ...names);
  let real: string;
  let realBase: string;
  try {
    [real, realBase] = await Promise.all([realpath(file), realpath(base)]);
  } catch {
    return null;
  }
  // A symlink inside the folder may not lead out of it.
  const rel = relative(realBase, real);
  if (rel === '' || rel.startsWith('..') || rel.includes(`..${sep}`)) return null;
  const st = await stat(real).catch(() => null);
  if (!st?.isFile()) return null;
  const body = await readFile(real);
  const key = `${st.size}:${st.mtimeMs}`;
  let tag = etags.get(real);
  if (tag?.key !== key) {
    tag = { key, etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"` };
    etags.set(real, tag);
  }
  return { file: real, body, etag: tag.etag };
}

function typeOf(file: string): string {
  return TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function respond(request: Request, found: Found, extra: Record<string, string>): Response {
  const html = extname(found.file).toLowerCase() === '.html';
  const headers: Record<string, string> = {
    ...ISOLATION_HEADERS,
    'Content-Type': typeOf(found.file),
    ETag: found.etag,
    // HTML and unhashed names revalidate every time (cheap with the ETag); hashed names never change.
    'Cache-Control': !html && HASHED.test(found.file) ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...extra,
  };
  if (ifNoneMatchMatches(request.headers.get('if-none-match'), found.etag)) {
    return new Response(null, { status: 304, headers });
  }
  headers['Content-Length'] = String(found.body.byteLength);
  return new Response(found.body as Uint8Array<ArrayBuffer>, { status: 200, headers });
}

function notBuilt(request: Request, what: string): Response {
  const message = `the ${what} is not built yet: run npm run build (or npm start), then reload`;
  const headers = { ...ISOLATION_HEADERS, 'Cache-Control': 'no-store' };
  if ((request.headers.get('accept') ?? '').includes('text/html')) {
    const page = `<!doctype html><meta charset="utf-8"><title>heatlens: not built</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f2937}code{background:#f3f4f6;padding:.1em .3em;border-radius:4px}</style>
<h1>The dashboard is not built yet</h1><p>Run <code>npm run build</code> (or <code>npm start</code>, which builds what is missing), then reload this page.</p>
<p>The API is up: <a href="/healthz">/healthz</a>.</p>`;
    return new Response(page, { status: 404, headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'" } });
  }
  return new Response(JSON.stringify({ error: { code: 'not_built', message, path: '' } }), {
    status: 404,
    headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' },
  });
}

export function staticFiles(options: StaticOptions): StaticFiles {
  const { webDir, demoDir } = options;
  const dashboard = { 'Content-Security-Policy': DASHBOARD_CSP };
  // The bundle, its chunks and the engine worker are public code that pages on other origins
  // import (the worker through a blob: module, worker/browser.ts): CORS lets those module loads
  // read them, and CORP cross-origin lets cross-origin isolated pages (COEP require-corp) load
  // them by any other means too (a no-cors preload, a bundler's copy fetched as a plain script).
  const bundle = { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' };

  return async function serve(request, url) {
    const path = url.pathname;
    if (path === '/' || path === '/index.html') {
      const found = await find(webDir, ['index.html']);
      return found ? respond(request, found, dashboard) : notBuilt(request, 'dashboard');
    }
    if (path === '/heatlens.js') {
      const found = await find(webDir, ['heatlens.js']);
      return found ? respond(request, found, bundle) : notBuilt(request, 'browser bundle (/heatlens.js)');
    }
    if (path.startsWith('/assets/')) {
      const found = await find(join(webDir, 'assets'), segments(path.slice('/assets/'.length)));
      return found ? respond(request, found, bundle) : null;
    }
    if (demoDir !== undefined && (path === '/demo' || path.startsWith('/demo/'))) {
      if (path === '/demo') return new Response(null, { status: 308, headers: { Location: `/demo/${url.search}` } });
      const rest = path.slice('/demo/'.length);
      const names = rest === '' || rest.endsWith('/') ? [...(rest ? segments(rest.slice(0, -1)) : []), 'index.html'] : segments(rest);
      // Pretty paths: /demo/pricing is pricing.html.
      if (extname(names[names.length - 1]) === '') names[names.length - 1] += '.html';
      const found = await find(demoDir, names);
      if (!found) return null;
      return respond(request, found, extname(found.file) === '.html' ? { 'Content-Security-Policy': DEMO_CSP } : {});
    }
    return null;
  };
}
