// <attention-map> data from `src`: the ingest API's binary moves answer (written by hand from
// docs/points-format.md), its JSON answer, JSON rows, NDJSON and CSV; failed fetches, bad data
// and bad attributes show the error state and fire heatlens-error.
import { afterEach, describe, expect, it } from 'vitest';
import { hottestCentroid, maxAlpha, nextError } from './click-map-support.js';
import { attentionRender, cleanupAttention, mountAttention, parked, samples, type Samples } from './attention-map-support.js';

afterEach(cleanupAttention);

/** The binary answer: the 32-byte header (magic HLMV), then t f64, visit u32, x f32, y f32. */
function movesBinary(s: Samples, flags = 0): ArrayBuffer {
  const n = s.ts.length;
  const v = new DataView(new ArrayBuffer(32 + 20 * n));
  'HLMV'.split('').forEach((c, i) => v.setUint8(i, c.charCodeAt(0)));
  v.setUint16(4, 1, true);
  v.setUint16(6, 32, true);
  v.setUint32(8, flags, true);
  v.setUint32(12, n, true);
  v.setFloat64(16, new Set(s.session).size, true);
  for (let i = 0; i < n; i++) {
    v.setFloat64(32 + 8 * i, s.ts[i], true);
    v.setUint32(32 + 8 * n + 4 * i, s.session[i], true);
    v.setFloat32(32 + 12 * n + 4 * i, s.x[i], true);
    v.setFloat32(32 + 16 * n + 4 * i, s.y[i], true);
  }
  return v.buffer;
}

const url = (body: BlobPart, type: string) => URL.createObjectURL(new Blob([body], { type }));

// 3 s parked at (300, 200) and 1 s at (100, 80), timestamps in epoch ms as the ingest stores them.
const T0 = Date.UTC(2026, 10, 20, 12);
const DATA = samples(parked(4, 300, 200, 3, T0), parked(9, 100, 80, 1, T0 + 60_000));
const rows = () => DATA.ts.map((t, i) => ({ session: `v${DATA.session[i]}`, ts: t, x: DATA.x[i], y: DATA.y[i] }));

