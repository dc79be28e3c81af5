/**
 * The embedded store's read queries: points for the click and move maps (raw, or binned into
 * cells in the database when more rows match than the caller can use), and scroll samples and
 * curves for the scroll map. Each runs inside the caller's read transaction, so the counts and
 * the rows come from one snapshot.
 */
import { listValue, type DuckDBConnection, type DuckDBDataChunk, type DuckDBValue } from '@duckdb/node-api';
import { binIndexSql, buildCurve, NO_DOCUMENT_HEIGHT } from './scroll-curve.js';
import { placedClicks } from './duckdb-layout.js';
import { whereClause, type Where } from './duckdb-sql.js';
import { capVisits } from './visit-samples.js';
import type { Filters, MoveSamples, MovesQuery, Points, PointsQuery, ScrollCurve, ScrollCurveQuery, ScrollSamples, ScrollSamplesQuery } from './store.js';

/** Most bins a scroll curve may have. */
/** Coordinates are ≤ 1e6 px, so a cell index (cell ≥ 1 px) fits in 21 bits. */
const CELL_SHIFT = 2_097_152;

type Params = Record<string, DuckDBValue>;

/** Numeric columns of a streamed result, grown as chunks arrive (null → NaN). */
class GrowableColumns {
  private cap = 4096;
  private n = 0;
  private cols: Float64Array[];
  constructor(columns: number) {
    this.cols = Array.from({ length: columns }, () => new Float64Array(this.cap));
  }
  /** Appends `rows` rows of the chunk's columns `first`, `first + 1`, …. */
  append(chunk: DuckDBDataChunk, first: number, rows: number): void {
    if (this.n + rows > this.cap) {
      while (this.n + rows > this.cap) this.cap *= 2;
      this.cols = this.cols.map((a) => {
        const b = new Float64Array(this.cap);
        b.set(a.subarray(0, this.n));
        return b;
      });
    }
    for (let k = 0; k < this.cols.length; k++) {
      const v = chunk.getColumnVector(first + k);
      const dst = this.cols[k];
      for (let r = 0; r < rows; r++) {
        const item = v.getItem(r) as number | bigint | null;
        dst[this.n + r] = item === null ? NaN : Number(item);
      }
    }
    this.n += rows;
  }
  /** The columns, trimmed to the rows appended. */
  take(): Float64Array[] {
    return this.cols.map((a) => a.slice(0, this.n));
  }
}

/** Reads numeric columns of a streamed result into Float64Arrays (null → NaN). */
async function readNumbers(c: DuckDBConnection, sql: string, params: Params, columns: number): Promise<Float64Array[]> {
  const result = await c.stream(sql, params);
  const out = new GrowableColumns(columns);
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    out.append(chunk, 0, chunk.rowCount);
  }
  return out.take();
}

async function one(c: DuckDBConnection, sql: string, params: Params): Promise<unknown[]> {
  return (await c.runAndReadAll(sql, params)).getRows()[0] ?? [];
}

function empty(): Points {
  return { x: new Float64Array(0), y: new Float64Array(0), w: new Float64Array(0), total: 0, aggregated: false, cell: 0 };
}

/** Cells of side s spanned by the extent: an upper bound on the non-empty ones. */
function cellsSpanned(s: number, x0: number, x1: number, y0: number, y1: number): number {
  return (Math.floor(x1 / s) - Math.floor(x0 / s) + 1) * (Math.floor(y1 / s) - Math.floor(y0 / s) + 1);
}

/**
 * The retroactive selector filter as a condition on clicks: the distinct stored selector paths
 * are matched in JS (the CSS subset of ingest/selector.ts), then clicks whose path matched are
 * kept. Null when no stored path matches (the answer is empty).
 */
export async function selectorCondition(c: DuckDBConnection, f: Filters, selector: (sel: string) => boolean): Promise<Where | null> {
  const w0 = whereClause(f, 's');
  const rows = (await c.runAndReadAll(`SELECT DISTINCT sel FROM clicks ${w0.sql} AND sel IS NOT NULL`, w0.params)).getRows();
  const keep = rows.map((r) => r[0] as string).filter(selector);
  if (keep.length === 0) return null;
  return { sql: 'list_contains($sels, sel)', params: { sels: listValue(keep) } };
}

