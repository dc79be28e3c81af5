/**
 * The ClickHouse store's schema, its store URL and the SQL text of its segment filters.
 *
 * Written for ClickHouse 18.16 (Debian 12's package) and later: no DateTime64 (times are Int64
 * ms), no TTL clause (retention drops whole day partitions), no query parameters over HTTP
 * (`{name:Type}` arrived in 19.x) — so every value is inlined through `str`/`num` below, which
 * escape or refuse anything that is not a plain string or a finite number.
 *
 * One wide table holds every kind (`kind` column) plus one marker row per stored batch
 * (`kind = 'batch'`, `path = ''`): a batch and its marker go in the same INSERT, into one day
 * partition (the day of receipt) on one shard (sharded by a hash of site/batch), so ClickHouse
 * writes them as one part — all or nothing.
 */
import { globToRegExpSource, isGlob } from './glob.js';
import type { Filters } from './store.js';

/**
 * A string literal: backslash and quote escaped, NUL written as `\0` — batches may store a NUL
 * in a path or selector (JSON allows it), and a filter naming one must reach ClickHouse intact.
 */
export function str(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\u0000/g, '\\0')}'`;
}

/** A numeric literal; refuses NaN and ±Infinity. */
export function num(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  return String(n);
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export interface ClickHouseTarget {
  /** HTTP URL the store talks to (reads and inserts go through it). */
  url: string;
  database: string;
  /** Cluster name from the servers' `remote_servers`: the store writes to a Distributed table over it. */
  cluster?: string;
  /** HTTP URL of every shard (DDL and retention run on each); default: `url` alone. */
  shards: string[];
}

/**
 * `clickhouse://HOST:PORT/DB[?cluster=NAME&shards=HOST:PORT,HOST:PORT]` (PORT is the HTTP
 * port, default 8123; DB defaults to `heatlens`); `user`/`password` in the authority are passed on.
 */
export function parseStoreUrl(text: string): ClickHouseTarget {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new Error(`not a URL: "${text}"`);
  }
  if (u.protocol !== 'clickhouse:') throw new Error(`the store URL must start with clickhouse://, got "${text}"`);
  if (!u.hostname) throw new Error(`the store URL has no host: "${text}"`);
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'heatlens';
  if (!IDENT.test(database)) throw new Error(`database name must be letters, digits and _, got "${database}"`);
  const auth = u.username ? `${u.username}${u.password ? `:${u.password}` : ''}@` : '';
  const http = (hostPort: string) => `http://${auth}${hostPort.includes(':') ? hostPort : `${hostPort}:8123`}`;
  const url = http(`${u.hostname}:${u.port || '8123'}`);
  const cluster = u.searchParams.get('cluster') ?? undefined;
  if (cluster !== undefined && !IDENT.test(cluster)) throw new Error(`cluster name must be letters, digits and _, got "${cluster}"`);
  const shardList = u.searchParams.get('shards');
  const shards = shardList ? shardList.split(',').filter(Boolean).map(http) : [url];
  for (const key of u.searchParams.keys()) {
    if (key !== 'cluster' && key !== 'shards') throw new Error(`unknown store URL parameter "${key}" (cluster, shards)`);
  }
  return { url, database, cluster, shards };
}

export const KIND_ENUM = `Enum8('batch' = 0, 'view' = 1, 'click' = 2, 'move' = 3, 'scroll' = 4)`;
const DEVICE_ENUM = `Enum8('desktop' = 1, 'tablet' = 2, 'mobile' = 3)`;

/** Columns, in the order rows are written (clickhouse-store.ts). */
export const COLUMNS = `
  site     String,
  path     String,
  kind     ${KIND_ENUM},
  ts       Int64,
  session  String,
  device   ${DEVICE_ENUM},
  day      Date,
  bucket   UInt32,
  batch    String,
  attempt  UInt64,
  received Int64,
  events   UInt32,
  x        Float64,
  y        Float64,
  vw       Nullable(UInt32),
  vh       Nullable(UInt32),
  dw       Nullable(UInt32),
  dh       Nullable(UInt32),
  sel      Nullable(String),
  fx       Nullable(Float64),
  fy       Nullable(Float64),
  ia       Nullable(UInt8),
  rage     Nullable(UInt8),
  ref      Nullable(String)`;

