/**
 * The embedded store's schema and the SQL text of its segment filters. One table per kind,
 * each keyed by site, page path, session, time (ms since the epoch, server clock) and device
 * class; CHECK constraints repeat the format's ranges so nothing out of range is stored even
 * if a caller skipped validation.
 */
import { listValue, type DuckDBValue } from '@duckdb/node-api';
import { globToRegExpSource, isGlob } from './glob.js';
import type { Filters } from './store.js';

export const SCHEMA_VERSION = '1';

const KEY = `
  site    VARCHAR NOT NULL,
  path    VARCHAR NOT NULL,
  session VARCHAR NOT NULL,
  ts      BIGINT  NOT NULL,
  device  VARCHAR NOT NULL CHECK (device IN ('desktop', 'tablet', 'mobile'))`;
const coord = (c: string, nullable = false) =>
  `${c} DOUBLE${nullable ? '' : ' NOT NULL'} CHECK (${c} >= 0 AND ${c} <= 1000000)`;
const size = (c: string) => `${c} INTEGER CHECK (${c} >= 1 AND ${c} <= 1000000)`;
const fraction = (c: string) => `${c} DOUBLE CHECK (${c} >= 0 AND ${c} <= 1)`;

export const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)`,
  // key = site || '/' || batch: neither may contain '/', and one column keeps the index simple.
  `CREATE TABLE IF NOT EXISTS batches (
    key VARCHAR PRIMARY KEY, site VARCHAR NOT NULL, batch VARCHAR NOT NULL,
    received BIGINT NOT NULL, events INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS views (${KEY},
    ${size('vw')}, ${size('vh')}, ${size('dw')}, ${size('dh')}, ref VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS clicks (${KEY},
    ${coord('x')}, ${coord('y')}, ${size('vw')}, ${size('vh')}, ${size('dw')}, ${size('dh')},
    sel VARCHAR, ${fraction('fx')}, ${fraction('fy')}, ia BOOLEAN, rage BOOLEAN)`,
  `CREATE TABLE IF NOT EXISTS moves (${KEY}, ${coord('x')}, ${coord('y')}, ${size('vw')}, ${size('dh')})`,
  `CREATE TABLE IF NOT EXISTS scrolls (${KEY}, ${coord('y')}, ${size('vh')}, ${size('dh')}, ${size('vw')})`,
  `INSERT INTO meta VALUES ('schema', '${SCHEMA_VERSION}') ON CONFLICT DO NOTHING`,
];

export const EVENT_TABLES = ['views', 'clicks', 'moves', 'scrolls'] as const;
export type EventTable = (typeof EVENT_TABLES)[number];

export interface Where {
  sql: string;
  params: Record<string, DuckDBValue>;
}

/** `WHERE …` for the filters; parameter names get `prefix` so two filters can share a query. */
export function whereClause(f: Filters, prefix = 'f', extra: string[] = []): Where {
  const params: Record<string, DuckDBValue> = {};
  const p = (name: string, value: DuckDBValue) => {
    params[`${prefix}_${name}`] = value;
    return `$${prefix}_${name}`;
  };
  const conds = [`site = ${p('site', f.site)}`];
  if (f.path !== undefined) {
    conds.push(isGlob(f.path) ? `regexp_full_match(path, ${p('path', globToRegExpSource(f.path))})` : `path = ${p('path', f.path)}`);
  }
  if (f.devices?.length) conds.push(`list_contains(${p('devices', listValue(f.devices))}, device)`);
  if (f.from !== undefined) conds.push(`ts >= ${p('from', Math.ceil(f.from))}`);
  if (f.to !== undefined) conds.push(`ts < ${p('to', Math.ceil(f.to))}`);
  if (f.vwmin !== undefined) conds.push(`vw >= ${p('vwmin', f.vwmin)}`);
  if (f.vwmax !== undefined) conds.push(`vw <= ${p('vwmax', f.vwmax)}`);
  conds.push(...extra);
  return { sql: `WHERE ${conds.join(' AND ')}`, params };
}
