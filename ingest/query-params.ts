/**
 * The query strings of the read routes (`/v1/points`, `/v1/scroll`, `/v1/moves`, `/v1/elements`,
 * `/v1/pages`), validated with zod like the
 * batches are. Unknown parameters are refused, so a typo (`devices=`) is an error rather than
 * a silently unfiltered map.
 */
import { z } from 'zod';
import { HttpError, jsonPath } from './errors.js';
import { GlobError, globToRegExpSource } from './glob.js';
import { parseQueryTime } from './query-time.js';
import { DEVICES, MAX_COORD, SITE_RE, type Device } from './schema.js';
import { SelectorError, selectorFilter } from './selector.js';
import type { ElementsQuery, Filters, MovesQuery, PointsQuery, ScrollCurveQuery, ScrollSamplesQuery } from './store.js';

export const DEFAULT_POINTS_LIMIT = 1_000_000;
export const MAX_POINTS_LIMIT = 10_000_000;
/** Widest document width `layout=` accepts, px. */
export const MAX_LAYOUT_WIDTH = 100_000;

const time = z.string().transform((s, ctx) => {
  const t = parseQueryTime(s);
  if (typeof t === 'number') return t;
  ctx.addIssue({ code: 'custom', message: t.error });
  return z.NEVER;
});
const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be ≥ ${min}`).max(max, `must be ≤ ${max}`));
const num = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'must be a number')
    .transform(Number)
    .pipe(z.number().min(min, `must be ≥ ${min}`).max(max, `must be ≤ ${max}`));
const devices = z
  .string()
  .transform((s) => s.split(','))
  .pipe(z.array(z.enum(DEVICES, { error: `must be ${DEVICES.join(', ')} or a comma list of them` })).min(1));
const path = z.string().min(1).max(512);

const filters = {
  site: z.string({ error: 'is required' }).regex(SITE_RE, 'must be a site id'),
  path: path.optional(),
  device: devices.optional(),
  from: time.optional(),
  to: time.optional(),
  vwmin: int(1, MAX_COORD).optional(),
  vwmax: int(1, MAX_COORD).optional(),
  token: z.string().max(256).optional(),
};

const pointsParams = z.strictObject({
  ...filters,
  kind: z.enum(['click', 'move']).default('click'),
  selector: z.string().min(1).max(1024).optional(),
  layout: int(1, MAX_LAYOUT_WIDTH).optional(),
  limit: int(1, MAX_POINTS_LIMIT).default(DEFAULT_POINTS_LIMIT),
  format: z.enum(['binary', 'json']).default('binary'),
});

const scrollParams = z.strictObject({
  ...filters,
  mode: z.enum(['curve', 'samples']).default('curve'),
  unit: z.enum(['px', 'pct']).default('px'),
  bin: num(0.1, 100_000).optional(),
  limit: int(1, MAX_POINTS_LIMIT).default(DEFAULT_POINTS_LIMIT),
  format: z.enum(['binary', 'json']).optional(),
});

const movesParams = z.strictObject({
  ...filters,
  limit: int(1, MAX_POINTS_LIMIT).default(DEFAULT_POINTS_LIMIT),
  format: z.enum(['binary', 'json']).default('binary'),
});

export const DEFAULT_ELEMENTS_LIMIT = 20;
export const MAX_ELEMENTS_LIMIT = 1000;

const elementsParams = z.strictObject({
  ...filters,
  selector: z.string().min(1).max(1024).optional(),
  limit: int(1, MAX_ELEMENTS_LIMIT).default(DEFAULT_ELEMENTS_LIMIT),
});

const pagesParams = z.strictObject(filters);

function parse<T extends z.ZodType>(schema: T, url: URL): z.infer<T> {
  const raw: Record<string, string> = {};
  for (const [k, v] of url.searchParams) {
    if (Object.hasOwn(raw, k)) throw new HttpError(400, 'repeated_parameter', `parameter ${k} is given more than once`, k);
    raw[k] = v;
  }
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    throw new HttpError(400, 'unknown_parameter', `unknown parameter ${key}`, key);
  }
  const name = jsonPath(issue.path.slice(0, 1));
  const detail = issue.code === 'invalid_value' ? `must be ${issue.values.join(' or ')}` : issue.message;
  throw new HttpError(400, 'invalid_parameter', `parameter ${name} ${detail}`, name);
}

function toFilters(p: z.infer<z.ZodObject<typeof filters>>): Filters {
  if (p.path !== undefined) {
    try {
      globToRegExpSource(p.path);
    } catch (e) {
      throw new HttpError(400, 'invalid_parameter', `parameter path: ${(e as GlobError).message}`, 'path');
    }
  }
  if (p.from !== undefined && p.to !== undefined && p.to < p.from) {
    throw new HttpError(400, 'invalid_parameter', 'parameter to must not be before from', 'to');
  }
  if (p.vwmin !== undefined && p.vwmax !== undefined && p.vwmax < p.vwmin) {
    throw new HttpError(400, 'invalid_parameter', 'parameter vwmax must not be below vwmin', 'vwmax');
  }
  return {
    site: p.site,
    path: p.path,
    devices: p.device as Device[] | undefined,
    from: p.from,
    to: p.to,
    vwmin: p.vwmin,
    vwmax: p.vwmax,
  };
}

export interface ParsedPoints {
  query: PointsQuery;
  format: 'binary' | 'json';
  token?: string;
}

function parseSelector(text: string): (sel: string) => boolean {
  try {
    return selectorFilter(text);
  } catch (e) {
    if (e instanceof SelectorError) throw new HttpError(400, 'unsupported_selector', e.message, 'selector');
    throw e;
  }
}

export function parsePointsParams(url: URL): ParsedPoints {
  const p = parse(pointsParams, url);
  const query: PointsQuery = { ...toFilters(p), kind: p.kind, limit: p.limit };
  if (p.selector !== undefined) {
    if (p.kind !== 'click') {
      throw new HttpError(400, 'invalid_parameter', 'parameter selector applies to kind=click only', 'selector');
    }
    query.selector = parseSelector(p.selector);
  }
  if (p.layout !== undefined) {
    // Only clicks record their element and their place in it; cursor samples cannot be re-placed.
    if (p.kind !== 'click') {
      throw new HttpError(400, 'invalid_parameter', 'parameter layout applies to kind=click only', 'layout');
    }
    query.layout = p.layout;
  }
  return { query, format: p.format, token: p.token };
}

export function parseMovesParams(url: URL): { query: MovesQuery; format: 'binary' | 'json'; token?: string } {
  const p = parse(movesParams, url);
  return { query: { ...toFilters(p), limit: p.limit }, format: p.format, token: p.token };
}

export function parseElementsParams(url: URL): { query: ElementsQuery; token?: string } {
  const p = parse(elementsParams, url);
  const query: ElementsQuery = { ...toFilters(p), limit: p.limit };
  if (p.selector !== undefined) query.selector = parseSelector(p.selector);
  return { query, token: p.token };
}

export function parsePagesParams(url: URL): { query: Filters; token?: string } {
  const p = parse(pagesParams, url);
  return { query: toFilters(p), token: p.token };
}

export type ParsedScroll =
  | { mode: 'curve'; query: ScrollCurveQuery; token?: string }
  | { mode: 'samples'; query: ScrollSamplesQuery; format: 'binary' | 'json'; token?: string };

export function parseScrollParams(url: URL): ParsedScroll {
  const p = parse(scrollParams, url);
  const f = toFilters(p);
  if (p.mode === 'curve') {
    if (p.format === 'binary') {
      throw new HttpError(400, 'invalid_parameter', 'parameter format=binary applies to mode=samples only', 'format');
    }
    const bin = p.bin ?? (p.unit === 'pct' ? 1 : 50);
    if (p.unit === 'px' && bin < 1) throw new HttpError(400, 'invalid_parameter', 'parameter bin must be ≥ 1 px', 'bin');
    return { mode: 'curve', query: { ...f, unit: p.unit, bin }, token: p.token };
  }
  if (p.bin !== undefined || p.unit !== 'px') {
    throw new HttpError(400, 'invalid_parameter', 'parameters bin and unit apply to mode=curve only', p.bin !== undefined ? 'bin' : 'unit');
  }
  return { mode: 'samples', query: { ...f, limit: p.limit }, format: p.format ?? 'binary', token: p.token };
}
