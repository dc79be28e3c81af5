/**
 * The ClickHouse store: the same interface and answers as the embedded DuckDB store, for data
 * that outgrows one machine. Ingest nodes hold no state that matters (a cache of recent batch
 * ids), so any number of them can run behind a load balancer against one cluster.
 *
 * Writes: batches are grouped (like the embedded store's group commit) into one synchronous
 * INSERT — with `insert_distributed_sync = 1` a Distributed insert returns only after every
 * shard has written its part, so a batch is on the shards' disks before its 200. Each batch
 * carries a marker row in the same INSERT, same day partition, same shard: a batch is stored
 * whole or not at all. Dedup: a batch id already marked answers `duplicate` without writing;
 * two nodes storing the same id at the same moment both write, and the reads keep only the
 * earliest marker's rows (`notLoser` in clickhouse-sql.ts), the loser answering `duplicate`.
 */
import { randomBytes } from 'node:crypto';
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { StoreError } from './errors.js';
import { queryMoves, queryPoints, queryScrollCurve, queryScrollSamples, jsonRows, type Reader } from './clickhouse-queries.js';
import { queryElements, queryPages } from './clickhouse-summaries.js';
import { bucketOf, notLoser, parseStoreUrl, revisionQuery, schemaFor, str, type ClickHouseTarget } from './clickhouse-sql.js';
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

const DAY = 86_400_000;
/** Rows per INSERT: big inserts are what MergeTree wants; small enough to answer promptly. */
const GROUP_ROWS = 50_000;
const RECENT_IDS = 100_000;
/** Settings every request may carry; all exist in 18.16. */
const WRITE_SETTINGS = { insert_distributed_sync: 1 } as const;

interface Pending {
  batch: WriteBatch;
  key: string;
  resolve(r: WriteResult): void;
  reject(e: Error): void;
}

