// Data from `src`: the ingest API's binary points format, JSON, NDJSON and CSV; failed fetches
// and bad data show the error state and fire heatlens-error.
import { afterEach, describe, expect, it } from 'vitest';
import { decodePointsBinary } from '../../components/points-source.js';
import { cleanup, densityRender, hottestCentroid, mount, nextError, pixels } from './click-map-support.js';

afterEach(cleanup);

/** The binary answer written by hand from docs/points-format.md (not by the ingest encoder). */
function binaryPoints(x: number[], y: number[], w: number[], unplaced = 0): ArrayBuffer {
  const n = x.length;
  const buf = new ArrayBuffer(32 + 12 * n);
  const v = new DataView(buf);
  'HLPT'.split('').forEach((c, i) => v.setUint8(i, c.charCodeAt(0)));
  v.setUint16(4, 1, true);
  v.setUint16(6, 32, true);
  v.setUint32(8, 1, true);
  v.setUint32(12, n, true);
  v.setFloat64(16, w.reduce((a, b) => a + b, 0), true);
  v.setFloat32(24, 4, true);
  v.setUint32(28, unplaced, true);
  for (let i = 0; i < n; i++) {
    v.setFloat32(32 + 4 * i, x[i], true);
    v.setFloat32(32 + 4 * n + 4 * i, y[i], true);
    v.setFloat32(32 + 8 * n + 4 * i, w[i], true);
  }
  return buf;
}

const url = (body: BlobPart, type: string) => URL.createObjectURL(new Blob([body], { type }));

describe('<click-map> src', () => {
  it('decodes the binary points format column by column', () => {
    const p = decodePointsBinary(binaryPoints([1, 2.5], [3, 4], [5, 6]));
    expect([...p.x, ...p.y, ...p.w!]).toEqual([1, 2.5, 3, 4, 5, 6]);
    expect(p.total).toBe(11);
  });

  it('draws weighted points from the ingest binary format: the heavy point is hottest', async () => {
    const src = url(binaryPoints([100, 300], [100, 200], [1, 20]), 'application/vnd.heatlens.points');
    const el = mount({ src, colormap: 'greys', opacity: '1', max: '100%', bandwidth: '10' }, 400, 300);
    const detail = await densityRender(el);
    expect(detail.events).toBeCloseTo(21, 3);
    const hot = hottestCentroid(pixels(el));
    expect(Math.hypot(hot.x / devicePixelRatio - 300, hot.y / devicePixelRatio - 200)).toBeLessThan(4);
  });

  it('reports the clicks the source could not place on its layout (header offset 28) in heatlens-render', async () => {
    const placed = mount({ src: url(binaryPoints([100, 300], [100, 200], [1, 2], 7), 'application/vnd.heatlens.points') }, 400, 300);
    const detail = (await densityRender(placed)) as Awaited<ReturnType<typeof densityRender>> & { unplaced: number };
    expect([detail.unplaced, Math.round(detail.events)]).toEqual([7, 3]);
    const json = mount({ src: url('{"x":[10],"y":[10],"unplaced":2}', 'application/json') }, 200, 100);
    expect(((await densityRender(json)) as { unplaced?: number }).unplaced).toBe(2);
    const inline = mount({}, 200, 100);
    (inline as HTMLElement & { points: unknown }).points = { x: new Float32Array([10]), y: new Float32Array([10]) };
    expect(((await densityRender(inline)) as { unplaced?: number }).unplaced).toBe(0);
  });

  for (const [format, body, type] of [
    ['JSON columns', '{"x":[10,20,30],"y":[10,20,30]}', 'application/json'],
    ['JSON rows', '[{"x":10,"y":10},{"x":20,"y":20,"w":1},{"x":30,"y":30}]', 'application/json'],
    ['NDJSON', '{"x":10,"y":10}\n{"x":20,"y":20}\n{"x":30,"y":30}\n', 'application/x-ndjson'],
    ['CSV', 'x,y\n10,10\n20,20\n30,30\n', 'text/csv'],
  ]) {
    it(`reads ${format}`, async () => {
      const el = mount({ src: url(body, type) }, 200, 100);
      const detail = await densityRender(el);
      expect(detail.events).toBeCloseTo(3, 3);
    });
  }

  it('shows the error state and fires heatlens-error when the fetch fails', async () => {
    const el = mount({ src: 'http://127.0.0.1:1/v1/points?site=x' }, 200, 100);
    const error = await nextError(el);
    expect(error.code).toBe('fetch-failed');
    await el.updateComplete;
    const part = el.shadowRoot!.querySelector('[part="error"]')!;
    expect(part.getAttribute('role')).toBe('alert');
    expect(part.textContent).toContain('could not fetch points');
  });

  it('shows the error state for bad data, and clears it when good data arrives', async () => {
    const el = mount({ src: url('a,b\n1,2\n', 'text/csv') }, 200, 100);
    const error = await nextError(el);
    expect(error).toMatchObject({ code: 'bad-data' });
    expect(error.message).toMatch(/CSV header must name x and y/);
    const rendered = densityRender(el);
    el.src = url('x,y\n10,10\n', 'text/csv');
    await rendered;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="error"]')).toBeNull();
  });

  it('reports a bad attribute value as an error naming the valid values', async () => {
    const el = mount({ src: url('x,y\n10,10\n', 'text/csv') }, 200, 100);
    await densityRender(el);
    const error = nextError(el);
    el.setAttribute('colormap', 'rainbow');
    expect((await error).message).toMatch(/unknown colormap "rainbow" \(valid: viridis/);
  });

  it('aborts the previous fetch when src changes', async () => {
    const el = mount({ src: 'http://127.0.0.1:1/never' }, 200, 100);
    const errors: string[] = [];
    el.addEventListener('heatlens-error', (e) => errors.push(e.detail.code));
    el.src = url('x,y\n10,10\n20,20\n', 'text/csv');
    const detail = await densityRender(el);
    expect(detail.events).toBeCloseTo(2, 3);
    await new Promise((r) => setTimeout(r, 200));
    expect(errors).toEqual([]);
  });
});

describe('<click-map> bad attributes', () => {
  for (const [name, value, message] of [
    ['extent', '0,0,-5,10', /extent must be "x0,y0,x1,y1" or "width,height"/],
    ['bandwidth', '-3', /bandwidth must be a positive number/],
    ['cell', '0', /cell must be a positive number/],
  ] as const) {
    it(`shows an invalid-attribute error for ${name}="${value}"`, async () => {
      const el = mount({ src: url('x,y\n10,10\n', 'text/csv') }, 200, 100);
      await densityRender(el);
      const error = nextError(el);
      el.setAttribute(name, value);
      const detail = await error;
      expect(detail.code).toBe('invalid-attribute');
      expect(detail.message).toMatch(message);
    });
  }
});