export async function queryPoints(c: DuckDBConnection, q: PointsQuery): Promise<Points> {
  const table = q.kind === 'click' ? 'clicks' : 'moves';
  const layout = q.layout;
  const params: Params = {};
  const extra: string[] = [];
  if (q.selector) {
    const sel = await selectorCondition(c, q, q.selector);
    if (!sel) return layout === undefined ? empty() : { ...empty(), unplaced: 0 };
    extra.push(sel.sql);
    Object.assign(params, sel.params);
  }
  const w = whereClause(q, 'f', extra);
  Object.assign(params, w.params);
  if (layout === undefined) return pointsFrom(c, `${table} ${w.sql}`, params, q.limit);
  const placed = placedClicks({ ...q, layout }, w, extra);
  Object.assign(params, placed.params);
  const [unplaced] = (await one(c, placed.unplacedCount, params)) as number[];
  return { ...(await pointsFrom(c, placed.placed, params, q.limit)), unplaced };
}

/**
 * Points from `source` (`FROM` text whose rows have x and y): raw when at most `limit` rows,
 * else binned into cells in the database.
 */
async function pointsFrom(c: DuckDBConnection, source: string, params: Params, limit: number): Promise<Points> {
  const [count, x0, x1, y0, y1] = (await one(c, `SELECT count(*)::DOUBLE, min(x), max(x), min(y), max(y) FROM ${source}`, params)) as number[];
  if (!count) return empty();
  if (count <= limit) {
    const [x, y] = await readNumbers(c, `SELECT x, y FROM ${source}`, params, 2);
    return { x, y, w: new Float64Array(x.length).fill(1), total: x.length, aggregated: false, cell: 0 };
  }

  // Too many rows: bin into square cells small enough to keep detail, few enough to fit the
  // limit. The extent bounds the non-empty cells, so `s` below always fits; then one pass
  // counts the non-empty cells at finer sizes and the finest that fits is used.
  let s = Math.max(1, Math.ceil(Math.sqrt(((x1 - x0 + 1) * (y1 - y0 + 1)) / limit)));
  while (cellsSpanned(s, x0, x1, y0, y1) > limit) s = Math.ceil(s * 1.25);
  const finer = [...new Set([2, 4, 8, 16].map((d) => Math.max(1, Math.floor(s / d))))].filter((f) => f < s);
  if (finer.length) {
    const exprs = finer.map((_, i) => `count(DISTINCT floor(x / $c${i})::BIGINT * ${CELL_SHIFT} + floor(y / $c${i})::BIGINT)::DOUBLE`);
    const cellParams: Params = { ...params };
    finer.forEach((f, i) => (cellParams[`c${i}`] = f));
    const counts = (await one(c, `SELECT ${exprs.join(', ')} FROM ${source}`, cellParams)) as number[];
    for (let i = finer.length - 1; i >= 0; i--) {
      if (counts[i] <= limit) {
        s = finer[i];
        break;
      }
    }
  }
  const [x, y, wt] = await readNumbers(
    c,
    `SELECT avg(x), avg(y), count(*)::DOUBLE FROM ${source}
     GROUP BY floor(y / $cell), floor(x / $cell) ORDER BY floor(y / $cell), floor(x / $cell)`,
    { ...params, cell: s },
    3,
  );
  let total = 0;
  for (let i = 0; i < wt.length; i++) total += wt[i];
  return { x, y, w: wt, total, aggregated: true, cell: s };
}

/**
 * Rows of `table` grouped into visits (ingest/visit-samples.ts): the numeric expressions `cols`,
 * ordered by session, path, time, with each row's visit index; at most `limit` rows, whole
 * visits. DuckDB numbers the visits (dense_rank), so no string crosses into JS per row; with
 * `named`, the visits' session ids and paths are read once each.
 */