function message(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

function client(url: string, database?: string): ClickHouseClient {
  // The client logs failed requests itself; the store reports them as StoreErrors instead.
  return createClient({ url, database, request_timeout: 60_000, log: { level: ClickHouseLogLevel.OFF }, compression: { request: false, response: false } });
}

/** A random 64-bit attempt id as a decimal string (JSON numbers cannot hold 64 bits). */
function attemptId(): string {
  return randomBytes(8).readBigUInt64BE().toString();
}

function toRecord(r: EventRow, attempt: string, day: string, bucket: number): Record<string, unknown> {
  const bool = (v: boolean | undefined) => (v === undefined ? null : v ? 1 : 0);
  return {
    site: r.site,
    path: r.path,
    kind: r.t,
    ts: r.ts,
    session: r.session,
    device: r.device,
    day,
    bucket,
    batch: '',
    attempt,
    received: 0,
    events: 0,
    x: r.x ?? 0,
    y: r.y ?? 0,
    vw: r.vw ?? null,
    vh: r.vh ?? null,
    dw: r.dw ?? null,
    dh: r.dh ?? null,
    sel: r.sel ?? null,
    fx: r.fx ?? null,
    fy: r.fy ?? null,
    ia: bool(r.ia),
    rage: bool(r.rage),
    ref: r.ref ?? null,
  };
}

export class ClickHouseStore implements Store {
  private queue: Pending[] = [];
  private readonly recent = new Set<string>();
  private readonly inflight = new Map<string, Promise<WriteResult>>();
  private writing = false;
  private closed = false;
  private readonly reader: Reader;

  private constructor(
    private readonly ch: ClickHouseClient,
    private readonly target: ClickHouseTarget,
    /** Shown by `heatlens serve` where the embedded store shows its file. */
    readonly file: string,
  ) {
    this.reader = { client: ch, db: target.database, table: target.cluster ? 'events' : 'events_local' };
  }

  /** Connects, creating the database and tables on every shard if needed. */
  static async open(storeUrl: string | ClickHouseTarget): Promise<ClickHouseStore> {
    let target: ClickHouseTarget;
    try {
      target = typeof storeUrl === 'string' ? parseStoreUrl(storeUrl) : storeUrl;
    } catch (e) {
      throw new StoreError(`bad store URL: ${message(e)}`);
    }
    const shown = `clickhouse ${target.url.replace(/\/\/[^@/]*@/, '//')}/${target.database}${target.cluster ? ` (cluster ${target.cluster})` : ''}`;
    for (const shard of target.shards) {
      const c = client(shard);
      try {
        for (const sql of schemaFor(target.database, target.cluster)) await c.command({ query: sql });
      } catch (e) {
        throw new StoreError(`cannot set up ${shard.replace(/\/\/[^@/]*@/, '//')}: ${message(e)}`);
      } finally {
        await c.close();
      }
    }
    return new ClickHouseStore(client(target.url, target.database), target, shown);
  }

  private get table(): string {
    return `${this.target.database}.${this.reader.table}`;
  }

  write(batch: WriteBatch): Promise<WriteResult> {
    if (this.closed) return Promise.reject(new StoreError('store is closed'));
    const key = `${batch.site}/${batch.batch}`;
    if (this.recent.has(key)) return Promise.resolve({ accepted: 0, duplicate: true });
    // A second post of an id while the first is being stored waits for it, then is a duplicate.
    const running = this.inflight.get(key);
    if (running) return running.then(() => ({ accepted: 0, duplicate: true }), () => this.write(batch));
    const p = new Promise<WriteResult>((resolve, reject) => {
      this.queue.push({ batch, key, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        void this.drain();
      }
    });
    this.inflight.set(key, p);
    const done = () => this.inflight.delete(key);
    p.then(done, done);
    return p;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const group = takeGroup(this.queue, GROUP_ROWS);
        try {
          const results = await this.insertGroup(group);
          group.forEach((p, i) => p.resolve(results[i]));
        } catch (e) {
          const err = new StoreError(`cannot store batch: ${message(e)}`);
          for (const p of group) p.reject(err);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  /** Batch ids among `keys` that have markers, with each one's winning attempt. */
  private async winners(keys: string[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const sites = [...new Set(keys.map((k) => k.slice(0, k.indexOf('/'))))];
    const rows = await jsonRows<{ k: string; w: string }>(
      this.reader,
      `SELECT concat(site, '/', batch) AS k, toString(argMin(attempt, (received, attempt))) AS w FROM ${this.table}
       WHERE site IN (${sites.map(str).join(', ')}) AND path = '' AND kind = 'batch' AND k IN (${keys.map(str).join(', ')})
       GROUP BY k`,
    );
    return new Map(rows.map((r) => [r.k, r.w]));
  }

  /** Batch ids of `site` that begin with `prefix` and have a marker (`heatlens migrate` uses them for its chunks). */
  async markers(site: string, prefix: string): Promise<Set<string>> {
    return this.read(async () => {
      const rows = await jsonRows<{ b: string }>(
        this.reader,
        `SELECT DISTINCT batch AS b FROM ${this.table}
         WHERE site = ${str(site)} AND path = '' AND kind = 'batch' AND substring(batch, 1, ${prefix.length}) = ${str(prefix)}`,
      );
      return new Set(rows.map((r) => r.b));
    });
  }

  private async insertGroup(group: Pending[]): Promise<WriteResult[]> {
    const seen = await this.winners([...new Set(group.map((p) => p.key))]);
    const attempts = new Map<string, string>();
    const values: Record<string, unknown>[] = [];
    for (const { batch: b, key } of group) {
      if (seen.has(key) || attempts.has(key)) continue;
      const attempt = attemptId();
      attempts.set(key, attempt);
      // The day of receipt is the partition: a batch never straddles two parts.
      const day = new Date(Math.floor(b.received / DAY) * DAY).toISOString().slice(0, 10);
      const bucket = bucketOf(key);
      for (const r of b.rows) values.push(toRecord(r, attempt, day, bucket));
      values.push({
        site: b.site, path: '', kind: 'batch', ts: Math.floor(b.received), session: '', device: 'desktop', day, bucket,
        batch: b.batch, attempt, received: Math.floor(b.received), events: b.rows.length, x: 0, y: 0,
      });
    }
    if (values.length) {
      await this.ch.insert({ table: this.table, values, format: 'JSONEachRow', clickhouse_settings: { ...WRITE_SETTINGS, input_format_skip_unknown_fields: 0 } });
    }
    // Another node may have stored one of these ids at the same moment: the earliest wins.
    const after = attempts.size ? await this.winners([...attempts.keys()]) : new Map<string, string>();
    return group.map(({ batch: b, key }) => {
      const mine = attempts.get(key);
      if (mine === undefined || after.get(key) !== mine) {
        this.remember(key);
        return { accepted: 0, duplicate: true };
      }
      attempts.delete(key); // a repeat of the key later in this group is a duplicate
      this.remember(key);
      return { accepted: b.rows.length, duplicate: false };
    });
  }

  private remember(key: string): void {
    this.recent.add(key);
    if (this.recent.size > RECENT_IDS) {
      const oldest = this.recent.values().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
  }

  private async read<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) throw new StoreError('store is closed');
    try {
      return await fn();
    } catch (e) {
      if (e instanceof Error && e.name === 'QueryError') throw e;
      throw new StoreError(`query failed: ${message(e)}`);
    }
  }

  points(q: PointsQuery): Promise<Points> {
    return this.read(() => queryPoints(this.reader, q));
  }

  scrollSamples(q: ScrollSamplesQuery): Promise<ScrollSamples> {
    return this.read(() => queryScrollSamples(this.reader, q));
  }

  scrollCurve(q: ScrollCurveQuery): Promise<ScrollCurve> {
    return this.read(() => queryScrollCurve(this.reader, q));
  }

  moves(q: MovesQuery): Promise<MoveSamples> {
    return this.read(() => queryMoves(this.reader, q));
  }

  elements(q: ElementsQuery): Promise<ElementRanking> {
    return this.read(() => queryElements(this.reader, q));
  }

  pages(q: Filters): Promise<PageStat[]> {
    return this.read(() => queryPages(this.reader, q));
  }

  /**
   * Retention without TTL (18.16 has none): drops, on every shard, the day partitions (day of
   * receipt) that end at or before `before`. A partly expired day waits for the next sweep.
   */
  async deleteBefore(before: number): Promise<number> {
    const lastDay = new Date(Math.floor(before / DAY) * DAY).toISOString().slice(0, 10);
    const db = this.target.database;
    let deleted = 0;
    for (const shard of this.target.shards) {
      const c = client(shard);
      try {
        const rows = await (
          await c.query({
            query: `SELECT toFloat64(count()) AS n FROM ${db}.events_local WHERE day < toDate(${str(lastDay)}) AND kind != 'batch'`,
            format: 'JSONEachRow',
          })
        ).json<{ n: number }>();
        const parts = await (
          await c.query({
            query: `SELECT DISTINCT partition_id AS id FROM system.parts
                    WHERE database = ${str(db)} AND table = 'events_local' AND active AND partition < ${str(lastDay)}`,
            format: 'JSONEachRow',
          })
        ).json<{ id: string }>();
        for (const p of parts) {
          await c.command({ query: `ALTER TABLE ${db}.events_local DROP PARTITION ID ${str(p.id)}` });
        }
        deleted += rows[0]?.n ?? 0;
      } catch (e) {
        throw new StoreError(`retention failed on ${shard.replace(/\/\/[^@/]*@/, '//')}: ${message(e)}`);
      } finally {
        await c.close();
      }
    }
    // Forget the dropped ids here too, so a very late retry is stored again (as the embedded store does).
    this.recent.clear();
    return deleted;
  }

  /** Read through the table every read uses, so it counts every shard's markers (clickhouse-sql.ts). */
  revision(site: string): Promise<string> {
    return this.read(async () => {
      const [r] = await jsonRows<{ n: string; last: string; attempts: string }>(this.reader, revisionQuery(this.table, site));
      return `${r.n}-${r.last}-${r.attempts}`;
    });
  }

  hasBatch(site: string, batch: string): Promise<boolean> {
    return this.read(async () => (await this.winners([`${site}/${batch}`])).size > 0);
  }

  async counts(site?: string): Promise<Record<'views' | 'clicks' | 'moves' | 'scrolls' | 'batches', number>> {
    return this.read(async () => {
      const out = { views: 0, clicks: 0, moves: 0, scrolls: 0, batches: 0 };
      const name = { view: 'views', click: 'clicks', move: 'moves', scroll: 'scrolls', batch: 'batches' } as const;
      const sites = site === undefined ? (await jsonRows<{ s: string }>(this.reader, `SELECT DISTINCT site AS s FROM ${this.table}`)).map((r) => r.s) : [site];
      for (const s of sites) {
        const rows = await jsonRows<{ kind: keyof typeof name; n: number }>(
          this.reader,
          // Batch ids beginning with '~' are `heatlens migrate`'s chunks, not batches anyone sent.
          `SELECT kind, toFloat64(if(kind = 'batch', uniqExactIf(batch, substring(batch, 1, 1) != '~'), count())) AS n FROM ${this.table}
           WHERE site = ${str(s)} AND ${notLoser(this.target.database, s)} GROUP BY kind`,
        );
        for (const r of rows) out[name[r.kind]] += r.n;
      }
      return out;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    while (this.writing || this.queue.length) await new Promise((r) => setTimeout(r, 5));
    this.closed = true;
    await this.ch.close();
  }
}
