/**
 * The embedded store: one DuckDB file under the data directory. Writes go through a single
 * writer connection with group commit — batches that arrive while a transaction is being
 * committed are stored together in the next one — so each batch is durable (in DuckDB's
 * write-ahead log, synced on commit) before its 200 is answered, without paying one commit per
 * batch under load. Reads use their own connections and transactions (consistent snapshots).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, LIST, listValue, VARCHAR, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { StoreError } from './errors.js';
import { queryMoves, queryPoints, queryScrollCurve, queryScrollSamples } from './duckdb-queries.js';
import { queryElements, queryPages } from './duckdb-summaries.js';
import { EVENT_TABLES, SCHEMA, type EventTable } from './duckdb-sql.js';
import type { EventRow } from './schema.js';
import type {
  ElementRanking,
  ElementsQuery,
  Filters,
  MoveSamples,
  MovesQuery,
  PageStat,
  Points,
  PointsQuery,
  ScrollCurve,
  ScrollCurveQuery,
  ScrollSamples,
  ScrollSamplesQuery,
  Store,
  WriteBatch,
  WriteResult,
} from './store.js';
import { takeGroup } from './store.js';

export const DB_FILE = 'heatlens.duckdb';

/** Rows per group commit: enough to amortise the commit, small enough to answer promptly. */
const GROUP_ROWS = 50_000;
/** Batch ids committed recently, remembered to answer retries without a database round trip. */
const RECENT_IDS = 100_000;

interface Pending {
  batch: WriteBatch;
  resolve(r: WriteResult): void;
  reject(e: Error): void;
}

const TABLE_OF: Record<EventRow['t'], EventTable> = { view: 'views', click: 'clicks', move: 'moves', scroll: 'scrolls' };

function appendOptInt(a: DuckDBAppender, v: number | undefined): void {
  if (v === undefined) a.appendNull();
  else a.appendInteger(v);
}
function appendOptDouble(a: DuckDBAppender, v: number | undefined): void {
  if (v === undefined) a.appendNull();
  else a.appendDouble(v);
}
function appendOptBool(a: DuckDBAppender, v: boolean | undefined): void {
  if (v === undefined) a.appendNull();
  else a.appendBoolean(v);
}
function appendOptText(a: DuckDBAppender, v: string | undefined): void {
  if (v === undefined) a.appendNull();
  else a.appendVarchar(v);
}

/** Appends one row in the column order of duckdb-sql.ts. */
function appendRow(a: DuckDBAppender, r: EventRow): void {
  a.appendVarchar(r.site);
  a.appendVarchar(r.path);
  a.appendVarchar(r.session);
  a.appendBigInt(BigInt(r.ts));
  a.appendVarchar(r.device);
  switch (r.t) {
    case 'view':
      appendOptInt(a, r.vw);
      appendOptInt(a, r.vh);
      appendOptInt(a, r.dw);
      appendOptInt(a, r.dh);
      appendOptText(a, r.ref);
      break;
    case 'click':
      a.appendDouble(r.x as number);
      a.appendDouble(r.y as number);
      appendOptInt(a, r.vw);
      appendOptInt(a, r.vh);
      appendOptInt(a, r.dw);
      appendOptInt(a, r.dh);
      appendOptText(a, r.sel);
      appendOptDouble(a, r.fx);
      appendOptDouble(a, r.fy);
      appendOptBool(a, r.ia);
      appendOptBool(a, r.rage);
      break;
    case 'move':
      a.appendDouble(r.x as number);
      a.appendDouble(r.y as number);
      appendOptInt(a, r.vw);
      appendOptInt(a, r.dh);
      break;
    case 'scroll':
      a.appendDouble(r.y as number);
      appendOptInt(a, r.vh);
      appendOptInt(a, r.dh);
      appendOptInt(a, r.vw);
      break;
  }
  a.endRow();
}

