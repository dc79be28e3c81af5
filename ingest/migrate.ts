/**
 * `heatlens migrate`: every event and batch id of an embedded store (DIR/heatlens.duckdb, opened
 * read-only) copied into a ClickHouse store, chunk by chunk.
 *
 * A chunk is the rows of one table, one site and one hour of `ts` (split further, in a fixed
 * order, when an hour holds more than `chunkRows`). Each chunk is written through the
 * ClickHouse store as one batch with a derived id (`~clicks.493512` — `~` never begins a
 * tracker's id), so its rows and its marker land in one INSERT, one part: a chunk is copied
 * whole or not at all, and a re-run skips every chunk whose marker is there. At most two
 * chunks are held at once (one being read, one being written), so memory stays bounded
 * whatever the store's size. The store's own batch ids follow as markers without rows, so a
 * tracker retrying a batch stored before the move is still answered `duplicate`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { ClickHouseStore } from './clickhouse-store.js';
import { DB_FILE } from './duckdb-store.js';
import { EVENT_TABLES, type EventTable } from './duckdb-sql.js';
import { StoreError } from './errors.js';
import type { EventRow, Kind } from './schema.js';

const HOUR = 3_600_000;
/** Batch ids of the embedded store sent per round: their markers go in one INSERT, and the
 * store looks them up in one query, which stays under ClickHouse's max_query_size (256 KiB). */
const ID_PAGE = 1000;
/** Prefix of the chunk ids: outside the tracker's id alphabet, so never a real batch. */
export const CHUNK_PREFIX = '~';

const KIND_OF: Record<EventTable, Kind> = { views: 'view', clicks: 'click', moves: 'move', scrolls: 'scroll' };
/** The kind's own columns in each table (besides site, path, session, ts, device). */
const FIELDS: Record<EventTable, (keyof EventRow)[]> = {
  views: ['vw', 'vh', 'dw', 'dh', 'ref'],
  clicks: ['x', 'y', 'vw', 'vh', 'dw', 'dh', 'sel', 'fx', 'fy', 'ia', 'rage'],
  moves: ['x', 'y', 'vw', 'dh'],
  scrolls: ['y', 'vh', 'dh', 'vw'],
};

export interface MigrateProgress {
  /** Events handled so far (copied or found already copied). */
  done: number;
  total: number;
}

export interface MigrateResult {
  /** Events copied by this run, per kind. */
  copied: Record<Kind, number>;
  /** Events found already copied (their chunk's marker was there): a re-run. */
  skipped: number;
  chunks: number;
  skippedChunks: number;
  /** Batch ids written as markers, and those already there. */
  batches: number;
  skippedBatches: number;
  total: number;
}

export interface MigrateOptions {
  /** Most rows per chunk (one INSERT); default 50,000. */
  chunkRows?: number;
  onProgress?(p: MigrateProgress): void;
}

function message(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

/** Opens DIR/heatlens.duckdb read-only; StoreError with one line if missing or locked. */
async function openSource(dir: string): Promise<{ instance: DuckDBInstance; c: DuckDBConnection; file: string }> {
  const file = join(dir, DB_FILE);
  if (!existsSync(file)) throw new StoreError(`no embedded store at ${file}`);
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  } catch (e) {
    const m = message(e);
    if (/lock/i.test(m)) throw new StoreError(`${file} is in use by another process (stop heatlens serve first)`);
    throw new StoreError(`cannot open ${file}: ${m}`);
  }
  return { instance, c: await instance.connect(), file };
}

async function rows<T>(c: DuckDBConnection, sql: string, params?: Record<string, string | number>): Promise<T[]> {
  return (await c.runAndReadAll(sql, params)).getRowObjects() as T[];
}

function toEventRow(table: EventTable, r: Record<string, unknown>): EventRow {
  const row: EventRow = {
    t: KIND_OF[table],
    site: r.site as string,
    path: r.path as string,
    session: r.session as string,
    device: r.device as EventRow['device'],
    ts: r.ts as number,
  };
  for (const f of FIELDS[table]) {
    const v = r[f];
    if (v !== null && v !== undefined) (row as unknown as Record<string, unknown>)[f] = v;
  }
  return row;
}

interface Chunk {
  table: EventTable;
  site: string;
  hour: number;
  part: number;
  parts: number;
  rows: number;
  id: string;
}

