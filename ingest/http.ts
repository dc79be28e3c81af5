/** Response helpers shared by the endpoints: JSON bodies, the error shape, CORS headers. */
import { errorBody, HttpError } from './errors.js';

/**
 * Errors and writes are never stored by a cache; the read routes replace this with
 * `private, no-cache` and an ETag (ingest/conditional.ts).
 */
const BASE_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

export const JSON_TYPE = 'application/json; charset=utf-8';

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...BASE_HEADERS, 'Content-Type': JSON_TYPE, ...headers },
  });
}

export function bytes(body: Uint8Array, type: string, headers: Record<string, string> = {}): Response {
  return new Response(body as Uint8Array<ArrayBuffer>, { status: 200, headers: { ...BASE_HEADERS, 'Content-Type': type, ...headers } });
}

export function errorResponse(err: HttpError, headers: Record<string, string> = {}): Response {
  return json(err.status, errorBody(err.code, err.message, err.path), { ...err.headers, ...headers });
}

export function notFound(path: string): Response {
  return json(404, errorBody('not_found', `no resource at ${path}`, ''));
}

export function methodNotAllowed(method: string, allow: string[]): Response {
  return json(405, errorBody('method_not_allowed', `${method} is not allowed here (allowed: ${allow.join(', ')})`), {
    Allow: allow.join(', '),
  });
}

/**
 * Headers that let a page on `origin` read the answer to its POST — including Retry-After, so
 * a cross-origin tracker can wait as long as a 429 asks rather than guess.
 */
export function corsFor(origin: string | null): Record<string, string> {
  return origin
    ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': 'Retry-After', Vary: 'Origin' }
    : { Vary: 'Origin' };
}

/** Constant-time string comparison for keys and tokens. */
export function sameSecret(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}