function message(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

export class DuckDBStore implements Store {
  private queue: Pending[] = [];
  private readonly recent = new Set<string>();
  private writing = false;
  /** Serialises whatever uses the writer connection: group commits, retention. */
  private writerLock: Promise<unknown> = Promise.resolve();
  private closed = false;
  /**
   * The revision (see `revision`): one process owns the file (DuckDB's lock), so counters in
   * memory see every change. The epoch is drawn at open, so a restart over a file changed in
   * between (an import, a migration back) never repeats a token given out before.
   */
  private readonly epoch = randomBytes(6).readUIntBE(0, 6).toString(36);
  /** Bumped by retention, which touches every site. */
  private retentions = 0;
  /** Group commits that stored rows for the site. */
  private readonly commits = new Map<string, number>();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    readonly file: string,
  ) {}

  /** Opens (creating if needed) `DIR/heatlens.duckdb`; fails with StoreError if another process holds it. */
  static async open(dir: string): Promise<DuckDBStore> {
    const file = join(dir, DB_FILE);
    let instance: DuckDBInstance;
    try {
      mkdirSync(dir, { recursive: true });
      instance = await DuckDBInstance.create(file);
    } catch (e) {
      const m = message(e);
      if (/lock/i.test(m)) throw new StoreError(`${file} is in use by another process (is heatlens serve running?)`);
      throw new StoreError(`cannot open ${file}: ${m}`);
    }
    const writer = await instance.connect();
    for (const sql of SCHEMA) await writer.run(sql);
    return new DuckDBStore(instance, writer, file);
  }

  private withWriter<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.writerLock.then(fn, fn);
    this.writerLock = run.catch(() => {});
    return run;
  }

  write(batch: WriteBatch): Promise<WriteResult> {
    if (this.closed) return Promise.reject(new StoreError('store is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ batch, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        void this.drain();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const group = takeGroup(this.queue, GROUP_ROWS);
        await this.withWriter(() => this.commitGroup(group));
      }
    } finally {
      this.writing = false;
    }
  }

  private async commitGroup(group: Pending[]): Promise<void> {
    try {
      const results = await this.transaction(group.map((p) => p.batch));
      group.forEach((p, i) => p.resolve(results[i]));
    } catch (e) {
      if (group.length === 1) {
        group[0].reject(new StoreError(`cannot store batch: ${message(e)}`));
        return;
      }
      // One bad batch must not fail its neighbours: retry each in its own transaction.
      for (const p of group) {
        try {
          p.resolve((await this.transaction([p.batch]))[0]);
        } catch (e2) {
          p.reject(new StoreError(`cannot store batch: ${message(e2)}`));
        }
      }
    }
  }

  /**
   * Stores the batches in one transaction; the first of repeated ids wins, the rest are
   * duplicates. Batch ids are appended like the rows (fast); the primary key refuses one seen
   * before, and only then are the stored ids looked up and the transaction redone without
   * them. Ids committed recently are remembered, so a retry storm rarely reaches the database.
   */
  private async transaction(batches: WriteBatch[]): Promise<WriteResult[]> {
    const keys = batches.map((b) => `${b.site}/${b.batch}`);
    const first = new Map<string, number>();
    keys.forEach((k, i) => {
      if (!first.has(k) && !this.recent.has(k)) first.set(k, i);
    });
    let fresh = [...first.values()];
    try {
      await this.append(batches, keys, fresh);
    } catch (e) {
      if (!/duplicate key|primary key/i.test(message(e))) throw e;
      const stored = await this.writer.runAndReadAll(
        'SELECT key FROM batches WHERE key IN (SELECT unnest($k))',
        { k: listValue(fresh.map((i) => keys[i])) },
        { k: LIST(VARCHAR) },
      );
      const seen = new Set(stored.getRows().map((r) => r[0] as string));
      fresh = fresh.filter((i) => !seen.has(keys[i]));
      await this.append(batches, keys, fresh);
    }
    for (const i of fresh) this.remember(keys[i]);
    const accepted = new Set(fresh);
    return batches.map((b, i) => (accepted.has(i) ? { accepted: b.rows.length, duplicate: false } : { accepted: 0, duplicate: true }));
  }

  private remember(key: string): void {
    this.recent.add(key);
    if (this.recent.size > RECENT_IDS) {
      const oldest = this.recent.values().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
  }

  /** One transaction: the batch ids of `which`, then their rows; rolled back on any error. */
  private async append(batches: WriteBatch[], keys: string[], which: number[]): Promise<void> {
    if (which.length === 0) return;
    const c = this.writer;
    await c.run('BEGIN TRANSACTION');
    try {
      const ids = await c.createAppender('batches');
      for (const i of which) {
        const b = batches[i];
        ids.appendVarchar(keys[i]);
        ids.appendVarchar(b.site);
        ids.appendVarchar(b.batch);
        ids.appendBigInt(BigInt(Math.floor(b.received)));
        ids.appendInteger(b.rows.length);
        ids.endRow();
      }
      ids.closeSync();
      const appenders = new Map<EventTable, DuckDBAppender>();
      for (const i of which) {
        for (const row of batches[i].rows) {
          const table = TABLE_OF[row.t];
          let a = appenders.get(table);
          if (!a) {
            a = await c.createAppender(table);
            appenders.set(table, a);
          }
          appendRow(a, row);
        }
      }
      for (const a of appenders.values()) a.closeSync();
      await c.run('COMMIT');
    } catch (e) {
      await c.run('ROLLBACK').catch(() => {});
      throw e;
    }
    // After COMMIT, before any writer's promise resolves: a reader that saw the old revision
    // may see the new rows (its tag is older than its data: the next revalidation refetches),
    // never the other way round. Empty batches (the demo's completion marker) store only an id,
    // which no read returns.
    for (const site of new Set(which.filter((i) => batches[i].rows.length > 0).map((i) => batches[i].site))) {
      this.commits.set(site, (this.commits.get(site) ?? 0) + 1);
    }
  }

  /** `epoch-retentions-commits`, all in memory: no query at all. */
  async revision(site: string): Promise<string> {
    if (this.closed) throw new StoreError('store is closed');
    return `${this.epoch}-${this.retentions.toString(36)}-${(this.commits.get(site) ?? 0).toString(36)}`;
  }

  private async read<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) throw new StoreError('store is closed');
    const c = await this.instance.connect();
    try {
      await c.run('BEGIN TRANSACTION');
      try {
        return await fn(c);
      } finally {
        await c.run('ROLLBACK').catch(() => {});
      }
    } finally {
      c.closeSync();
    }
  }

  points(q: PointsQuery): Promise<Points> {
    return this.read((c) => queryPoints(c, q));
  }

  scrollSamples(q: ScrollSamplesQuery): Promise<ScrollSamples> {
    return this.read((c) => queryScrollSamples(c, q));
  }

  scrollCurve(q: ScrollCurveQuery): Promise<ScrollCurve> {
    return this.read((c) => queryScrollCurve(c, q));
  }

  moves(q: MovesQuery): Promise<MoveSamples> {
    return this.read((c) => queryMoves(c, q));
  }

  elements(q: ElementsQuery): Promise<ElementRanking> {
    return this.read((c) => queryElements(c, q));
  }

  pages(q: Filters): Promise<PageStat[]> {
    return this.read((c) => queryPages(c, q));
  }

  deleteBefore(before: number): Promise<number> {
    return this.withWriter(async () => {
      const c = this.writer;
      let deleted = 0;
      await c.run('BEGIN TRANSACTION');
      try {
        for (const t of EVENT_TABLES) deleted += (await c.run(`DELETE FROM ${t} WHERE ts < $before`, { before: Math.floor(before) })).rowsChanged;
        await c.run('DELETE FROM batches WHERE received < $before', { before: Math.floor(before) });
        await c.run('COMMIT');
      } catch (e) {
        await c.run('ROLLBACK').catch(() => {});
        throw new StoreError(`retention failed: ${message(e)}`);
      }
      // Every site may have lost rows; a sweep that deleted no event changed no read (expired
      // batch ids are not read by any route), so the hourly sweep costs idle dashboards nothing.
      if (deleted > 0) this.retentions++;
      return deleted;
    });
  }

  async hasBatch(site: string, batch: string): Promise<boolean> {
    return this.read(async (c) => (await c.runAndReadAll('SELECT 1 FROM batches WHERE key = $k', { k: `${site}/${batch}` })).getRows().length > 0);
  }

  async counts(site?: string): Promise<Record<'views' | 'clicks' | 'moves' | 'scrolls' | 'batches', number>> {
    return this.read(async (c) => {
      const out = { views: 0, clicks: 0, moves: 0, scrolls: 0, batches: 0 };
      for (const t of [...EVENT_TABLES, 'batches'] as const) {
        const where = site === undefined ? '' : 'WHERE site = $site';
        const r = await c.runAndReadAll(`SELECT count(*)::DOUBLE FROM ${t} ${where}`, site === undefined ? undefined : { site });
        out[t] = r.getRows()[0][0] as number;
      }
      return out;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Let queued batches finish: they may already be promised to clients.
    while (this.writing || this.queue.length) await new Promise((r) => setTimeout(r, 5));
    await this.writerLock;
    this.closed = true;
    this.writer.closeSync();
    this.instance.closeSync();
  }
}
