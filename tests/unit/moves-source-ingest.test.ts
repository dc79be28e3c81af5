// The attention map's data path end to end in Node: moves posted to the real ingest server (a
// DuckDB file in a temp dir, 127.0.0.1), read back through `GET /v1/moves` by the element's own
// decoder (binary and format=json), then weighed by the engine — the seconds of attention must
// be the dwell the tracker's samples describe.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchMoves } from '../../components/moves-source.js';
import { createEngine } from '../../worker/node.js';
import { batch, move, NOW, post, startHarness, type Harness } from './ingest-support.js';

let h: Harness;

// Visitor A rests on the headline for 3 s (samples 100 ms apart); visitor B on a button for 1 s.
function parkedMoves(x: number, y: number, seconds: number, t0: number) {
  return Array.from({ length: seconds * 10 + 1 }, (_, i) => move(x + (i % 2), y, { ts: t0 + i * 100 }));
}

beforeAll(async () => {
  h = await startHarness();
  const a = await post(h.url, batch(parkedMoves(640, 215, 3, NOW - 10_000), { session: 's_aaaaaaaa' }));
  const b = await post(h.url, batch(parkedMoves(300, 760, 1, NOW - 5_000), { session: 's_bbbbbbbb' }));
  expect([a.status, b.status]).toEqual([200, 200]);
});
afterAll(() => h.close());

const query = (extra = '') => `${h.url}/v1/moves?site=docs-site&path=/pricing${extra}`;

describe('GET /v1/moves through the attention map’s decoder', () => {
  it('decodes the binary answer into whole visits in time order', async () => {
    const m = await fetchMoves(query());
    expect(m.ts.length).toBe(31 + 11);
    expect(m.visits).toBe(2);
    expect(m.truncated).toBe(false);
    // The binary answer numbers visits (Uint32).
    expect(m.session).toBeInstanceOf(Uint32Array);
    const session = m.session as Uint32Array;
    const visits = new Set(session);
    expect(visits.size).toBe(2);
    for (const v of visits) {
      const idx = [...session.keys()].filter((i) => session[i] === v);
      const ts = idx.map((i) => m.ts[i]);
      // Ordered by time within a visit, 100 ms apart as sent (the server shifts whole batches).
      expect(ts.slice(1).map((t, k) => t - ts[k])).toEqual(new Array(ts.length - 1).fill(100));
      const y = m.y[idx[0]];
      expect(idx.every((i) => m.y[i] === y)).toBe(true);
      expect(idx.length).toBe(y === 215 ? 31 : 11);
    }
  });

  it('reads the same samples from format=json', async () => {
    const binary = await fetchMoves(query());
    const json = await fetchMoves(query('&format=json'));
    expect([...json.ts]).toEqual([...binary.ts]);
    expect([...json.x]).toEqual([...binary.x]);
    expect([...json.y]).toEqual([...binary.y]);
    expect([...json.session]).toEqual([...binary.session]);
    expect(json.visits).toBe(2);
  });

  it('says when the limit cut visits off (whole visits only)', async () => {
    const m = await fetchMoves(query('&limit=35'));
    expect(m.truncated).toBe(true);
    expect(m.ts.length === 31 || m.ts.length === 11).toBe(true);
  });

  it('gives the engine the 4 seconds of attention the samples hold', async () => {
    const engine = await createEngine();
    try {
      const samples = await fetchMoves(query());
      const r = await engine.attention({ samples, width: 320, height: 250, extent: [0, 0, 1280, 1000] });
      expect(r.total).toBeCloseTo(4, 3);
      expect(r.sessions).toBe(2);
      expect(r.dropped.total).toBe(0);
    } finally {
      await engine.close();
    }
  });
});
