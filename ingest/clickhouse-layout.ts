/**
 * Clicks re-projected onto one layout (`GET /v1/points?layout=W`) in the ClickHouse store: the
 * same boxes and placements as the embedded store (the method and its caveats are explained in
 * ingest/duckdb-layout.ts).
 *
 * The boxes are one small aggregate (a row per selector) over the Distributed table; `GLOBAL`
 * ships it to every shard once, so each shard joins and bins its own clicks and only cells (or
 * the placed points) leave it. 18.16 joins with USING only, and an ANY LEFT JOIN fills a
 * selector without a box with defaults, hence the `boxed` flag (1 in every box row, 0 there).
 */
import { num, whereClause } from './clickhouse-sql.js';
import type { PointsQuery } from './store.js';

/** What a click must have recorded to be placed on, or to place, an element's box. */
const LOCATED = ['isNotNull(sel)', 'isNotNull(fx)', 'isNotNull(fy)'];

export interface PlacedClicks {
  /** `FROM` text (table, join and WHERE) whose rows are the clicks that could be placed. */
  placed: string;
  /** The placed coordinates, as expressions over those rows. */
  x: string;
  y: string;
  /** A query counting the matching clicks that could not be placed. */
  unplacedCount: string;
}

/**
 * The clicks of `table` matching `q` (with `extra` conditions, e.g. the selector filter) placed
 * on the layout `q.layout`.
 */
export function placedClicks(db: string, table: string, q: PointsQuery & { layout: number }, extra: string[]): PlacedClicks {
  const w = num(q.layout);
  // Site, path and period only: the layout's boxes are not narrowed to the segment. whereClause
  // adds notLoser(), so a batch stored twice by racing ingest nodes fits each box once.
  const boxWhere = whereClause(db, { site: q.site, path: q.path, from: q.from, to: q.to }, ['click'], [`dw = ${w}`, ...LOCATED, ...extra]);
  const fx = 'assumeNotNull(fx)';
  const fy = 'assumeNotNull(fy)';
  const boxes = `
    SELECT sel,
      covarPop(x, ${fx}) / varPop(${fx}) AS box_w, avg(x) - box_w * avg(${fx}) AS box_x,
      covarPop(y, ${fy}) / varPop(${fy}) AS box_h, avg(y) - box_h * avg(${fy}) AS box_y,
      toUInt8(1) AS boxed
    FROM ${db}.${table} ${boxWhere}
    GROUP BY sel HAVING count() >= 2 AND varPop(${fx}) > 0 AND varPop(${fy}) > 0 AND box_w > 0 AND box_h > 0`;
  // A click of the target width is where it was; any other needs a box and its own fractions.
  const onLayout = `ifNull(dw, 0) = ${w}`;
  const isPlaced = `(${onLayout} OR (boxed = 1 AND isNotNull(fx) AND isNotNull(fy)))`;
  const joined = `${db}.${table} GLOBAL ANY LEFT JOIN (${boxes}) USING sel`;
  const matching = whereClause(db, q, ['click'], extra);
  return {
    placed: `${joined} ${matching} AND ${isPlaced}`,
    x: `if(${onLayout}, x, box_x + ${fx} * box_w)`,
    y: `if(${onLayout}, y, box_y + ${fy} * box_h)`,
    unplacedCount: `SELECT toFloat64(count()) FROM ${joined} ${matching} AND NOT ${isPlaced}`,
  };
}
