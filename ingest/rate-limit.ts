/**
 * Token buckets keyed by (site, client IP): each batch takes a token, tokens refill at a
 * steady rate up to the burst size, and an empty bucket answers how long until the next
 * token — the Retry-After of a 429. Buckets live in a bounded map, least recently used first
 * out, so a flood of addresses cannot grow it without limit.
 */
import type { RateLimit } from './sites.js';

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly defaults: RateLimit,
    private readonly now: () => number = Date.now,
    private readonly maxBuckets = 100_000,
  ) {}

  /** Takes one token; resolves to 0 when granted, else the seconds to wait (≥ 1). */
  take(key: string, limit: RateLimit = this.defaults): number {
    const t = this.now();
    let b = this.buckets.get(key);
    if (b) {
      this.buckets.delete(key); // re-inserted below: the Map's order is the LRU order
      b.tokens = Math.min(limit.burst, b.tokens + ((t - b.at) / 1000) * limit.perSecond);
      b.at = t;
    } else {
      b = { tokens: limit.burst, at: t };
      if (this.buckets.size >= this.maxBuckets) {
        const oldest = this.buckets.keys().next().value;
        if (oldest !== undefined) this.buckets.delete(oldest);
      }
    }
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / limit.perSecond));
  }
}
