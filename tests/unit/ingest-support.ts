// Shared by the ingest tests: a real DuckDB file in a temp dir behind a real HTTP server on
// 127.0.0.1 (port 0), and batches built as the tracker sends them (docs/batch-format.md).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBStore } from '../../ingest/duckdb-store.js';
import { createHandler, type IngestOptions } from '../../ingest/handler.js';
import { startServer, type RunningServer } from '../../ingest/server.js';
import type { Store } from '../../ingest/store.js';

export interface Harness<S extends Store = DuckDBStore> {
  dir: string;
  store: S;
  server: RunningServer;
  url: string;
  close(): Promise<void>;
}

export async function startHarness(options: Omit<IngestOptions, 'store'> = {}): Promise<Harness> {
  return startHarnessWith((dir) => DuckDBStore.open(dir), options);
}

/** The same harness over any store (`open` gets a fresh temp dir it may use or ignore). */
export async function startHarnessWith<S extends Store>(open: (dir: string) => Promise<S>, options: Omit<IngestOptions, 'store'> = {}): Promise<Harness<S>> {
  const dir = mkdtempSync(join(tmpdir(), 'heatlens-ingest-'));
  const store = await open(dir);
  const handler = createHandler({ rateLimit: false, log: () => {}, ...options, store });
  const server = await startServer(handler, 0, '127.0.0.1');
  return {
    dir,
    store,
    server,
    url: server.url,
    async close() {
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let serial = 0;
/** A batch id unique within the test run. */
export function nextId(prefix = 'b'): string {
  serial++;
  return `${prefix}_${process.pid}_${serial.toString().padStart(6, '0')}`;
}

export const NOW = 1_764_028_800_000;

export function click(x: number, y: number, extra: Record<string, unknown> = {}) {
  return {
    t: 'click',
    ts: NOW - 1000,
    path: '/pricing',
    x,
    y,
    vw: 1280,
    vh: 800,
    dw: 1280,
    dh: 4000,
    sel: 'main > section#plans > a[data-heatlens-id="buy-pro"]',
    fx: 0.42,
    fy: 0.5,
    ia: true,
    rage: false,
    ...extra,
  };
}

export function move(x: number, y: number, extra: Record<string, unknown> = {}) {
  return { t: 'move', ts: NOW - 900, path: '/pricing', x, y, vw: 1280, dh: 4000, ...extra };
}

export function scroll(y: number, extra: Record<string, unknown> = {}) {
  return { t: 'scroll', ts: NOW - 800, path: '/pricing', y, vh: 800, dh: 4000, vw: 1280, ...extra };
}

export function view(extra: Record<string, unknown> = {}) {
  return { t: 'view', ts: NOW - 2000, path: '/pricing', vw: 1280, vh: 800, dw: 1280, dh: 4000, ref: '/', ...extra };
}

export function batch(events: unknown[], extra: Record<string, unknown> = {}) {
  return {
    v: 1,
    site: 'docs-site',
    batch: nextId(),
    session: 's_7c2aaaaa',
    device: 'desktop',
    sent: NOW,
    events,
    ...extra,
  };
}

export interface PostOptions {
  gzip?: boolean;
  headers?: Record<string, string>;
  raw?: Uint8Array | string;
}

export async function post(url: string, body: unknown, opts: PostOptions = {}): Promise<{ status: number; json: any; headers: Headers }> {
  let payload: Uint8Array | string = opts.raw ?? JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json', ...opts.headers };
  if (opts.gzip) {
    payload = gzipSync(payload);
    headers['content-encoding'] = 'gzip';
  }
  const res = await fetch(`${url}/v1/batch`, { method: 'POST', headers, body: payload as BodyInit });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = { unparsed: text };
  }
  return { status: res.status, json, headers: res.headers };
}

export async function getJSON(url: string): Promise<{ status: number; json: any; headers: Headers }> {
  const res = await fetch(url);
  return { status: res.status, json: await res.json(), headers: res.headers };
}

export async function getBytes(url: string): Promise<{ status: number; bytes: Uint8Array; headers: Headers }> {
  const res = await fetch(url);
  return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()), headers: res.headers };
}