/** Copies the embedded store under `dir` into the ClickHouse store at `storeUrl`. */
export async function migrate(dir: string, storeUrl: string, opts: MigrateOptions = {}): Promise<MigrateResult> {
  const chunkRows = opts.chunkRows ?? 50_000;
  const source = await openSource(dir);
  let target: ClickHouseStore | undefined;
  try {
    target = await ClickHouseStore.open(storeUrl);
    const c = source.c;
    const result: MigrateResult = {
      copied: { view: 0, click: 0, move: 0, scroll: 0 },
      skipped: 0,
      chunks: 0,
      skippedChunks: 0,
      batches: 0,
      skippedBatches: 0,
      total: 0,
    };
    for (const t of EVENT_TABLES) result.total += (await rows<{ n: number }>(c, `SELECT count(*)::DOUBLE AS n FROM ${t}`))[0].n;
    let done = 0;
    const progress = () => opts.onProgress?.({ done, total: result.total });
    progress();

    const sites = (await rows<{ site: string }>(c, `SELECT site FROM batches UNION SELECT site FROM views UNION SELECT site FROM clicks
      UNION SELECT site FROM moves UNION SELECT site FROM scrolls ORDER BY site`)).map((r) => r.site);
    for (const site of sites) {
      const copied = await target.markers(site, CHUNK_PREFIX);
      // The plan: every chunk of this site, in a fixed order (hours, then parts of an hour).
      const plan: Chunk[] = [];
      for (const table of EVENT_TABLES) {
        const hours = await rows<{ h: number; n: number }>(
          c,
          `SELECT (ts // ${HOUR})::DOUBLE AS h, count(*)::DOUBLE AS n FROM ${table} WHERE site = $site GROUP BY 1 ORDER BY 1`,
          { site },
        );
        for (const { h, n } of hours) {
          const parts = Math.ceil(n / chunkRows);
          for (let part = 0; part < parts; part++) {
            const id = `${CHUNK_PREFIX}${table}.${h}${parts > 1 ? `.${part + 1}of${parts}` : ''}`;
            plan.push({ table, site, hour: h, part, parts, rows: part < parts - 1 ? chunkRows : n - part * chunkRows, id });
          }
        }
      }
      // Read the next chunk while the previous one is being written.
      let writing: Promise<void> = Promise.resolve();
      for (const ch of plan) {
        if (copied.has(ch.id)) {
          result.skippedChunks++;
          result.skipped += ch.rows;
          done += ch.rows;
          progress();
          continue;
        }
        const cols = ['site', 'path', 'session', 'ts::DOUBLE AS ts', 'device', ...FIELDS[ch.table]].join(', ');
        // The full column list orders rows identically on every run, so the parts of a busy hour are stable.
        const order = ['ts', 'path', 'session', 'device', ...FIELDS[ch.table]].join(', ');
        const page =
          ch.parts > 1 ? ` ORDER BY ${order} LIMIT ${chunkRows} OFFSET ${ch.part * chunkRows}` : '';
        const data = (
          await rows<Record<string, unknown>>(
            c,
            `SELECT ${cols} FROM ${ch.table} WHERE site = $site AND ts >= $from AND ts < $to${page}`,
            { site, from: ch.hour * HOUR, to: (ch.hour + 1) * HOUR },
          )
        ).map((r) => toEventRow(ch.table, r));
        await writing;
        const store = target;
        writing = (async () => {
          const r = await store.write({ site, batch: ch.id, received: ch.hour * HOUR, rows: data });
          if (r.duplicate) {
            result.skippedChunks++;
            result.skipped += data.length;
          } else {
            result.chunks++;
            result.copied[KIND_OF[ch.table]] += data.length;
          }
          done += data.length;
          progress();
        })();
        writing.catch(() => {}); // awaited below; keeps an early failure from being unhandled
      }
      await writing;
    }

    // The batch ids, page by page in key order: markers without rows, deduplicated by the store.
    let last = '';
    for (;;) {
      const page = await rows<{ key: string; site: string; batch: string; received: number }>(
        c,
        `SELECT key, site, batch, received::DOUBLE AS received FROM batches WHERE key > $last ORDER BY key LIMIT ${ID_PAGE}`,
        { last },
      );
      if (page.length === 0) break;
      last = page[page.length - 1].key;
      const store = target;
      const results = await Promise.all(page.map((b) => store.write({ site: b.site, batch: b.batch, received: b.received, rows: [] })));
      for (const r of results) {
        if (r.duplicate) result.skippedBatches++;
        else result.batches++;
      }
    }
    return result;
  } finally {
    await target?.close().catch(() => {});
    source.c.closeSync();
    source.instance.closeSync();
  }
}
