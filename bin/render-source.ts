/**
 * `heatlens render --url`: the data of one map from a running server's HTTP API (README "HTTP
 * API"), in the binary formats of ingest/points-format.ts, and the page's typical size from
 * `GET /v1/pages`. Network failures and refused requests become one CliError line.
 */
import { decodeMoves, decodePoints, decodeScrollSamples, type DecodedMoves, type DecodedPoints, type DecodedScrollSamples } from '../ingest/points-format.js';
import { CliError } from './main.js';

/** The segment filters every read route shares, as given on the command line. */
export interface Segment {
  site: string;
  path: string;
  device?: string;
  from?: string;
  to?: string;
  vwmin?: string;
  vwmax?: string;
  selector?: string;
  token?: string;
}

function query(segment: Segment, extra: Record<string, string>, withPath = true): URLSearchParams {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(segment)) {
    // The token goes in a header (see `get`), never in a URL that logs and proxies keep.
    if (value !== undefined && (withPath || key !== 'path') && key !== 'selector' && key !== 'token') q.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) q.set(key, value);
  return q;
}

/** Why a protected site refused to be read, in the command line's terms. */
function tokenMessage(q: URLSearchParams, token: string | undefined): string {
  const site = q.get('site');
  return token !== undefined ? `the --token given is not the read token of site ${site}` : `site ${site} has a read token: give it with --token T`;
}

/** GET base + route; the body's bytes, or a CliError relaying the server's own message. */
async function get(base: string, route: string, q: URLSearchParams, token: string | undefined): Promise<Uint8Array> {
  const url = `${base.replace(/\/+$/, '')}${route}?${q}`;
  let res: Response;
  try {
    res = await fetch(url, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new CliError(`cannot reach ${base}: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
  }
  const body = new Uint8Array(await res.arrayBuffer());
  if (!res.ok) {
    let message = Buffer.from(body).toString('utf8').trim().split('\n')[0] || res.statusText;
    try {
      const json = JSON.parse(Buffer.from(body).toString('utf8')) as { error?: { code?: string; message?: string; path?: string } };
      if (json.error?.message) message = json.error.message + (json.error.path ? ` (${json.error.path})` : '');
      // The server speaks of HTTP headers; the user of this command speaks --token.
      if (json.error?.code === 'bad_token') message = tokenMessage(q, token);
    } catch {
      // Not JSON: the first line of the body is the message.
    }
    throw new CliError(`${route}: server answered ${res.status}: ${message}`);
  }
  return body;
}

function decoded<T>(route: string, decode: () => T): T {
  try {
    return decode();
  } catch (err) {
    throw new CliError(`${route}: unreadable answer: ${(err as Error).message}`);
  }
}

export async function fetchClicks(base: string, segment: Segment): Promise<DecodedPoints> {
  const extra: Record<string, string> = { kind: 'click' };
  if (segment.selector !== undefined) extra.selector = segment.selector;
  const bytes = await get(base, '/v1/points', query(segment, extra), segment.token);
  return decoded('/v1/points', () => decodePoints(bytes));
}

export async function fetchMoves(base: string, segment: Segment): Promise<DecodedMoves> {
  const bytes = await get(base, '/v1/moves', query(segment, {}), segment.token);
  return decoded('/v1/moves', () => decodeMoves(bytes));
}

export async function fetchScrollSamples(base: string, segment: Segment): Promise<DecodedScrollSamples> {
  const bytes = await get(base, '/v1/scroll', query(segment, { mode: 'samples' }), segment.token);
  return decoded('/v1/scroll', () => decodeScrollSamples(bytes));
}

/** The page's typical document size under the filters, as the dashboard sizes its maps. */
export async function fetchPageSize(base: string, segment: Segment): Promise<{ width: number; height: number }> {
  const bytes = await get(base, '/v1/pages', query(segment, {}, false), segment.token);
  const json = decoded('/v1/pages', () => JSON.parse(Buffer.from(bytes).toString('utf8')) as { pages?: Array<{ path: string; width?: number; height?: number }> });
  const page = json.pages?.find((p) => p.path === segment.path);
  if (!page) throw new CliError(`no page ${segment.path} on site ${segment.site} under these filters: give --width and --height`);
  const width = Math.round(page.width ?? 0);
  const height = Math.round(page.height ?? 0);
  if (!(width > 0 && height > 0)) throw new CliError(`the server knows no document size for ${segment.path}: give --width and --height`);
  return { width, height };
}
