/**
 * The store interface: what the handler and the importers need from any backend (the
 * embedded DuckDB one here; a ClickHouse one at scale would implement the same).
 */
import type { Device, EventRow } from './schema.js';

/** One batch to store atomically; `batch` is unique per site and makes a retry a no-op. */
export interface WriteBatch {
  site: string;
  batch: string;
  /** Server time of receipt, ms since the epoch. */
  received: number;
  rows: EventRow[];
}

export interface WriteResult {
  accepted: number;
  duplicate: boolean;
}

/** Segment filters shared by every query. */
export interface Filters {
  site: string;
  /** Exact path, or a glob (ingest/glob.ts). */
  path?: string;
  devices?: Device[];
  /** ms since the epoch, inclusive. */
  from?: number;
  /** ms since the epoch, exclusive. */
  to?: number;
  vwmin?: number;
  vwmax?: number;
}

export interface PointsQuery extends Filters {
  kind: 'click' | 'move';
  /** Keeps clicks whose stored selector path satisfies this (ingest/selector.ts). */
  selector?: (sel: string) => boolean;
  /** Most points to return; above it the store bins rows into cells and returns those. */
  limit: number;
  /**
   * Clicks only: a document width (px). Clicks recorded at this width come back as stored;
   * every other click is re-placed at the same spot of its element (sel, fx, fy) on this
   * layout, whose element boxes are fitted from this width's own clicks (ingest/duckdb-layout.ts).
   */
  layout?: number;
}

export interface Points {
  x: Float64Array;
  y: Float64Array;
  w: Float64Array;
  /** Rows that matched: the sum of w. */
  total: number;
  /** True when rows were binned into square cells of `cell` px (each point a cell's centroid). */
  aggregated: boolean;
  cell: number;
  /** With `layout`: matching clicks left out because their element has no box on that layout. */
  unplaced?: number;
}

export interface ScrollSamplesQuery extends Filters {
  limit: number;
}

/** Scroll samples ordered by session, then page, then time (parallel arrays). */
export interface ScrollSamples {
  sessions: string[];
  /** Index into `sessions` (one per (session, path) visit). */
  visit: Uint32Array;
  paths: string[];
  t: Float64Array;
  y: Float64Array;
  vh: Float64Array;
  /** NaN where unknown (some imports). */
  dh: Float64Array;
  truncated: boolean;
}

export interface ScrollCurveQuery extends Filters {
  unit: 'px' | 'pct';
  bin: number;
}

export interface ScrollCurve {
  unit: 'px' | 'pct';
  bin: number;
  /** (session, path) visits counted. */
  sessions: number;
  /** reach[i]: share of visits whose deepest viewport bottom reached i·bin (1 at the top). */
  reach: number[];
  /** fold[i]: visits whose viewport height falls in [i·bin, (i+1)·bin). */
  fold: number[];
}

export interface MovesQuery extends Filters {
  /** Most samples to return; past it whole visits are dropped from the end of the visit order. */
  limit: number;
}

/**
 * Cursor samples ordered by visit — a visit is one (session, path), in order of session id,
 * then path — then time (parallel arrays), for attention maps.
 */
export interface MoveSamples {
  /** Visits in the answer (visit indices run 0…visits−1). */
  visits: number;
  visit: Uint32Array;
  /** ms since the epoch, server clock. */
  t: Float64Array;
  x: Float64Array;
  y: Float64Array;
  truncated: boolean;
}

export interface ElementsQuery extends Filters {
  /** Keeps clicks whose stored selector path satisfies this (ingest/selector.ts). */
  selector?: (sel: string) => boolean;
  /** Most elements to list. */
  limit: number;
}

export interface ElementStat {
  /** The stored selector path of the clicked element. */
  selector: string;
  clicks: number;
  /** Those of its clicks the tracker flagged as rage clicks. */
  rage: number;
  /** clicks / total. */
  share: number;
}

export interface ElementRanking {
  /** Clicks that matched the query (those without a recorded selector included). */
  total: number;
  /** Most clicked first; ties by selector. */
  elements: ElementStat[];
}

export interface PageStat {
  path: string;
  views: number;
  clicks: number;
  moves: number;
  scrolls: number;
  /** The page's typical document size in px: the most common (dw, dh) of its views and clicks; null if never recorded. */
  width: number | null;
  height: number | null;
}

export interface Store {
  /** Stores every row of the batch in one transaction, durably, unless its id was seen. */
  write(batch: WriteBatch): Promise<WriteResult>;
  points(q: PointsQuery): Promise<Points>;
  scrollSamples(q: ScrollSamplesQuery): Promise<ScrollSamples>;
  scrollCurve(q: ScrollCurveQuery): Promise<ScrollCurve>;
  moves(q: MovesQuery): Promise<MoveSamples>;
  elements(q: ElementsQuery): Promise<ElementRanking>;
  /** Every page path with events, most viewed first (ties by path). */
  pages(q: Filters): Promise<PageStat[]>;
  /** Deletes events older than `before` (ms) and batch ids received before it; resolves to rows deleted. */
  deleteBefore(before: number): Promise<number>;
  /** Whether a batch with this id was stored for the site (and not yet expired by retention). */
  hasBatch(site: string, batch: string): Promise<boolean>;
  /**
   * A token that changes whenever anything a read of `site` could return may have changed
   * (a stored batch, retention), and that is cheap: no scan of events. The read routes build
   * their ETags from it (ingest/conditional.ts). Equal tokens mean equal answers; a changed
   * token may still come with equal answers (a refetch, never a stale map).
   */
  revision(site: string): Promise<string>;
  /** Row counts per table, for health checks and tests. */
  counts(site?: string): Promise<Record<'views' | 'clicks' | 'moves' | 'scrolls' | 'batches', number>>;
  close(): Promise<void>;
}

/**
 * Takes from the front of a write queue the batches one group commit should hold: at least
 * one, then as many more as fit in `maxRows` rows. Both stores commit queued batches in such
 * groups — enough rows to amortise a commit, few enough to answer promptly.
 */
export function takeGroup<T extends { batch: WriteBatch }>(queue: T[], maxRows: number): T[] {
  let rows = 0;
  let n = 0;
  while (n < queue.length && (n === 0 || rows + queue[n].batch.rows.length <= maxRows)) {
    rows += queue[n].batch.rows.length;
    n++;
  }
  return queue.splice(0, n);
}

/** Pages most viewed first, ties by path (code-point order, as both stores sort strings). */
export function sortPages(pages: PageStat[]): PageStat[] {
  return pages.sort((a, b) => b.views - a.views || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
