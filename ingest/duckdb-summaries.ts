/**
 * The embedded store's summary queries for the dashboard: the ranking of clicked elements (with
 * their rage clicks) and the list of pages with their event counts and typical document size.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { selectorCondition } from './duckdb-queries.js';
import { EVENT_TABLES, whereClause } from './duckdb-sql.js';
import { sortPages, type ElementRanking, type ElementsQuery, type Filters, type PageStat } from './store.js';

export async function queryElements(c: DuckDBConnection, q: ElementsQuery): Promise<ElementRanking> {
  const params: Record<string, DuckDBValue> = {};
  const extra: string[] = [];
  if (q.selector) {
    const sel = await selectorCondition(c, q, q.selector);
    if (!sel) return { total: 0, elements: [] };
    extra.push(sel.sql);
    Object.assign(params, sel.params);
  }
  const w = whereClause(q, 'f', extra);
  Object.assign(params, w.params);
  const total = Number((await c.runAndReadAll(`SELECT count(*)::DOUBLE FROM clicks ${w.sql}`, params)).getRows()[0][0]);
  if (total === 0) return { total: 0, elements: [] };
  const rows = (
    await c.runAndReadAll(
      `SELECT sel, count(*)::DOUBLE AS n, count(*) FILTER (WHERE rage)::DOUBLE FROM clicks ${w.sql} AND sel IS NOT NULL
       GROUP BY sel ORDER BY n DESC, sel LIMIT $lim`,
      { ...params, lim: q.limit },
    )
  ).getRows();
  return {
    total,
    elements: rows.map(([sel, n, rage]) => ({ selector: sel as string, clicks: n as number, rage: rage as number, share: (n as number) / total })),
  };
}

/** Weight that makes the most common (dw, dh) pair win, ties going to the taller document. */
const PAIR_RANK = 'n * 1048576 + dh';

export async function queryPages(c: DuckDBConnection, f: Filters): Promise<PageStat[]> {
  const w = whereClause(f);
  const counts = EVENT_TABLES.map((t) => `SELECT path, '${t}' AS k, count(*)::DOUBLE AS n FROM ${t} ${w.sql} GROUP BY path`).join(' UNION ALL ');
  // Views and clicks both carry the document size; imports may lack views, so clicks count too.
  const sizes = `
    SELECT path, arg_max(dw, ${PAIR_RANK}) AS dw, arg_max(dh, ${PAIR_RANK}) AS dh FROM (
      SELECT path, dw, dh, count(*) AS n FROM (
        SELECT path, dw, dh FROM views ${w.sql} AND dw IS NOT NULL AND dh IS NOT NULL
        UNION ALL
        SELECT path, dw, dh FROM clicks ${w.sql} AND dw IS NOT NULL AND dh IS NOT NULL
      ) GROUP BY path, dw, dh
    ) GROUP BY path`;
  const rows = (
    await c.runAndReadAll(
      `SELECT p.path, sum(n) FILTER (WHERE k = 'views'), sum(n) FILTER (WHERE k = 'clicks'), sum(n) FILTER (WHERE k = 'moves'),
              sum(n) FILTER (WHERE k = 'scrolls'), any_value(s.dw)::DOUBLE, any_value(s.dh)::DOUBLE
       FROM (${counts}) p LEFT JOIN (${sizes}) s ON s.path = p.path
       GROUP BY p.path`,
      w.params,
    )
  ).getRows();
  const pages = rows.map(([path, views, clicks, moves, scrolls, width, height]) => ({
    path: path as string,
    views: (views as number | null) ?? 0,
    clicks: (clicks as number | null) ?? 0,
    moves: (moves as number | null) ?? 0,
    scrolls: (scrolls as number | null) ?? 0,
    width: width as number | null,
    height: height as number | null,
  }));
  return sortPages(pages);
}
