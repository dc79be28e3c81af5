/**
 * Remembers which `src` answer a map shows, by its HTTP validator (ETag), so that `reload()` can
 * ask with a HEAD whether anything changed before fetching, decoding and re-binning everything
 * again. A live dashboard reloads every few seconds; most of those reloads find the same data,
 * and the ingest API answers the HEAD from its store revision without running the query.
 *
 * Only strong knowledge skips a reload: no validator, a failed HEAD, a different tag or a
 * different `src` all mean "load again", which is what the element did before it knew better.
 */
import { fetchSource, type FetchedSource } from '../points-source.js';

export class SourceValidator {
  private shown: { src: string; etag: string } | null = null;

  /**
   * Fetches `src` and decodes it; the answer's validator is remembered only once the decode has
   * succeeded, so data that failed is always fetched again.
   */
  async fetch<T>(src: string, what: string, signal: AbortSignal, decode: (source: FetchedSource) => T): Promise<T> {
    this.shown = null;
    const source = await fetchSource(src, what, signal);
    const data = decode(source);
    if (source.etag && !signal.aborted) this.shown = { src, etag: source.etag };
    return data;
  }

  /** The data on screen is no longer what was fetched (an error, inline data): reload in full next time. */
  forget(): void {
    this.shown = null;
  }

  /** Whether there is a validator to check for `src` at all. */
  knows(src: string | null): boolean {
    return src !== null && this.shown?.src === src;
  }

  /**
   * Resolves true only when `src` answers a HEAD (never from the browser's cache) with the same
   * validator as the answer on screen. Rejects only with an AbortError.
   */
  async unchanged(src: string, signal: AbortSignal): Promise<boolean> {
    const shown = this.shown;
    if (!shown || shown.src !== src) return false;
    let response: Response;
    try {
      response = await fetch(src, { method: 'HEAD', cache: 'no-store', signal });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      return false; // blob: and data: URLs refuse HEAD; the full reload reports real failures
    }
    return response.ok && sameValidator(response.headers.get('etag'), shown.etag);
  }
}

/**
 * Weak comparison (RFC 9110 §8.8.3.2): equal opaque tags, W/ prefixes ignored — enough to tell
 * "the same data" for a reload, which does not need byte-for-byte identity.
 */
export function sameValidator(a: string | null, b: string | null): boolean {
  if (!a || !b) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return opaque(a) === opaque(b);
}