describe('<attention-map> src', () => {
  it('draws the ingest binary moves answer: 4 s of attention, hottest where the cursor rested longest', async () => {
    const src = url(movesBinary(DATA, 2), 'application/vnd.heatlens.moves');
    const el = mountAttention({ src, colormap: 'greys', opacity: '1', max: '100%', spread: '12' }, 400, 300);
    const detail = await attentionRender(el);
    expect(detail.seconds).toBeCloseTo(4, 3);
    expect(detail.sessions).toBe(2);
    // Flag bit 1: the ingest's limit cut visits off; the frame says so.
    expect(detail.truncated).toBe(true);
    const p = el.readPixels()!;
    const hot = hottestCentroid(p);
    expect(Math.hypot(hot.x / devicePixelRatio - 300, hot.y / devicePixelRatio - 200)).toBeLessThan(4);
  });

  for (const [format, body, type] of [
    ["the ingest's JSON", () => JSON.stringify({ n: DATA.ts.length, visits: 2, truncated: false, t: DATA.ts, visit: DATA.session, x: DATA.x, y: DATA.y }), 'application/json'],
    ['JSON rows with string sessions and ISO times', () => JSON.stringify(rows().map((r) => ({ ...r, ts: new Date(r.ts).toISOString() }))), 'application/json'],
    ['NDJSON', () => rows().map((r) => JSON.stringify(r)).join('\n'), 'application/x-ndjson'],
    ['CSV', () => `session,ts,x,y\n${rows().map((r) => `${r.session},${r.ts},${r.x},${r.y}`).join('\n')}\n`, 'text/csv'],
  ] as const) {
    it(`reads ${format}`, async () => {
      const el = mountAttention({ src: url(body(), type), spread: '12' }, 400, 300);
      const detail = await attentionRender(el);
      expect(detail.seconds).toBeCloseTo(4, 3);
      expect(detail.sessions).toBe(2);
      expect(detail.truncated).toBe(false);
    });
  }

  it('shows the error state and fires heatlens-error when the fetch fails', async () => {
    const el = mountAttention({ src: 'http://127.0.0.1:1/v1/moves?site=x' }, 200, 100);
    const error = await nextError(el);
    expect(error.code).toBe('fetch-failed');
    await el.updateComplete;
    const part = el.shadowRoot!.querySelector('[part="error"]')!;
    expect(part.getAttribute('role')).toBe('alert');
    expect(part.textContent).toContain('could not fetch cursor samples');
  });

  it('shows the error state for bad data, takes the old map off the screen, and clears when good data arrives', async () => {
    const el = mountAttention({ src: url('session,ts,x,y\n1,0,50,50\n1,500,50,50\n', 'text/csv'), opacity: '1', spread: '10' }, 200, 100);
    await attentionRender(el);
    expect(maxAlpha(el.readPixels()!)).toBeGreaterThan(0);
    const error = nextError(el);
    el.src = url('visitor,time\n1,2\n', 'text/csv');
    expect(await error).toMatchObject({ code: 'bad-data', message: 'cursor samples: the CSV header must name session, ts, x and y, got "visitor,time"' });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="error"]')!.textContent).toMatch(/CSV header must name session, ts, x and y/);
    expect(maxAlpha(el.readPixels()!)).toBe(0);

    const rendered = attentionRender(el);
    el.src = url('session,ts,x,y\n1,0,50,50\n1,500,50,50\n', 'text/csv');
    expect((await rendered).seconds).toBeCloseTo(0.5, 3);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="error"]')).toBeNull();
  });

  it('names a truncated binary answer as bad data', async () => {
    const el = mountAttention({ src: url(movesBinary(DATA).slice(0, 100), 'application/vnd.heatlens.moves') }, 200, 100);
    const error = await nextError(el);
    expect(error.code).toBe('bad-data');
    expect(error.message).toBe(`cursor samples: the data is 100 bytes, expected a 32-byte header + 20 × ${DATA.ts.length}`);
  });

  it('reports samples the engine cannot take (columns of different lengths) as bad data', async () => {
    const el = mountAttention({}, 200, 100);
    const error = nextError(el);
    el.samples = { session: [1, 1, 1], ts: [0, 100], x: [1, 2, 3], y: [1, 2, 3] };
    const detail = await error;
    expect(detail.code).toBe('bad-data');
    expect(detail.message).toMatch(/ts/);
  });
});

describe('<attention-map> bad attributes', () => {
  for (const [name, value, message] of [
    ['spread', 'wide', /^spread must be a positive number of px, got NaN/],
    ['spread', '-3', /^spread must be a positive number of px, got -3/],
    ['lag', 'later', /^lag must be a number of ms from 0 to/],
    ['speed-threshold', '0', /^speed-threshold must be a positive number of px\/s, got 0/],
    ['fast-weight', '2', /^fast-weight must be a number from 0 to 1, got 2/],
    ['idle-cap', '-1', /^idle-cap must be a positive number of seconds, got -1/],
    ['cell', '0', /cell must be a positive number/],
    ['extent', '0,0,-5,10', /extent must be "x0,y0,x1,y1" or "width,height"/],
  ] as const) {
    it(`shows an invalid-attribute error for ${name}="${value}" and keeps the map`, async () => {
      const el = mountAttention({ opacity: '1', spread: '10' }, 200, 100);
      const rendered = attentionRender(el);
      el.samples = parked(1, 100, 50, 1);
      await rendered;
      const error = nextError(el);
      el.setAttribute(name, value);
      const detail = await error;
      expect(detail.code).toBe('invalid-attribute');
      expect(detail.message).toMatch(message);
      expect(maxAlpha(el.readPixels()!)).toBeGreaterThan(0);
    });
  }
});
