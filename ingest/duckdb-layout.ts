/**
 * Clicks re-projected onto one layout (`GET /v1/points?layout=W`), in the embedded store.
 *
 * A responsive page lays its elements out differently at each document width, so a phone's
 * click at x = 195 is not at x = 195 on the desktop layout. Every click carries its element's
 * selector path and its place inside the element as fractions (fx, fy), so it can be put at
 * the same spot of the same element on another layout, once that element's box there is known.
 *
 * The box is fitted from the target layout's own clicks on the element: for an element that
 * does not move, x = bx + fx·bw and y = by + fy·bh for each of them, and least squares gives
 * bw = cov(x, fx) / var(fx), bx = mean(x) − bw·mean(fx) (the same for y). It needs two clicks
 * whose fx and fy both vary (population variances > 0) and a box of positive size (two clicks
 * close together, their fractions rounded by the tracker, can fit a box that is upside down);
 * otherwise the element has no box and its clicks from other layouts are counted as unplaced
 * rather than guessed. For an element
 * that moves with scrolling (a sticky header) the fit is the mean place where visitors of that
 * layout clicked it, which is also where its clicks from other layouts are drawn.
 *
 * The boxes belong to the layout, not to the segment asked for: they come from every click of
 * that width on the site and paths in the period asked, whatever the device or viewport filters
 * (a phone segment is still drawn over the desktop layout's boxes). With a path glob the pages
 * it matches are taken as one template: an element's box pools their clicks.
 */
import type { DuckDBValue } from '@duckdb/node-api';
import { whereClause, type Where } from './duckdb-sql.js';
import type { PointsQuery } from './store.js';

/** What a click must have recorded to be placed on, or to place, an element's box. */
const LOCATED = ['sel IS NOT NULL', 'fx IS NOT NULL', 'fy IS NOT NULL'];

export interface PlacedClicks {
  /** `FROM` text whose rows have the placed `x` and `y` of every click that could be placed. */
  placed: string;
  /** A query counting the matching clicks that could not be placed. */
  unplacedCount: string;
  params: Record<string, DuckDBValue>;
}

/**
 * The clicks matching `q` (with `extra` conditions, e.g. the selector filter) placed on the
 * layout `q.layout`: the caller reads x and y from `placed` as it would from the clicks table.
 * `matching` is the WHERE the caller built for `q` and `extra`.
 */
export function placedClicks(q: PointsQuery & { layout: number }, matching: Where, extra: string[]): PlacedClicks {
  // Site, path and period only: the layout's boxes are not narrowed to the segment (see above).
  const boxWhere = whereClause({ site: q.site, path: q.path, from: q.from, to: q.to }, 'b', ['dw = $layout', ...LOCATED, ...extra]);
  const boxes = `
    SELECT sel,
      covar_pop(x, fx) / var_pop(fx) AS box_w, avg(x) - covar_pop(x, fx) / var_pop(fx) * avg(fx) AS box_x,
      covar_pop(y, fy) / var_pop(fy) AS box_h, avg(y) - covar_pop(y, fy) / var_pop(fy) * avg(fy) AS box_y
    FROM clicks ${boxWhere.sql}
    GROUP BY sel HAVING count(*) >= 2 AND var_pop(fx) > 0 AND var_pop(fy) > 0
      AND covar_pop(x, fx) > 0 AND covar_pop(y, fy) > 0`;
  // A click of the target width is where it was; any other needs a box and its own fractions.
  const onLayout = 'coalesce(c.dw = $layout, false)';
  const joined = `
    SELECT ${onLayout} OR (b.sel IS NOT NULL AND c.fx IS NOT NULL AND c.fy IS NOT NULL) AS placed,
      CASE WHEN ${onLayout} THEN c.x ELSE b.box_x + c.fx * b.box_w END AS x,
      CASE WHEN ${onLayout} THEN c.y ELSE b.box_y + c.fy * b.box_h END AS y
    FROM (SELECT dw, x, y, sel, fx, fy FROM clicks ${matching.sql}) AS c
    LEFT JOIN (${boxes}) AS b ON c.sel = b.sel`;
  return {
    placed: `(${joined}) AS layout_clicks WHERE placed`,
    unplacedCount: `SELECT count(*)::DOUBLE FROM (${joined}) AS layout_clicks WHERE NOT placed`,
    params: { ...matching.params, ...boxWhere.params, layout: q.layout },
  };
}
