/**
 * `POST /v1/batch`: the checks in order of cost — media type and encoding, origin, declared
 * size, then the body under its limits, JSON, the rate limit, the schema, site, origin for
 * that site and key — and finally one store write, answered only once durable.
 */
import { readBody, type BodyLimits } from './body.js';
import { HttpError } from './errors.js';
import { corsFor, json, sameSecret } from './http.js';
import type { RateLimiter } from './rate-limit.js';
import { batchRows, batchSchema, firstViolation, MAX_EVENTS } from './schema.js';
import { siteAllowsOrigin, type RateLimit, type Sites } from './sites.js';
import type { Store } from './store.js';

export interface BatchLimits extends BodyLimits {
  maxEvents: number;
}

export interface BatchContext {
  store: Store;
  sites: Sites;
  limits: BatchLimits;
  limiter: RateLimiter | null;
  defaultRate: RateLimit;
  now: () => number;
}

const MEDIA_TYPES = new Set(['application/json', 'text/plain']);
const ENCODINGS = new Set(['identity', 'gzip', 'x-gzip']);

function checkHeaders(request: Request): void {
  const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (!MEDIA_TYPES.has(type)) {
    throw new HttpError(415, 'unsupported_media_type', `Content-Type must be application/json or text/plain, got "${type || 'none'}"`);
  }
  const encoding = (request.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (!ENCODINGS.has(encoding)) {
    throw new HttpError(415, 'unsupported_encoding', `Content-Encoding must be gzip or identity, got "${encoding}"`);
  }
}

function parseJSON(body: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new HttpError(400, 'bad_encoding', 'body is not valid UTF-8');
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, 'bad_json', `body is not valid JSON: ${(e as Error).message.split('\n')[0].slice(0, 200)}`);
  }
}

const schemas = new Map<number, ReturnType<typeof batchSchema>>();
/** Building a zod schema costs far more than using one: one per events cap, built once. */
function schemaFor(max: number): ReturnType<typeof batchSchema> {
  let s = schemas.get(max);
  if (!s) schemas.set(max, (s = batchSchema(max)));
  return s;
}

/** Handles the POST; throws HttpError for every refusal (the caller adds CORS headers). */
export async function handleBatch(request: Request, ip: string, origin: string | null, ctx: BatchContext): Promise<Response> {
  checkHeaders(request);
  // A page whose origin no site allows is refused before its body is read.
  if (origin !== null && !ctx.sites.anyAllows(origin)) {
    throw new HttpError(403, 'origin_not_allowed', `origin ${origin} may not post batches`);
  }
  const input = parseJSON(await readBody(request, ctx.limits));

  const peek = input !== null && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  const siteName = typeof peek.site === 'string' ? peek.site.slice(0, 64) : '';
  const site = siteName ? ctx.sites.get(siteName) : undefined;
  if (ctx.limiter) {
    // Unknown site names share one bucket per IP, so inventing names buys no extra batches.
    const wait = ctx.limiter.take(`${site ? siteName : '?'}|${ip}`, site?.rate ?? ctx.defaultRate);
    if (wait > 0) {
      throw new HttpError(429, 'rate_limited', `too many batches from ${ip} for site ${siteName || '?'}; retry in ${wait} s`, '', {
        'Retry-After': String(wait),
      });
    }
  }
  const max = Math.min(ctx.limits.maxEvents, MAX_EVENTS);
  if (Array.isArray(peek.events) && peek.events.length > max) {
    throw new HttpError(413, 'too_many_events', `a batch may hold at most ${max} events, got ${peek.events.length}`, 'events');
  }

  const parsed = schemaFor(max).safeParse(input);
  if (!parsed.success) {
    const v = firstViolation(parsed.error, input);
    throw new HttpError(400, v.code, v.message, v.path);
  }
  const batch = parsed.data;
  if (!site) throw new HttpError(403, 'unknown_site', `site ${batch.site} is not configured on this server`, 'site');
  if (origin !== null && !siteAllowsOrigin(site, origin)) {
    throw new HttpError(403, 'origin_not_allowed', `origin ${origin} may not post batches for site ${batch.site}`);
  }
  if (site.key !== undefined && (batch.key === undefined || !sameSecret(batch.key, site.key))) {
    throw new HttpError(403, 'bad_key', batch.key === undefined ? `site ${batch.site} requires a key` : 'key does not match the site', 'key');
  }

  // Client clocks drift; the batch's `sent` (client time of this attempt) against the server's
  // receipt time moves every event onto the server's clock.
  const received = ctx.now();
  const rows = batchRows(batch, received - batch.sent);
  const result = await ctx.store.write({ site: batch.site, batch: batch.batch, received, rows });
  const body = result.duplicate ? { accepted: 0, duplicate: true } : { accepted: result.accepted };
  return json(200, body, corsFor(origin));
}
