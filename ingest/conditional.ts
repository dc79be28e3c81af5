/**
 * Conditional reads for the read routes: an ETag built from the store's revision for the site
 * and the question asked, `If-None-Match` answered with 304, and HEAD answered from the tag
 * alone — so a dashboard polling unchanged maps costs one revision look-up, not a query.
 *
 * The tag is `"<revision>.<query hash>"`. The revision is read before the query runs, so a write
 * landing in between can only leave the tag older than the data it labels (the next
 * revalidation refetches), never newer (which would pin a stale map). The query hash leaves out
 * `token` (who asks, not what is asked) and sorts the parameters, so the same question asked
 * with its parameters in another order shares a tag, and a different filter never does.
 */
import { createHash } from 'node:crypto';
import type { ReadGate } from './read-gate.js';
import type { Store } from './store.js';

/** Browsers keep the answer but ask again every time (with If-None-Match); shared caches do not keep it. */
export const REVALIDATE = 'private, no-cache';

/** A read whose parameters are valid and whose caller may see the site: all that is left is to answer it. */
export interface PreparedRead {
  site: string;
  /** The Content-Type the full answer has (HEAD and 304 describe it without computing it). */
  type: string;
  answer(): Promise<Response>;
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Short hash of the query string without `token`, parameters sorted by name, then value. */
export function queryHash(url: URL): string {
  const pairs = [...url.searchParams].filter(([name]) => name !== 'token');
  pairs.sort((p, q) => byCodeUnits(p[0], q[0]) || byCodeUnits(p[1], q[1]));
  // JSON keeps names and values apart whatever they contain ('a=b&c' vs 'a=b%26c').
  return createHash('sha256').update(JSON.stringify(pairs)).digest('base64url').slice(0, 16);
}

/** The strong validator of one answer: `"<revision>.<query hash>"`. */
export function entityTag(revision: string, url: URL): string {
  return `"${revision}.${queryHash(url)}"`;
}

/** An entity-tag as RFC 9110 writes it: optional W/, then a quoted run without quotes (commas allowed). */
const TAG_IN_LIST = /(?:W\/)?"[^"]*"/g;

/**
 * Whether `If-None-Match` matches `tag` by weak comparison (RFC 9110 §13.1.2: `W/` ignored on
 * both sides): `*`, or any tag of the list. A header that is not a list of tags matches nothing,
 * so the full answer is sent.
 */
export function ifNoneMatchMatches(header: string | null, tag: string): boolean {
  if (header === null) return false;
  if (header.trim() === '*') return true;
  const opaque = tag.replace(/^W\//, '');
  for (const m of header.matchAll(TAG_IN_LIST)) {
    if (m[0].replace(/^W\//, '') === opaque) return true;
  }
  return false;
}

/**
 * Answers a prepared read: 304 when If-None-Match matches, headers only for HEAD, else the full
 * answer with its tag. Neither 304 nor HEAD runs the query; errors thrown by the query carry
 * no tag (the caller's error mapping answers them).
 */
export async function answerConditionally(request: Request, url: URL, store: Store, read: PreparedRead, gate: ReadGate): Promise<Response> {
  const tag = entityTag(await store.revision(read.site), url);
  const validators = { ETag: tag, 'Cache-Control': REVALIDATE, 'X-Content-Type-Options': 'nosniff' };
  if (ifNoneMatchMatches(request.headers.get('if-none-match'), tag)) {
    return new Response(null, { status: 304, headers: validators });
  }
  // Neither Content-Length nor X-Heatlens-Total: both would need the query HEAD exists to avoid.
  if (request.method.toUpperCase() === 'HEAD') {
    return new Response(null, { status: 200, headers: { ...validators, 'Content-Type': read.type } });
  }
  const response = await gate.run(() => read.answer(), request.signal);
  for (const [name, value] of Object.entries(validators)) response.headers.set(name, value);
  return response;
}
