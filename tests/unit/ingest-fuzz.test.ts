// Property tests of POST /v1/batch over real HTTP into a real DuckDB file: random and
// malformed bodies never crash the server and always get the error shape; a valid batch with
// one field broken is refused whole (nothing stored) and names that field's path; an intact
// one is stored whole.
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJSON, nextId, startHarness, type Harness } from './ingest-support.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function send(body: Uint8Array, type: string, gzip: boolean) {
  const headers: Record<string, string> = { 'content-type': type };
  if (gzip) headers['content-encoding'] = 'gzip';
  const res = await fetch(`${h.url}/v1/batch`, { method: 'POST', headers, body: (gzip ? gzipSync(body) : body) as BodyInit });
  const text = await res.text();
  return { status: res.status, text };
}

function expectErrorShape(text: string) {
  const json = JSON.parse(text);
  expect(Object.keys(json)).toEqual(['error']);
  expect(typeof json.error.code).toBe('string');
  expect(typeof json.error.message).toBe('string');
  expect(typeof json.error.path).toBe('string');
  expect(json.error.message).not.toMatch(/\n\s+at /);
  return json.error;
}

const total = async () => {
  const c = await h.store.counts();
  return c.views + c.clicks + c.moves + c.scrolls;
};

describe('random bodies', () => {
  it('never crash the server and always answer with the error shape', async () => {
    const enc = new TextEncoder();
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 2048 }),
      fc.string({ maxLength: 512 }).map((s) => enc.encode(s)),
      fc.jsonValue({ maxDepth: 4 }).map((v) => enc.encode(JSON.stringify(v))),
      // Near misses: the right top-level keys with random values.
      fc
        .record({ v: fc.jsonValue(), site: fc.jsonValue(), batch: fc.jsonValue(), session: fc.jsonValue(), device: fc.jsonValue(), sent: fc.jsonValue(), events: fc.array(fc.jsonValue(), { maxLength: 5 }) }, { requiredKeys: [] })
        .map((v) => enc.encode(JSON.stringify(v))),
    );
    const type = fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-8', 'application/x-www-form-urlencoded', '');
    const before = await total();
    await fc.assert(
      fc.asyncProperty(body, type, fc.boolean(), async (b, t, gzip) => {
        const r = await send(b, t, gzip);
        expect([400, 413, 415]).toContain(r.status);
        expectErrorShape(r.text);
      }),
      { numRuns: 250 },
    );
    expect(await total()).toBe(before);
    expect((await getJSON(`${h.url}/healthz`)).json).toEqual({ ok: true, reads: { running: 0, waiting: 0, concurrency: 4, queue: 64 } });
  });
});

// Valid events of each kind, as the tracker sends them.
const coord = fc.double({ min: 0, max: 1_000_000, noNaN: true, noDefaultInfinity: true });
const size = fc.integer({ min: 1, max: 1_000_000 });
const frac = fc.double({ min: 0, max: 1, noNaN: true, noDefaultInfinity: true });
const ts = fc.integer({ min: 0, max: 2_000_000_000_000 });
const path = fc.string({ minLength: 1, maxLength: 64 });
const events = {
  view: fc.record({ t: fc.constant('view'), ts, path, vw: size, vh: size, dw: size, dh: size, ref: fc.option(fc.string({ maxLength: 64 }), { nil: undefined }) }),
  click: fc.record({ t: fc.constant('click'), ts, path, x: coord, y: coord, vw: size, vh: size, dw: size, dh: size, sel: fc.string({ maxLength: 128 }), fx: frac, fy: frac, ia: fc.boolean(), rage: fc.boolean() }),
  move: fc.record({ t: fc.constant('move'), ts, path, x: coord, y: coord, vw: size, dh: size }),
  scroll: fc.record({ t: fc.constant('scroll'), ts, path, y: coord, vh: size, dh: size, vw: size }),
};
const event = fc.oneof(events.view, events.click, events.move, events.scroll);
const junk = fc.constantFrom<unknown>(-1, -0.5, 1_000_001, 1e300, 1.5, 'str', '', null, true, {}, [], 'x'.repeat(2000), undefined);

describe('mutated batches', () => {
  it('are refused whole with the broken field\'s path, or stored whole when still valid', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(event, { minLength: 1, maxLength: 30 }),
        fc.option(fc.tuple(fc.nat(), fc.nat(), junk), { freq: 3, nil: undefined }),
        fc.constantFrom('desktop', 'tablet', 'mobile'),
        fc.boolean(),
        async (evs, mutation, device, gzip) => {
          const batch = { v: 1, site: 'fuzz', batch: nextId('fz'), session: 's_fuzz_0001', device, sent: 1_764_028_800_000, events: evs as Record<string, unknown>[] };
          let mutated: string | undefined;
          if (mutation) {
            const [i, f, value] = mutation;
            const ev = batch.events[i % batch.events.length];
            const fields = Object.keys(ev);
            const field = fields[f % fields.length];
            ev[field] = value;
            mutated = `events[${i % batch.events.length}].${field}`;
          }
          const before = await total();
          const r = await send(new TextEncoder().encode(JSON.stringify(batch)), 'application/json', gzip);
          if (r.status === 200) {
            expect(JSON.parse(r.text)).toEqual({ accepted: batch.events.length });
            expect(await total()).toBe(before + batch.events.length);
          } else {
            expect(r.status).toBe(400);
            const err = expectErrorShape(r.text);
            expect(mutated).toBeDefined();
            expect(err.path).toBe(mutated);
            expect(await total()).toBe(before);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
