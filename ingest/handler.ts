/**
 * The ingest API as one framework-agnostic function, Web-standard Request in, Response out:
 * mount it in Node's http (ingest/server.ts), Express, Fastify, Hono or anything that speaks
 * fetch. Every failure becomes `{error: {code, message, path}}` with a 4xx status; nothing
 * thrown inside escapes as a stack trace, and the next request is served as usual.
 */
import { handleBatch, type BatchLimits } from './batch-endpoint.js';
import { answerConditionally, type PreparedRead } from './conditional.js';
import { HttpError, QueryError, StoreError, errorBody } from './errors.js';
import { bytes, corsFor, errorResponse, json, JSON_TYPE, methodNotAllowed, notFound, sameSecret } from './http.js';
import { encodeMoves, encodePoints, encodeScrollSamples, MOVES_MEDIA_TYPE, POINTS_MEDIA_TYPE, SCROLL_MEDIA_TYPE } from './points-format.js';
import { parseElementsParams, parseMovesParams, parsePagesParams, parsePointsParams, parseScrollParams } from './query-params.js';
import { RateLimiter } from './rate-limit.js';
import { DEFAULT_READ_LIMITS, ReadGate, type ReadLimits } from './read-gate.js';
import { openSites, type RateLimit, type Sites } from './sites.js';
import type { StaticFiles } from './static-files.js';
import type { Points, Store } from './store.js';

export const DEFAULT_LIMITS: BatchLimits = {
  maxBodyBytes: 1024 * 1024,
  maxInflatedBytes: 4 * 1024 * 1024,
  maxEvents: 1000,
};

/** Per (site, IP): a tracker sends a batch every few seconds; an office behind one NAT many. */
export const DEFAULT_RATE: RateLimit = { perSecond: 20, burst: 200 };

export interface IngestOptions {
  store: Store;
  /** Sites, their origins and keys; default: open (any site, any origin, no key). */
  sites?: Sites;
  limits?: Partial<BatchLimits>;
  /** Default per-site rate (sites may set their own); `false` turns rate limiting off. */
  rateLimit?: RateLimit | false;
  /** Take the client IP from the first X-Forwarded-For entry (only behind a trusted proxy). */
  trustProxy?: boolean;
  now?: () => number;
  /** Static files by name (`tracker.js`); null when absent. */
  asset?: (name: string) => Promise<Uint8Array | null>;
  /** The dashboard, its bundle and assets, the demo site (ingest/static-files.ts); absent: API only. */
  files?: StaticFiles;
  /** Store reads at once and waiting (ingest/read-gate.ts); default DEFAULT_READ_LIMITS. */
  reads?: Partial<ReadLimits>;
  /** Where unexpected failures are reported (once per failure, one line). */
  log?: (line: string) => void;
}

export interface ClientInfo {
  /** The peer's address, as the server adapter saw it. */
  ip?: string;
}

export type IngestHandler = (request: Request, client?: ClientInfo) => Promise<Response>;

const PREFLIGHT_MAX_AGE = '86400';

function pointsJSON(p: Points) {
  const unplaced = p.unplaced === undefined ? {} : { unplaced: p.unplaced };
  return { n: p.x.length, total: p.total, ...unplaced, aggregated: p.aggregated, cell: p.cell, x: Array.from(p.x), y: Array.from(p.y), w: Array.from(p.w) };
}