async function queryVisitSamples(c: DuckDBConnection, table: string, cols: string[], where: Where, limit: number, named: boolean) {
  const picked = cols.map((e, i) => `${e} AS c${i}`).join(', ');
  const rows = `SELECT session, path, ts, ${picked} FROM ${table} ${where.sql} ORDER BY session, path, ts LIMIT $lim`;
  const [visitCol, ...values] = await readNumbers(
    c,
    `SELECT (dense_rank() OVER (ORDER BY session, path) - 1)::DOUBLE, ${cols.map((_, i) => `c${i}`).join(', ')} FROM (${rows}) ORDER BY session, path, ts`,
    { ...where.params, lim: limit + 1 },
    cols.length + 1,
  );
  const { keep, truncated } = capVisits(visitCol, limit);
  const visits = keep > 0 ? visitCol[keep - 1] + 1 : 0;
  const sessions: string[] = [];
  const paths: string[] = [];
  if (named && visits > 0) {
    const names = await c.runAndReadAll(`SELECT DISTINCT session, path FROM ${table} ${where.sql} ORDER BY session, path LIMIT $n`, { ...where.params, n: visits });
    for (const [session, path] of names.getRows()) {
      sessions.push(session as string);
      paths.push(path as string);
    }
  }
  return { visits, sessions, paths, visit: Uint32Array.from(visitCol.subarray(0, keep)), cols: values.map((v) => v.slice(0, keep)), truncated };
}

export async function queryScrollSamples(c: DuckDBConnection, q: ScrollSamplesQuery): Promise<ScrollSamples> {
  const r = await queryVisitSamples(c, 'scrolls', ['ts::DOUBLE', 'y', 'vh::DOUBLE', 'dh::DOUBLE'], whereClause(q, 'f', ['vh IS NOT NULL']), q.limit, true);
  const [t, y, vh, dh] = r.cols;
  return { sessions: r.sessions, paths: r.paths, visit: r.visit, t, y, vh, dh, truncated: r.truncated };
}

export async function queryMoves(c: DuckDBConnection, q: MovesQuery): Promise<MoveSamples> {
  const r = await queryVisitSamples(c, 'moves', ['ts::DOUBLE', 'x', 'y'], whereClause(q), q.limit, false);
  const [t, x, y] = r.cols;
  return { visits: r.visits, visit: r.visit, t, x, y, truncated: r.truncated };
}

export async function queryScrollCurve(c: DuckDBConnection, q: ScrollCurveQuery): Promise<ScrollCurve> {
  const w = whereClause(q);
  const pct = q.unit === 'pct';
  const bin = Number(q.bin);
  // The rules are ingest/scroll-curve.ts's (the engine's). Percent needs each sample's document height.
  const dh = `coalesce(dh, ${NO_DOCUMENT_HEIGHT})`;
  const known = pct ? 'AND dh IS NOT NULL' : '';
  const samples = `
    SELECT session, path, ts, vh, dh, least(greatest(0, least(y, greatest(0, ${dh} - vh))) + vh, ${dh}) AS bottom
      FROM scrolls ${w.sql} AND vh IS NOT NULL ${known}
    UNION ALL
    SELECT session, path, ts, vh, dh, least(vh, ${dh}) AS bottom FROM views ${w.sql} AND vh IS NOT NULL ${known}`;
  const visits = `
    SELECT max(${pct ? 'bottom * 100.0 / dh' : 'bottom'}) AS depth, arg_min(${pct ? 'least(vh, dh) * 100.0 / dh' : 'vh'}, ts) AS fold
    FROM (${samples}) GROUP BY session, path`;
  const rows = (
    await c.runAndReadAll(
      `SELECT 'd' AS k, ${binIndexSql('depth', bin)}::BIGINT AS b, count(*)::DOUBLE FROM (${visits}) GROUP BY b
       UNION ALL
       SELECT 'f' AS k, ${binIndexSql('fold', bin)}::BIGINT AS b, count(*)::DOUBLE FROM (${visits}) GROUP BY b`,
      w.params,
    )
  ).getRows();
  const pairs = (kind: string) => rows.filter(([k]) => k === kind).map(([, b, n]) => [Number(b), Number(n)] as [number, number]);
  return buildCurve(q.unit, q.bin, { depth: pairs('d'), fold: pairs('f') });
}
