/**
 * The ClickHouse store's read queries, the same answers as duckdb-queries.ts: points (raw, or
 * binned into cells inside ClickHouse when more rows match than the caller can use, so at
 * most `limit` weighted cells leave the cluster), scroll samples and scroll curves. Over a
 * Distributed table every aggregation runs on the shards and is merged on the node asked.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { binIndexSql, buildCurve, NO_DOCUMENT_HEIGHT } from './scroll-curve.js';
import { placedClicks } from './clickhouse-layout.js';
import { num, str, whereClause } from './clickhouse-sql.js';
import type { Filters, MoveSamples, MovesQuery, Points, PointsQuery, ScrollCurve, ScrollCurveQuery, ScrollSamples, ScrollSamplesQuery } from './store.js';
import { VisitIndex } from './visit-samples.js';

/** Coordinates are ≤ 1e6 px, so a cell index (cell ≥ 1 px) fits in 21 bits. */
const CELL_SHIFT = 2_097_152;

export interface Reader {
  client: ClickHouseClient;
  db: string;
  /** The table reads go to: `events` (Distributed) or `events_local` (one server). */
  table: string;
}

/** Rows of a query as JSON objects (64-bit integers as numbers). */
export async function jsonRows<T>(r: Reader, query: string): Promise<T[]> {
  const rs = await r.client.query({ query, format: 'JSONEachRow', clickhouse_settings: { output_format_json_quote_64bit_integers: 0 } });
  return rs.json<T>();
}

/** Numeric columns of a query into Float64Arrays (TabSeparated; `\N` → NaN). */
async function numbers(r: Reader, query: string, columns: number): Promise<Float64Array[]> {
  const rs = await r.client.query({ query, format: 'TabSeparated' });
  const text = await rs.text();
  const lines = text.length ? text.split('\n') : [];
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const out = Array.from({ length: columns }, () => new Float64Array(lines.length));
  lines.forEach((line, i) => {
    const f = line.split('\t');
    for (let k = 0; k < columns; k++) out[k][i] = f[k] === '\\N' ? NaN : Number(f[k]);
  });
  return out;
}

function empty(): Points {
  return { x: new Float64Array(0), y: new Float64Array(0), w: new Float64Array(0), total: 0, aggregated: false, cell: 0 };
}

function cellsSpanned(s: number, x0: number, x1: number, y0: number, y1: number): number {
  return (Math.floor(x1 / s) - Math.floor(x0 / s) + 1) * (Math.floor(y1 / s) - Math.floor(y0 / s) + 1);
}

/**
 * The retroactive selector filter as a condition on clicks: the distinct stored selector paths
 * are matched in JS, clicks whose path matched are kept. Null when none matched.
 */
export async function selectorCondition(r: Reader, f: Filters, selector: (sel: string) => boolean): Promise<string | null> {
  const sels = await jsonRows<{ sel: string }>(
    r,
    `SELECT DISTINCT assumeNotNull(sel) AS sel FROM ${r.db}.${r.table} ${whereClause(r.db, f, ['click'], ['isNotNull(sel)'])}`,
  );
  const keep = sels.map((s) => s.sel).filter(selector);
  return keep.length === 0 ? null : `sel IN (${keep.map(str).join(', ')})`;
}

export async function queryPoints(r: Reader, q: PointsQuery): Promise<Points> {
  const layout = q.layout;
  const extra: string[] = [];
  if (q.selector) {
    const sel = await selectorCondition(r, q, q.selector);
    if (sel === null) return layout === undefined ? empty() : { ...empty(), unplaced: 0 };
    extra.push(sel);
  }
  if (layout === undefined) {
    return pointsFrom(r, { placed: `${r.db}.${r.table} ${whereClause(r.db, q, [q.kind], extra)}`, x: 'x', y: 'y' }, q.limit);
  }
  const placed = placedClicks(r.db, r.table, { ...q, layout }, extra);
  // Independent reads: the cluster runs the count beside the points.
  const [[[unplaced]], points] = await Promise.all([numbers(r, placed.unplacedCount, 1), pointsFrom(r, placed, q.limit)]);
  return { ...points, unplaced };
}

/**
 * Points from `placed` (`FROM` text) whose coordinates are the expressions `x` and `y`: raw
 * when at most `limit` rows, else binned into cells inside ClickHouse.
 */
