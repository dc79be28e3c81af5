/**
 * The ClickHouse store's summary queries, the same answers as duckdb-summaries.ts: the ranking
 * of clicked elements with their rage clicks, and the pages with their event counts and typical
 * document size. Both aggregate on the shards; only the ranked rows leave the cluster.
 */
import { jsonRows, selectorCondition, type Reader } from './clickhouse-queries.js';
import { num, whereClause } from './clickhouse-sql.js';
import { sortPages, type ElementRanking, type ElementsQuery, type Filters, type PageStat } from './store.js';

export async function queryElements(r: Reader, q: ElementsQuery): Promise<ElementRanking> {
  const t = `${r.db}.${r.table}`;
  const extra: string[] = [];
  if (q.selector) {
    const sel = await selectorCondition(r, q, q.selector);
    if (sel === null) return { total: 0, elements: [] };
    extra.push(sel);
  }
  const [{ n: total }] = await jsonRows<{ n: number }>(r, `SELECT toFloat64(count()) AS n FROM ${t} ${whereClause(r.db, q, ['click'], extra)}`);
  if (!total) return { total: 0, elements: [] };
  const rows = await jsonRows<{ s: string; n: number; rage: number }>(
    r,
    `SELECT assumeNotNull(sel) AS s, toFloat64(count()) AS n, toFloat64(countIf(ifNull(rage, 0) = 1)) AS rage
     FROM ${t} ${whereClause(r.db, q, ['click'], [...extra, 'isNotNull(sel)'])}
     GROUP BY s ORDER BY n DESC, s LIMIT ${num(q.limit)}`,
  );
  return { total, elements: rows.map((row) => ({ selector: row.s, clicks: row.n, rage: row.rage, share: row.n / total })) };
}

export async function queryPages(r: Reader, f: Filters): Promise<PageStat[]> {
  const t = `${r.db}.${r.table}`;
  const counts = await jsonRows<{ path: string; views: number; clicks: number; moves: number; scrolls: number }>(
    r,
    `SELECT path, toFloat64(countIf(kind = 'view')) AS views, toFloat64(countIf(kind = 'click')) AS clicks,
            toFloat64(countIf(kind = 'move')) AS moves, toFloat64(countIf(kind = 'scroll')) AS scrolls
     FROM ${t} ${whereClause(r.db, f, ['view', 'click', 'move', 'scroll'])} GROUP BY path`,
  );
  // The most common (dw, dh) pair of views and clicks (imports may lack views); ties go to the
  // taller document, as in the embedded store.
  const sizes = await jsonRows<{ path: string; w: number; h: number }>(
    r,
    `SELECT path, toFloat64(argMax(pw, n * 1048576 + ph)) AS w, toFloat64(argMax(ph, n * 1048576 + ph)) AS h FROM (
       SELECT path, assumeNotNull(dw) AS pw, assumeNotNull(dh) AS ph, count() AS n
       FROM ${t} ${whereClause(r.db, f, ['view', 'click'], ['isNotNull(dw)', 'isNotNull(dh)'])}
       GROUP BY path, pw, ph)
     GROUP BY path`,
  );
  const size = new Map(sizes.map((s) => [s.path, s]));
  return sortPages(
    counts.map((c) => ({ ...c, width: size.get(c.path)?.w ?? null, height: size.get(c.path)?.h ?? null })),
  );
}
