// When to try a failed batch again. Pure functions, tested in Node.

/** Longest wait the tracker accepts from a server (a day-long Retry-After would be a bug). */
const MAX_WAIT = 3_600_000;

/**
 * Milliseconds a Retry-After header asks for: delay-seconds or an HTTP date (RFC 9110 §10.2.3),
 * or undefined when the header is missing or malformed (the caller then backs off on its own).
 */
export function retryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const h = header.trim();
  // An HTTP date names its day and month; Date.parse alone would take '-5' for a year.
  const ms = /^\d+$/.test(h) ? +h * 1000 : /[a-z]/i.test(h) ? Date.parse(h) - now : NaN;
  return ms === ms ? Math.min(MAX_WAIT, Math.max(0, ms)) : undefined;
}

/**
 * Exponential backoff with "equal jitter": attempt 1 waits 0.5–1 × base, doubling per attempt
 * up to `cap`, so that many pages failing together do not retry in lockstep.
 */
export function backoff(attempt: number, base = 1000, cap = 60_000, random = Math.random()): number {
  return Math.min(cap, base * 2 ** (attempt - 1)) * (0.5 + random / 2);
}