async function pointsFrom(r: Reader, from: { placed: string; x: string; y: string }, limit: number): Promise<Points> {
  const { placed, x: X, y: Y } = from;
  const [[count], [x0], [x1], [y0], [y1]] = await numbers(r, `SELECT toFloat64(count()), min(${X}), max(${X}), min(${Y}), max(${Y}) FROM ${placed}`, 5);
  if (!count) return empty();
  if (count <= limit) {
    const [x, y] = await numbers(r, `SELECT ${X}, ${Y} FROM ${placed}`, 2);
    return { x, y, w: new Float64Array(x.length).fill(1), total: x.length, aggregated: false, cell: 0 };
  }
  // The same choice of cell size as the embedded store: the coarsest that the extent bounds,
  // then the finest of a few finer ones whose non-empty cells (counted in ClickHouse) fit.
  let s = Math.max(1, Math.ceil(Math.sqrt(((x1 - x0 + 1) * (y1 - y0 + 1)) / limit)));
  while (cellsSpanned(s, x0, x1, y0, y1) > limit) s = Math.ceil(s * 1.25);
  const finer = [...new Set([2, 4, 8, 16].map((d) => Math.max(1, Math.floor(s / d))))].filter((f) => f < s);
  if (finer.length) {
    const exprs = finer.map((f) => `toFloat64(uniqExact(floor(${X} / ${num(f)}) * ${CELL_SHIFT} + floor(${Y} / ${num(f)})))`);
    const counts = (await numbers(r, `SELECT ${exprs.join(', ')} FROM ${placed}`, finer.length)).map((c) => c[0]);
    for (let i = finer.length - 1; i >= 0; i--) {
      if (counts[i] <= limit) {
        s = finer[i];
        break;
      }
    }
  }
  const [x, y, w] = await numbers(
    r,
    `SELECT avg(${X}), avg(${Y}), toFloat64(count()) FROM ${placed}
     GROUP BY floor(${Y} / ${num(s)}) AS cy, floor(${X} / ${num(s)}) AS cx ORDER BY cy, cx`,
    3,
  );
  let total = 0;
  for (let i = 0; i < w.length; i++) total += w[i];
  return { x, y, w, total, aggregated: true, cell: s };
}

/** Rows of one kind grouped into visits (ingest/visit-samples.ts), at most `limit`, whole visits. */
async function visitSamples<T extends { session: string; path: string }>(
  r: Reader,
  kind: string,
  cols: string,
  extra: string[],
  f: Filters,
  limit: number,
): Promise<{ visits: VisitIndex; rows: T[]; truncated: boolean }> {
  const rows = await jsonRows<T>(
    r,
    `SELECT session, path, ${cols} FROM ${r.db}.${r.table} ${whereClause(r.db, f, [kind], extra)}
     ORDER BY session, path, ts LIMIT ${num(limit + 1)}`,
  );
  const visits = new VisitIndex();
  for (const row of rows) visits.add(row.session, row.path);
  const { keep, truncated } = visits.cap(limit);
  return { visits, rows: rows.slice(0, keep), truncated };
}

export async function queryScrollSamples(r: Reader, q: ScrollSamplesQuery): Promise<ScrollSamples> {
  type Row = { session: string; path: string; t: number; y: number; vh: number; dh: number | null };
  const { visits, rows, truncated } = await visitSamples<Row>(
    r,
    'scroll',
    'toFloat64(ts) AS t, y, toFloat64(assumeNotNull(vh)) AS vh, dh',
    ['isNotNull(vh)'],
    q,
    q.limit,
  );
  return {
    sessions: visits.sessions,
    paths: visits.paths,
    visit: Uint32Array.from(visits.visit),
    t: Float64Array.from(rows, (row) => row.t),
    y: Float64Array.from(rows, (row) => row.y),
    vh: Float64Array.from(rows, (row) => row.vh),
    dh: Float64Array.from(rows, (row) => (row.dh === null ? NaN : row.dh)),
    truncated,
  };
}

export async function queryMoves(r: Reader, q: MovesQuery): Promise<MoveSamples> {
  type Row = { session: string; path: string; t: number; x: number; y: number };
  const { visits, rows, truncated } = await visitSamples<Row>(r, 'move', 'toFloat64(ts) AS t, x, y', [], q, q.limit);
  return {
    visits: visits.sessions.length,
    visit: Uint32Array.from(visits.visit),
    t: Float64Array.from(rows, (row) => row.t),
    x: Float64Array.from(rows, (row) => row.x),
    y: Float64Array.from(rows, (row) => row.y),
    truncated,
  };
}

export async function queryScrollCurve(r: Reader, q: ScrollCurveQuery): Promise<ScrollCurve> {
  const pct = q.unit === 'pct';
  // The rules are ingest/scroll-curve.ts's (the engine's); visits are grouped on the shards
  // (max and argMin merge), their histograms here. Percent needs each sample's document height.
  const vh = 'toFloat64(assumeNotNull(vh))';
  const dh = `ifNull(toFloat64(dh), ${NO_DOCUMENT_HEIGHT})`;
  const bottom = `if(kind = 'scroll', least(greatest(0, least(toFloat64(assumeNotNull(y)), greatest(0, ${dh} - ${vh}))) + ${vh}, ${dh}), least(${vh}, ${dh}))`;
  const depth = pct ? `${bottom} * 100.0 / ${dh}` : bottom;
  const fold = pct ? `least(${vh}, ${dh}) * 100.0 / ${dh}` : vh;
  const visits = `
    SELECT session, path, max(${depth}) AS depth, argMin(${fold}, ts) AS fold
    FROM ${r.db}.${r.table} ${whereClause(r.db, q, ['scroll', 'view'], ['isNotNull(vh)', ...(pct ? ['isNotNull(dh)'] : [])])}
    GROUP BY session, path`;
  const hist = async (expr: string): Promise<Array<[number, number]>> => {
    const [b, n] = await numbers(
      r,
      `SELECT toFloat64(${binIndexSql(expr, Number(q.bin))}) AS b, toFloat64(count()) FROM (${visits}) GROUP BY b`,
      2,
    );
    return Array.from(b, (bi, i) => [bi, n[i]] as [number, number]);
  };
  const [depthHist, foldHist] = await Promise.all([hist('depth'), hist('fold')]);
  return buildCurve(q.unit, q.bin, { depth: depthHist, fold: foldHist });
}