/** DDL for one server: the local MergeTree, and the Distributed table over the cluster if any. */
export function schemaFor(db: string, cluster: string | undefined): string[] {
  const ddl = [
    `CREATE DATABASE IF NOT EXISTS ${db}`,
    `CREATE TABLE IF NOT EXISTS ${db}.events_local (${COLUMNS})
     ENGINE = MergeTree PARTITION BY day ORDER BY (site, path, kind, ts)`,
  ];
  if (cluster) {
    ddl.push(`CREATE TABLE IF NOT EXISTS ${db}.events AS ${db}.events_local
      ENGINE = Distributed(${cluster}, ${db}, events_local, bucket)`);
  }
  return ddl;
}

/**
 * Attempts that lost: when two ingest nodes stored the same batch id concurrently, the earliest
 * marker (received, then attempt) wins and the others' rows are left out of every read. All
 * attempts of one batch sit on one shard (same bucket), so each shard answers this from its
 * local table (the subquery names `events_local`, which a Distributed read runs per shard).
 */
export function notLoser(db: string, site: string): string {
  // (18.16's lambdas cannot see other columns, hence ARRAY JOIN rather than arrayFilter.)
  return `attempt NOT IN (
    SELECT a FROM (
      SELECT groupArray(attempt) AS attempts, argMin(attempt, (received, attempt)) AS w
      FROM ${db}.events_local WHERE site = ${str(site)} AND path = '' AND kind = 'batch'
      GROUP BY batch HAVING count() > 1) ARRAY JOIN attempts AS a WHERE a != w)`;
}

/**
 * The site's revision (Store.revision) from its batch markers: how many there are, the latest
 * receipt, and the sum of their random attempt ids (wrapping in UInt64), as one string.
 *
 * Every write of rows inserts a marker in the same INSERT (a batch, a losing attempt of a
 * race, a migrated chunk), so the count grows with each one, whichever ingest node wrote it —
 * which a counter in one node's memory could not see. Retention drops whole day partitions,
 * and a batch's marker lives in the partition of its rows, so a drop that removes any of the
 * site's rows removes markers too and the count falls. The attempt sum covers the one way
 * count and max could come back equal (as many markers dropped as added between two looks,
 * from a node whose clock is behind). Markers sort first within a site in the primary key
 * (site, path = '', kind = 'batch'), so this reads one small range of the index, never events.
 */
export function revisionQuery(table: string, site: string): string {
  return `SELECT toString(count()) AS n, toString(max(received)) AS last, toString(sum(attempt)) AS attempts
    FROM ${table} WHERE site = ${str(site)} AND path = '' AND kind = 'batch'`;
}

/** `WHERE …` for the filters, for kinds `kinds`. */
export function whereClause(db: string, f: Filters, kinds: string[], extra: string[] = []): string {
  const conds = [`site = ${str(f.site)}`, kinds.length === 1 ? `kind = ${str(kinds[0])}` : `kind IN (${kinds.map(str).join(', ')})`];
  if (f.path !== undefined) {
    conds.push(isGlob(f.path) ? `match(path, ${str(`^(?:${globToRegExpSource(f.path)})$`)})` : `path = ${str(f.path)}`);
  }
  if (f.devices?.length) conds.push(`device IN (${f.devices.map(str).join(', ')})`);
  if (f.from !== undefined) conds.push(`ts >= ${num(Math.ceil(f.from))}`);
  if (f.to !== undefined) conds.push(`ts < ${num(Math.ceil(f.to))}`);
  if (f.vwmin !== undefined) conds.push(`vw >= ${num(f.vwmin)}`);
  if (f.vwmax !== undefined) conds.push(`vw <= ${num(f.vwmax)}`);
  conds.push(...extra, notLoser(db, f.site));
  return `WHERE ${conds.join(' AND ')}`;
}

/** FNV-1a of `site/batch`: the sharding key, equal for every attempt of one batch. */
export function bucketOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
