// Importers on small hand-made files with bad records: exact counts of what is stored,
// skipped and ignored; all or nothing on failure; a second import of the same file is a
// no-op; and the `heatlens import` command itself.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBStore } from '../../ingest/duckdb-store.js';
import { StoreError } from '../../ingest/errors.js';
import { importFile, ImportError } from '../../ingest/importers/index.js';
import type { EventRow } from '../../ingest/schema.js';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'heatlens-import-'));
let store: DuckDBStore;

beforeAll(async () => {
  store = await DuckDBStore.open(join(dir, 'data'));
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

async function clicksOf(site: string) {
  const p = await store.points({ site, kind: 'click', limit: 1000 });
  return Array.from(p.x, (x, i) => [x, p.y[i]]);
}

const T = 1_700_000_000_000;

describe('rrweb', () => {
  // document(1) > html(2) > body(3) > main(4) > section#plans(5) > [a.buy(6), a.buy(7)]
  const snapshot = {
    type: 2,
    timestamp: T + 1,
    data: {
      initialOffset: { top: 100, left: 0 },
      node: {
        type: 0,
        id: 1,
        childNodes: [
          {
            type: 2, id: 2, tagName: 'html', attributes: {},
            childNodes: [{
              type: 2, id: 3, tagName: 'body', attributes: {},
              childNodes: [{
                type: 2, id: 4, tagName: 'main', attributes: {},
                childNodes: [{
                  type: 2, id: 5, tagName: 'section', attributes: { id: 'plans' },
                  childNodes: [
                    { type: 2, id: 6, tagName: 'a', attributes: { class: 'buy css-1x2y3' }, childNodes: [] },
                    { type: 3, id: 8, textContent: ' ' },
                    { type: 2, id: 7, tagName: 'a', attributes: { class: 'buy' }, childNodes: [] },
                  ],
                }],
              }],
            }],
          },
        ],
      },
    },
  };
  const events = [
    { type: 4, timestamp: T, data: { href: 'https://example.com/pricing?utm=x#top', width: 1280, height: 800 } },
    snapshot,
    { type: 3, timestamp: T + 100, data: { source: 1, positions: [{ x: 10, y: 20, id: 6, timeOffset: -50 }, { x: 30, y: 40, id: 6, timeOffset: 0 }, { x: 'a', y: 1, id: 6, timeOffset: 0 }] } },
    { type: 3, timestamp: T + 200, data: { source: 2, type: 1, x: 100, y: 50, id: 7 } }, // mousedown: ignored
    { type: 3, timestamp: T + 210, data: { source: 2, type: 2, x: 100, y: 50, id: 7 } }, // click at page y 150
    { type: 3, timestamp: T + 300, data: { source: 3, id: 1, x: 0, y: 500 } }, // page scroll → 500
    { type: 3, timestamp: T + 310, data: { source: 3, id: 5, x: 0, y: 80 } }, // inner scroller: ignored
    { type: 3, timestamp: T + 400, data: { source: 2, type: 2, x: 200, y: 60, id: 6 } }, // click at page y 560
    { type: 3, timestamp: T + 410, data: { source: 2, type: 2, x: null, y: 60, id: 6 } }, // bad: no x
    { type: 3, data: { source: 1, positions: [] } }, // bad: no timestamp
    { type: 3, timestamp: T + 500, data: { source: 1, positions: [{ x: -700, y: 1, id: 6, timeOffset: 0 }] } }, // bad: x < 0
    { type: 3, timestamp: T + 600, data: { source: 0, adds: [{ parentId: 5, nextId: null, node: { type: 2, id: 9, tagName: 'a', attributes: { 'data-heatlens-id': 'new-cta' }, childNodes: [] } }], removes: [], texts: [], attributes: [] } },
    { type: 3, timestamp: T + 700, data: { source: 2, type: 2, x: 5, y: 5, id: 9 } }, // click on the added node: page y 505
  ];

  it('turns clicks, moves, page scrolls and Meta into rows, in page coordinates', async () => {
    const r = await importFile(store, 'rrweb', file('rec.json', JSON.stringify(events)), 'rr-site');
    expect(r.counts).toEqual({ view: 1, click: 3, move: 2, scroll: 1 });
    expect(r.skipped).toBe(4); // position "a", click without x, event without timestamp, x < 0
    expect(r.firstSkipped).toEqual({ record: 'event 3 position 3', reason: 'position without finite x and y' });
    expect(r.ignored).toBe(4); // full snapshot, mousedown, inner scroll, mutation
    expect(await store.counts('rr-site')).toEqual({ views: 1, clicks: 3, moves: 2, scrolls: 1, batches: 1 });
    expect(await clicksOf('rr-site')).toEqual([[100, 150], [200, 560], [5, 505]]);
    const moves = await store.points({ site: 'rr-site', kind: 'move', limit: 100 });
    expect([Array.from(moves.x), Array.from(moves.y)]).toEqual([[10, 30], [120, 140]]);
    // Stored targets are selector paths in the tracker's style (hashed classes left out).
    const sel = (s: string) => store.points({ site: 'rr-site', kind: 'click', limit: 100, selector: (stored) => stored === s });
    expect((await sel('section#plans > a.buy:nth-of-type(2)')).total).toBe(1);
    expect((await sel('section#plans > a.buy:nth-of-type(1)')).total).toBe(1);
    expect((await sel('section#plans > a[data-heatlens-id="new-cta"]:nth-of-type(3)')).total).toBe(1);
    const rows = r.rows as EventRow[];
    expect(rows.every((row) => row.path === '/pricing' && row.device === 'desktop' && row.session.startsWith('rr_'))).toBe(true);
  });

  it('refuses a file that is not a recording, storing nothing', async () => {
    await expect(importFile(store, 'rrweb', file('trunc.json', JSON.stringify(events).slice(0, -20)), 'rr-bad')).rejects.toBeInstanceOf(ImportError);
    await expect(importFile(store, 'rrweb', file('obj.json', '{"foo": 1}'), 'rr-bad')).rejects.toThrow(/not an rrweb recording/);
    expect(await store.counts('rr-bad')).toEqual({ views: 0, clicks: 0, moves: 0, scrolls: 0, batches: 0 });
  });
});

describe('PostHog', () => {
  const rows = [
    // heatmaps table rows: coordinates stored divided by scale_factor 16
    { type: 'click', x: 25, y: 100, scale_factor: 16, viewport_width: 80, viewport_height: 50, pointer_target_fixed: false, current_url: 'https://ex.com/pricing', session_id: '0190a7d8-aaaa-7bbb-8ccc-ddddeeeeffff', timestamp: '2024-07-01 12:00:00.123' },
    { type: 'rageclick', x: 26, y: 101, scale_factor: 16, viewport_width: 80, viewport_height: 50, pointer_target_fixed: false, current_url: 'https://ex.com/pricing', session_id: '0190a7d8-aaaa-7bbb-8ccc-ddddeeeeffff', timestamp: '2024-07-01T12:00:01Z' },
    { type: 'mousemove', x: 10, y: 10, scale_factor: 16, viewport_width: 24, viewport_height: 50, pointer_target_fixed: false, current_url: 'https://ex.com/', session_id: '0190a7d8-aaaa-7bbb-8ccc-000000000000', timestamp: '2024-07-01T12:00:02Z' },
    { type: 'scrolldepth', x: 0, y: 150, scale_factor: 16, viewport_width: 80, viewport_height: 50, pointer_target_fixed: false, current_url: 'https://ex.com/pricing', session_id: '0190a7d8-aaaa-7bbb-8ccc-ddddeeeeffff', timestamp: '2024-07-01T12:00:03Z' },
    { type: 'click', x: 5, y: 5, scale_factor: 16, viewport_width: 80, viewport_height: 50, pointer_target_fixed: true, current_url: 'https://ex.com/pricing', session_id: '0190a7d8-aaaa-7bbb-8ccc-ddddeeeeffff', timestamp: '2024-07-01T12:00:04Z' }, // fixed: skipped
    { type: 'click', x: 'abc', y: 5, scale_factor: 16, viewport_width: 80, viewport_height: 50, pointer_target_fixed: false, current_url: 'https://ex.com/pricing', session_id: '0190a7d8-aaaa-7bbb-8ccc-ddddeeeeffff', timestamp: '2024-07-01T12:00:05Z' }, // bad x
    { type: 'click', x: 1, y: 5, scale_factor: 16, viewport_width: 80, viewport_height: 50, pointer_target_fixed: false, current_url: 'not a url', session_id: '0190a7d8-aaaa-7bbb-8ccc-ddddeeeeffff', timestamp: '2024-07-01T12:00:05Z' }, // bad url
    { type: 'deadclick', x: 1, y: 5, scale_factor: 16, viewport_width: 80, viewport_height: 50, pointer_target_fixed: false, current_url: 'https://ex.com/', session_id: '0190a7d8-aaaa-7bbb-8ccc-ddddeeeeffff', timestamp: '2024-07-01T12:00:05Z' }, // ignored
    // an event carrying $heatmap_data (page px, unscaled)
    {
      event: '$$heatmap',
      timestamp: '2024-07-01T12:00:06Z',
      properties: {
        $viewport_width: 1280,
        $viewport_height: 800,
        $session_id: '0190a7d8-aaaa-7bbb-8ccc-111111111111',
        $heatmap_data: { 'https://ex.com/docs': [{ x: 333, y: 444, target_fixed: false, type: 'click' }, { x: 1, y: -9, target_fixed: false, type: 'click' }] },
      },
    },
    { event: '$pageview', timestamp: '2024-07-01T12:00:07Z', properties: {} }, // ignored
  ];

  it('scales heatmaps rows back to px, reads $heatmap_data events, counts what it skips', async () => {
    const r = await importFile(store, 'posthog', file('ph.json', JSON.stringify(rows)), 'ph-site');
    expect(r.counts).toEqual({ view: 0, click: 3, move: 1, scroll: 1 });
    expect(r.skipped).toBe(4);
    expect(r.reasons).toEqual({
      'is on a fixed-position target (viewport coordinates)': 1,
      'x must be a number': 1,
      'path is required': 1,
      'y must be ≥ 0': 1,
    });
    expect(r.ignored).toBe(2);
    expect(await clicksOf('ph-site')).toEqual([[400, 1600], [416, 1616], [333, 444]]);
    const stored = r.rows as EventRow[];
    expect(stored[0]).toMatchObject({ t: 'click', path: '/pricing', vw: 1280, vh: 800, device: 'desktop', ts: Date.UTC(2024, 6, 1, 12, 0, 0, 123), rage: false });
    expect(stored[1]).toMatchObject({ rage: true });
    expect(stored[2]).toMatchObject({ t: 'move', x: 160, y: 160, vw: 384, device: 'mobile' });
    expect(stored[3]).toMatchObject({ t: 'scroll', y: 2400, vh: 800 });
  });

  it('reads the same rows as CSV', async () => {
    const header = 'type,x,y,scale_factor,viewport_width,viewport_height,pointer_target_fixed,current_url,session_id,timestamp';
    const csv = [header, ...rows.slice(0, 8).map((r) => header.split(',').map((k) => String((r as Record<string, unknown>)[k])).join(','))].join('\n');
    const r = await importFile(store, 'posthog', file('ph.csv', csv), 'ph-csv');
    expect(r.counts).toEqual({ view: 0, click: 2, move: 1, scroll: 1 });
    expect(r.skipped).toBe(3);
    expect(r.ignored).toBe(1);
  });
});

describe('CSV and NDJSON', () => {
  const csv = [
    't,ts,path,session,device,x,y,vw,sel',
    'click,1700000000000,/pricing,s_csv_0001,desktop,10.5,20.25,1280,"main > a[data-x=""1,2""]"',
    'click,2024-07-01T00:00:00Z,/pricing,s_csv_0001,,11,21,400,button',
    'move,1700000000001,/pricing,s_csv_0001,desktop,12,22,1280,',
    'scroll,1700000000002,/pricing,s_csv_0001,desktop,,500,1280,',
    'click,1700000000003,/pricing,s_csv_0001,desktop,abc,1,1280,', // bad x
    'hover,1700000000004,/pricing,s_csv_0001,desktop,1,1,1280,', // bad kind
    'click,1700000000005,/pricing,s_csv_0001,desktop,1,1', // wrong field count
    'click,1700000000006,/pricing,,desktop,1,1,1280,', // no session
    '',
  ].join('\r\n');

  it('imports good rows, quoted fields included, and counts the bad ones', async () => {
    const r = await importFile(store, 'csv', file('e.csv', csv), 'csv-site');
    expect(r.counts).toEqual({ view: 0, click: 2, move: 1, scroll: 1 });
    expect(r.skipped).toBe(4);
    expect(r.firstSkipped).toEqual({ record: 'line 6', reason: 'x must be a number, got "abc"' });
    expect(await clicksOf('csv-site')).toEqual([[10.5, 20.25], [11, 21]]);
    const stored = r.rows as EventRow[];
    expect(stored[0].sel).toBe('main > a[data-x="1,2"]');
    expect(stored[1]).toMatchObject({ ts: Date.UTC(2024, 6, 1), device: 'mobile' });
  });

  it('imports NDJSON the same way', async () => {
    const nd = ['{"t":"move","ts":1,"path":"/","session":"s_ndjson_1","x":1,"y":2}', '{"t":"move"', '[1]', '{"t":"view","ts":2,"path":"/","session":"s_ndjson_1","vh":800}', ''].join('\n');
    const r = await importFile(store, 'csv', file('e.ndjson', nd), 'nd-site');
    expect([r.counts.move, r.counts.view, r.skipped]).toEqual([1, 1, 2]);
  });

  it('stores nothing when the file fails part-way (unterminated quote, missing column)', async () => {
    await expect(importFile(store, 'csv', file('bad.csv', `${csv}click,1,/p,s_csv_0001,desktop,1,1,1280,"main > a`), 'csv-bad')).rejects.toThrow(/unterminated quoted field/);
    await expect(importFile(store, 'csv', file('nohead.csv', 'x,y\n1,2\n'), 'csv-bad')).rejects.toThrow(/no "t" column/);
    expect(await store.counts('csv-bad')).toEqual({ views: 0, clicks: 0, moves: 0, scrolls: 0, batches: 0 });
  });

  it('importing the same file again stores nothing twice', async () => {
    const before = await store.counts('csv-site');
    const again = await importFile(store, 'csv', file('e-again.csv', csv), 'csv-site');
    expect(again.duplicate).toBe(true);
    expect(await store.counts('csv-site')).toEqual(before);
  });
});

describe('all or nothing in the store', () => {
  it('a row the database refuses rolls back the whole write', async () => {
    const rows: EventRow[] = Array.from({ length: 1000 }, (_, i) => ({
      t: 'move', site: 'atomic', path: '/', session: 's_atomic_1', device: 'desktop', ts: i, x: i === 700 ? -1 : i, y: 1,
    }));
    await expect(store.write({ site: 'atomic', batch: 'atomic_batch', received: 0, rows })).rejects.toBeInstanceOf(StoreError);
    expect(await store.counts('atomic')).toEqual({ views: 0, clicks: 0, moves: 0, scrolls: 0, batches: 0 });
    // The batch id was not kept either: a corrected retry goes in.
    rows[700].x = 700;
    expect(await store.write({ site: 'atomic', batch: 'atomic_batch', received: 0, rows })).toEqual({ accepted: 1000, duplicate: false });
  });
});

describe('heatlens import (the command)', () => {
  const cli = (args: string[]) => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/heatlens.js'), 'import', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, HEATLENS_DEBUG: '' } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist/bin/main.js'))) throw new Error('dist/ is missing: run npm run build first');
  });

  it('imports, reports skipped records on stderr, and exits 0', () => {
    const f = file('cli.csv', 't,ts,path,session,x,y\nclick,1,/,s_cli_0001,1,2\nclick,2,/,s_cli_0001,-1,2\nmove,3,/,s_cli_0001,3,4\n');
    const r = cli(['--from', 'csv', f, '--site', 'cli-site', '--data', join(dir, 'cli-data')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('heatlens: skipped 1 bad record (first: line 3 x must be ≥ 0, got -1)');
    expect(r.stderr).toContain('heatlens: imported 1 click, 1 move, 0 scrolls, 0 page views');
    const again = cli(['--from', 'csv', f, '--site', 'cli-site', '--data', join(dir, 'cli-data')]);
    expect([again.code, again.stderr.trim().split('\n').at(-1)]).toEqual([0, `heatlens: ${f} was already imported into site cli-site; nothing imported again`]);
  });

  it('fails with one line and no stack: bad usage exits 2, a broken file exits 1', () => {
    const usage = cli(['--from', 'xml', 'f', '--site', 's']);
    expect([usage.code, usage.stderr]).toEqual([2, 'heatlens: --from must be rrweb, posthog or csv, got "xml"\n']);
    expect(cli(['--from', 'csv', '--site', 's']).code).toBe(2);
    const missing = cli(['--from', 'csv', join(dir, 'nope.csv'), '--site', 's', '--data', join(dir, 'cli-data')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/cannot read .*nope\.csv: ENOENT; nothing imported/);
    const broken = cli(['--from', 'rrweb', file('b.json', '[{"type":4'), '--site', 's', '--data', join(dir, 'cli-data')]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^heatlens: .*b\.json: not JSON: .*; nothing imported\n$/);
  });
});