export function createHandler(options: IngestOptions): IngestHandler {
  const store = options.store;
  const sites = options.sites ?? openSites;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const now = options.now ?? Date.now;
  const defaultRate = options.rateLimit || DEFAULT_RATE;
  const limiter = options.rateLimit === false ? null : new RateLimiter(defaultRate, now);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const batchCtx = { store, sites, limits, limiter, defaultRate, now };
  const readGate = new ReadGate({ ...DEFAULT_READ_LIMITS, ...options.reads });

  function checkReadToken(site: string, request: Request, token: string | undefined): void {
    const cfg = sites.get(site);
    if (!cfg?.readToken) return;
    const auth = request.headers.get('authorization') ?? '';
    const given = auth.toLowerCase().startsWith('bearer ') ? auth.slice(7).trim() : token;
    if (given === undefined || !sameSecret(given, cfg.readToken)) {
      throw new HttpError(403, 'bad_token', `reading site ${site} needs its token (Authorization: Bearer …)`, 'token');
    }
  }

  // Each read route validates its parameters and checks the token (in that order, before the
  // revision is read: a 304 must reveal nothing to a caller without the token), then hands
  // back how to answer; answerConditionally decides whether the store's query runs at all.

  function points(request: Request, url: URL): PreparedRead {
    const { query, format, token } = parsePointsParams(url);
    checkReadToken(query.site, request, token);
    return {
      site: query.site,
      type: format === 'json' ? JSON_TYPE : POINTS_MEDIA_TYPE,
      async answer() {
        const p = await store.points(query);
        const meta: Record<string, string> = { 'X-Heatlens-Total': String(p.total), 'X-Heatlens-Aggregated': p.aggregated ? '1' : '0' };
        // Re-placed onto one layout (layout=W): clicks whose element that layout lacks are left out, and counted.
        if (p.unplaced !== undefined) meta['X-Heatlens-Unplaced'] = String(p.unplaced);
        if (format === 'json') return json(200, pointsJSON(p), meta);
        return bytes(encodePoints(p), POINTS_MEDIA_TYPE, meta);
      },
    };
  }

  function scroll(request: Request, url: URL): PreparedRead {
    const parsed = parseScrollParams(url);
    checkReadToken(parsed.query.site, request, parsed.token);
    if (parsed.mode === 'curve') {
      const query = parsed.query;
      return { site: query.site, type: JSON_TYPE, answer: async () => json(200, await store.scrollCurve(query)) };
    }
    const { query, format } = parsed;
    return {
      site: query.site,
      type: format === 'binary' ? SCROLL_MEDIA_TYPE : JSON_TYPE,
      async answer() {
        const s = await store.scrollSamples(query);
        if (format === 'binary') return bytes(encodeScrollSamples(s), SCROLL_MEDIA_TYPE);
        return json(200, {
          n: s.t.length,
          truncated: s.truncated,
          sessions: s.sessions,
          paths: s.paths,
          visit: Array.from(s.visit),
          t: Array.from(s.t),
          y: Array.from(s.y),
          vh: Array.from(s.vh),
          dh: Array.from(s.dh, (v) => (Number.isNaN(v) ? null : v)),
        });
      },
    };
  }

  function moves(request: Request, url: URL): PreparedRead {
    const { query, format, token } = parseMovesParams(url);
    checkReadToken(query.site, request, token);
    return {
      site: query.site,
      type: format === 'binary' ? MOVES_MEDIA_TYPE : JSON_TYPE,
      async answer() {
        const m = await store.moves(query);
        if (format === 'binary') return bytes(encodeMoves(m), MOVES_MEDIA_TYPE);
        return json(200, { n: m.t.length, visits: m.visits, truncated: m.truncated, t: Array.from(m.t), visit: Array.from(m.visit), x: Array.from(m.x), y: Array.from(m.y) });
      },
    };
  }

  function elements(request: Request, url: URL): PreparedRead {
    const { query, token } = parseElementsParams(url);
    checkReadToken(query.site, request, token);
    return { site: query.site, type: JSON_TYPE, answer: async () => json(200, await store.elements(query)) };
  }

  function pages(request: Request, url: URL): PreparedRead {
    const { query, token } = parsePagesParams(url);
    checkReadToken(query.site, request, token);
    return { site: query.site, type: JSON_TYPE, answer: async () => json(200, { pages: await store.pages(query) }) };
  }

  /** The read routes: public or token-protected, never cookie-authenticated, so any page may ask. */
  const reads: Record<string, (request: Request, url: URL) => PreparedRead> = {
    '/v1/points': points,
    '/v1/scroll': scroll,
    '/v1/moves': moves,
    '/v1/elements': elements,
    '/v1/pages': pages,
  };

  function preflight(request: Request, path: string, origin: string | null): Response {
    if (path === '/v1/batch') {
      if (origin === null || !sites.anyAllows(origin)) {
        return json(403, errorBody('origin_not_allowed', `origin ${origin ?? '(none)'} may not post batches`));
      }
      return new Response(null, {
        status: 204,
        headers: {
          ...corsFor(origin),
          'Access-Control-Allow-Methods': 'POST',
          'Access-Control-Allow-Headers': 'Content-Type, Content-Encoding',
          'Access-Control-Max-Age': PREFLIGHT_MAX_AGE,
        },
      });
    }
    if (Object.hasOwn(reads, path)) {
      return new Response(null, {
        status: 204,
        headers: {
          'Access-Control-Allow-Origin': '*',
          // HEAD is a CORS-safelisted method: it needs no listing.
          'Access-Control-Allow-Methods': 'GET',
          // If-None-Match for a page revalidating by hand (the browser's cache adds its own without asking).
          'Access-Control-Allow-Headers': 'Authorization, If-None-Match',
          'Access-Control-Max-Age': PREFLIGHT_MAX_AGE,
        },
      });
    }
    return notFound(path);
  }

  async function route(request: Request, url: URL, ip: string, origin: string | null): Promise<Response> {
    const path = url.pathname;
    const method = request.method.toUpperCase();
    if (method === 'OPTIONS') return preflight(request, path, origin);
    const isRead = method === 'GET' || method === 'HEAD';
    switch (path) {
      case '/v1/batch':
        if (method !== 'POST') return methodNotAllowed(method, ['POST', 'OPTIONS']);
        return handleBatch(request, ip, origin, batchCtx);
      case '/v1/points':
      case '/v1/scroll':
      case '/v1/moves':
      case '/v1/elements':
      case '/v1/pages':
        if (!isRead) return methodNotAllowed(method, ['GET', 'HEAD', 'OPTIONS']);
        return withReadCors(await answerConditionally(request, url, store, reads[path](request, url), readGate));
      case '/healthz':
        if (!isRead) return methodNotAllowed(method, ['GET', 'HEAD']);
        await store.counts('\u0000');
        // The read queue's depth: what a load balancer or an operator watches before 503s start.
        return json(200, { ok: true, reads: readGate.load });
      case '/tracker.js': {
        if (!isRead) return methodNotAllowed(method, ['GET', 'HEAD']);
        const file = options.asset ? await options.asset('tracker.js') : null;
        if (!file) return json(404, errorBody('not_built', 'the tracker is not built yet (dist/tracker/tracker.js)'));
        // Embedded by any site, cross-origin isolated ones included (hence CORP cross-origin).
        return bytes(file, 'text/javascript; charset=utf-8', {
          'Cache-Control': 'public, max-age=300',
          'Access-Control-Allow-Origin': '*',
          'Cross-Origin-Resource-Policy': 'cross-origin',
        });
      }
      default: {
        if (!isRead || !options.files) return notFound(path);
        return (await options.files(request, url)) ?? notFound(path);
      }
    }
  }

  return async function handle(request: Request, client: ClientInfo = {}): Promise<Response> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return json(400, errorBody('bad_url', 'request URL cannot be parsed'));
    }
    const origin = request.headers.get('origin');
    const forwarded = options.trustProxy ? request.headers.get('x-forwarded-for')?.split(',')[0].trim() : undefined;
    const ip = forwarded || client.ip || 'unknown';
    try {
      return await route(request, url, ip, origin);
    } catch (e) {
      // Refusals still carry CORS headers, so the page's script can read why (a read's too:
      // reads are open to any origin and never use cookies).
      const cors = url.pathname === '/v1/batch' && origin !== null && sites.anyAllows(origin) ? corsFor(origin) : Object.hasOwn(reads, url.pathname) ? READ_CORS : {};
      if (e instanceof HttpError) return errorResponse(e, cors);
      if (e instanceof QueryError) return json(400, errorBody(e.code, e.message, e.path), cors);
      if (e instanceof StoreError) {
        log(`heatlens: ${e.message}`);
        return json(503, errorBody('store_unavailable', 'the store could not take the request; retry later'), { ...cors, 'Retry-After': '5' });
      }
      log(`heatlens: internal error on ${request.method} ${url.pathname}: ${(e as Error)?.message ?? String(e)}`);
      return json(500, errorBody('internal', 'internal error'), cors);
    }
  };
}

const READ_CORS = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'X-Heatlens-Total, X-Heatlens-Aggregated, X-Heatlens-Unplaced, ETag, Retry-After' };

function withReadCors(response: Response): Response {
  for (const [name, value] of Object.entries(READ_CORS)) response.headers.set(name, value);
  return response;
}
