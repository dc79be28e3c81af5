// The real `heatlens serve` in a child process (from dist/, like users run it): every batch
// acknowledged before a SIGKILL is there after a restart on the same data directory, no batch
// is ever half-stored, and the command's flags and failures behave as documented.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBStore } from '../../ingest/duckdb-store.js';
import type { EventRow } from '../../ingest/schema.js';
import { useServeProcesses } from '../support/serve-process.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/heatlens.js');
const dir = mkdtempSync(join(tmpdir(), 'heatlens-serve-'));

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/bin/main.js'))) throw new Error('dist/ is missing: run npm run build first');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
const serve = useServeProcesses(dir);


const EVENTS = 20;
function moveBatch(i: number) {
  return {
    v: 1,
    site: 'durable',
    batch: `durable_${String(i).padStart(4, '0')}`,
    session: `s_dur_${String(i).padStart(4, '0')}`,
    device: 'desktop',
    sent: Date.now(),
    // x names the batch, y the event: every stored point says where it came from.
    events: Array.from({ length: EVENTS }, (_, k) => ({ t: 'move', ts: Date.now(), path: '/', x: i, y: k, vw: 1280, dh: 4000 })),
  };
}

async function postBatch(url: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

describe('kill and restart', () => {
  it('finds every acknowledged event after SIGKILL, and no batch half-stored', async () => {
    const data = join(dir, 'durable');
    const s = await serve(['--data', data, '--rate-limit', 'off']);
    const acked = new Set<number>();
    const TOTAL = 200;
    const KILL_AFTER = 60;
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < TOTAL && !killed) {
        const i = next++;
        try {
          const r = await postBatch(s.url, moveBatch(i));
          if (r.status === 200 && r.json.accepted === EVENTS) {
            acked.add(i);
            // Kill the moment the 60th answer arrives, with other batches still in flight.
            if (acked.size === KILL_AFTER && !killed) {
              killed = true;
              s.child.kill('SIGKILL');
            }
          }
        } catch {
          // Connection reset by the kill: not acknowledged.
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect((await s.exited).signal).toBe('SIGKILL');
    expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER);

    const again = await serve(['--data', data, '--rate-limit', 'off', '--reads', '3,7']);
    expect((await (await fetch(`${again.url}/healthz`)).json()).reads).toEqual({ running: 0, waiting: 0, concurrency: 3, queue: 7 });
    const res = await fetch(`${again.url}/v1/points?site=durable&kind=move&format=json&limit=10000000`);
    const p = await res.json();
    const perBatch = new Map<number, Set<number>>();
    p.x.forEach((x: number, j: number) => {
      const set = perBatch.get(x) ?? new Set<number>();
      set.add(p.y[j]);
      perBatch.set(x, set);
    });
    for (const i of acked) expect(perBatch.get(i)?.size, `acknowledged batch ${i}`).toBe(EVENTS);
    for (const [i, ys] of perBatch) expect(ys.size, `batch ${i} stored whole or not at all`).toBe(EVENTS);
    expect(p.total).toBe(perBatch.size * EVENTS);

    // The batch ids survived too: a retry of an acknowledged batch is a duplicate.
    const first = [...acked][0];
    expect((await postBatch(again.url, moveBatch(first))).json).toEqual({ accepted: 0, duplicate: true });

    again.child.kill('SIGTERM');
    expect(await again.exited).toEqual({ code: 0, signal: null });
  });
});

describe('heatlens serve', () => {
  it('--retention-days deletes older events at start', async () => {
    const data = join(dir, 'retention');
    const store = await DuckDBStore.open(data);
    const now = Date.now();
    const row = (ts: number, x: number): EventRow => ({ t: 'click', site: 'ret', path: '/', session: 's_retention', device: 'desktop', ts, x, y: 0 });
    await store.write({ site: 'ret', batch: 'ret_batch_1', received: now, rows: [row(now - 40 * 86_400_000, 1), row(now - 86_400_000, 2)] });
    await store.close();
    const s = await serve(['--data', data, '--retention-days', '30']);
    const p = await (await fetch(`${s.url}/v1/points?site=ret&format=json`)).json();
    expect(p.x).toEqual([2]);
    expect(s.stderr()).toContain('retention: deleted 1 events older than 30 days');
    s.child.kill('SIGTERM');
    await s.exited;
  });

  it('--demo serves the demo site and seeds it once, with progress on stderr; --sites restricts the rest', async () => {
    const data = join(dir, 'demo');
    const sites = join(dir, 'sites.json');
    writeFileSync(sites, JSON.stringify({ sites: { docs: { origins: ['https://docs.example.com'], key: 'pk_1' } } }));
    const s = await serve(['--data', data, '--demo', '--seed', '300', '--sites', sites]);
    const p = await (await fetch(`${s.url}/v1/points?site=demo&format=json`)).json();
    expect(p.total).toBeGreaterThan(1000);
    const curve = await (await fetch(`${s.url}/v1/scroll?site=demo&unit=pct&bin=10`)).json();
    expect(curve.reach[0]).toBe(1);
    expect(curve.sessions).toBeGreaterThanOrEqual(300); // visits: sessions see one page or more
    const pages = (await (await fetch(`${s.url}/v1/pages?site=demo`)).json()).pages;
    expect(pages[0].path).toBe('/demo/');
    const landing = await fetch(`${s.url}/demo/`);
    expect([landing.status, landing.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(await landing.text()).toContain('data-site="demo"');
    const unknown = await postBatch(s.url, { ...moveBatch(1), site: 'elsewhere' });
    expect([unknown.status, unknown.json.error.code]).toEqual([403, 'unknown_site']);
    s.child.kill('SIGINT');
    expect((await s.exited).code).toBe(0);
    // Not a terminal: a few progress lines, not one per batch.
    const progress = s.stderr().split('\n').filter((l) => l.includes('demo: seeding'));
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.length).toBeLessThanOrEqual(4);
    expect(progress.at(-1)).toMatch(/^heatlens: demo: seeding 100% \(300 of 300 sessions, [\d,]+ events\)$/);
    // Thousands separated like the progress lines, and the same count as the last of them.
    const seeded = /demo: seeded site "demo" with (\d{1,3}(?:,\d{3})+) synthetic events in [\d.]+ s/.exec(s.stderr());
    expect(seeded?.[1]).toBe(/([\d,]+) events\)$/.exec(progress.at(-1)!)?.[1]);

    // Started again on the same data: nothing more is seeded.
    const again = await serve(['--data', data, '--demo', '--seed', '300', '--sites', sites]);
    expect((await (await fetch(`${again.url}/v1/points?site=demo&format=json`)).json()).total).toBe(p.total);
    again.child.kill('SIGTERM');
    await again.exited;
    expect(again.stderr()).not.toContain('seeding');
  });

  it('--seed 0 serves the demo site without seeding; --seed needs --demo; without --demo there is no /demo/', async () => {
    const s = await serve(['--data', join(dir, 'demo-empty'), '--demo', '--seed', '0']);
    expect((await fetch(`${s.url}/demo/pricing`)).status).toBe(200);
    expect((await (await fetch(`${s.url}/v1/pages?site=demo`)).json()).pages).toEqual([]);
    s.child.kill('SIGTERM');
    await s.exited;
    const plain = await serve(['--data', join(dir, 'demo-empty')]);
    expect((await fetch(`${plain.url}/demo/`)).status).toBe(404);
    plain.child.kill('SIGTERM');
    await plain.exited;
    const bad = spawnSync(process.execPath, [BIN, 'serve', '--seed', '5'], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    expect([bad.status, bad.stderr]).toEqual([2, 'heatlens: --seed applies with --demo only\n']);
    const nan = spawnSync(process.execPath, [BIN, 'serve', '--demo', '--seed', 'many'], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    expect(nan.status).toBe(2);
  });

  it('fails with one line: bad flags exit 2; a locked store, a bad sites file or a busy port exit 1', async () => {
    const run = (args: string[]) => spawnSync(process.execPath, [BIN, 'serve', ...args], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    const port = run(['--port', 'http']);
    expect([port.status, port.stderr]).toEqual([2, 'heatlens: --port must be an integer 0–65535, got "http"\n']);
    expect(run(['--retention-days', '-3']).status).toBe(2);
    expect(run(['--rate-limit', 'fast']).status).toBe(2);
    expect(run(['--reads', '0']).stderr).toBe('heatlens: --reads must be "CONCURRENT[,QUEUED]" (whole numbers, CONCURRENT 1–1024, QUEUED 0–100000), got "0"\n');
    expect(run(['--reads', '2,x']).status).toBe(2);
    const sites = run(['--port', '0', '--data', join(dir, 'x'), '--sites', join(dir, 'missing.json')]);
    expect(sites.status).toBe(1);
    expect(sites.stderr).toMatch(/^heatlens: cannot read --sites .*missing\.json: ENOENT\n$/);
    writeFileSync(join(dir, 'bad-sites.json'), JSON.stringify({ sites: { docs: { origins: 'https://x' } } }));
    const badSites = run(['--port', '0', '--data', join(dir, 'x'), '--sites', join(dir, 'bad-sites.json')]);
    expect(badSites.status).toBe(1);
    expect(badSites.stderr).toMatch(/sites\.docs\.origins/);

    const data = join(dir, 'locked');
    const first = await serve(['--data', data]);
    const locked = run(['--port', '0', '--data', data]);
    expect(locked.status).toBe(1);
    expect(locked.stderr).toMatch(/^heatlens: .*heatlens\.duckdb is in use by another process \(is heatlens serve running\?\)\n$/);
    const busy = run(['--port', new URL(first.url).port, '--data', join(dir, 'other')]);
    expect(busy.status).toBe(1);
    expect(busy.stderr).toMatch(/^heatlens: cannot listen on 127\.0\.0\.1:\d+: EADDRINUSE\n$/);
    first.child.kill('SIGTERM');
    await first.exited;
  });
});
