// Which stage each change re-runs on <attention-map>: colour attributes never ask the engine;
// `spread` re-smooths the cached bins without re-weighing; the weighing parameters re-weigh the
// loaded samples without loading them again; new data loads once; every parameter reaches the
// engine as set (attribute → property → request).
import { afterEach, describe, expect, it } from 'vitest';
import { ATTENTION_DEFAULTS } from '../../worker/api.js';
import type { AttentionRenderDetail } from '../../components/attention-map.js';
import { nextRender } from './click-map-support.js';
import { attentionRender, cleanupAttention, mountAttention, parked, samples, sweep } from './attention-map-support.js';

afterEach(cleanupAttention);

async function ready(attrs: Record<string, string> = {}) {
  const el = mountAttention({ opacity: '1', spread: '20', ...attrs }, 400, 300);
  const first = attentionRender(el);
  el.samples = samples(parked(1, 100, 100, 3), parked(2, 280, 200, 1), sweep(3, 250, 20, 380, 1500, 2));
  await first;
  return el;
}

function differingPixels(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i += 4) if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2] || a[i + 3] !== b[i + 3]) n++;
  return n;
}

const next = (el: HTMLElement) => nextRender(el) as Promise<AttentionRenderDetail>;

describe('<attention-map> stages', () => {
  it('defaults every model parameter to the engine’s ATTENTION_DEFAULTS', async () => {
    const el = mountAttention({}, 400, 300);
    const rendered = attentionRender(el);
    el.samples = parked(1, 100, 100, 1);
    expect((await rendered).params).toEqual(ATTENTION_DEFAULTS);
    expect([el.spread, el.lag, el.speedThreshold, el.fastWeight, el.idleCap, el.perSession]).toEqual([
      ATTENTION_DEFAULTS.spread,
      ATTENTION_DEFAULTS.lag,
      ATTENTION_DEFAULTS.speedThreshold,
      ATTENTION_DEFAULTS.fastWeight,
      ATTENTION_DEFAULTS.idleCap,
      ATTENTION_DEFAULTS.perSession,
    ]);
  });

  it('passes every parameter attribute to the engine, and a removed attribute goes back to the default', async () => {
    const el = await ready({ spread: '33', lag: '250', 'speed-threshold': '400', 'fast-weight': '0.25', 'idle-cap': '2.5', 'per-session': '' });
    const rendered = next(el);
    el.setAttribute('cell', '3');
    expect((await rendered).params).toEqual({ spread: 33, lag: 250, speedThreshold: 400, fastWeight: 0.25, idleCap: 2.5, perSession: true });
    const again = next(el);
    el.removeAttribute('lag');
    el.removeAttribute('per-session');
    expect((await again).params).toMatchObject({ lag: ATTENTION_DEFAULTS.lag, perSession: false, spread: 33 });
  });

  it('changes pixels on colour changes without asking the engine', async () => {
    const el = await ready();
    const requests = el.engine.densityRequests;
    let previous = el.readPixels()!.data;
    for (const [name, value] of [
      ['colormap', 'inferno'],
      ['opacity', '0.5'],
      ['scale', 'log'],
      ['max', '0.00001'],
    ]) {
      const rendered = next(el);
      el.setAttribute(name, value);
      const detail = await rendered;
      expect(detail).toMatchObject({ density: false, bin: 0, smooth: 0, weigh: 0 });
      const now = el.readPixels()!.data;
      expect(differingPixels(previous, now), `${name}=${value}`).toBeGreaterThan(100);
      previous = now;
    }
    expect(el.engine.densityRequests).toBe(requests);
  });

  it('re-smooths without re-weighing or re-binning when spread changes', async () => {
    const el = await ready();
    const loads = el.engine.loads;
    const rendered = next(el);
    el.spread = 45;
    const detail = await rendered;
    expect(detail).toMatchObject({ density: true, weigh: 0, bin: 0, bandwidth: [45, 45] });
    expect(detail.smooth).toBeGreaterThan(0);
    expect(el.engine.loads).toBe(loads);
    // Smoothing moves no attention: the total is the same seconds.
    expect(detail.seconds).toBeCloseTo(4, 3);
  });

  it('re-bins the cached weights without re-weighing when the cell or extent changes', async () => {
    const el = await ready();
    for (const [name, value, grid] of [
      ['cell', '2', [200, 150]],
      ['extent', '0,0,200,150', [100, 75]],
    ] as const) {
      const rendered = next(el);
      el.setAttribute(name, value);
      const detail = await rendered;
      expect(detail, name).toMatchObject({ density: true, weigh: 0, gridWidth: grid[0], gridHeight: grid[1] });
      expect(detail.bin, name).toBeGreaterThan(0);
    }
  });

  it('re-weighs the loaded samples (no new load) when a weighing parameter changes', async () => {
    const el = await ready();
    const loads = el.engine.loads;
    for (const [name, value] of [
      ['lag', '300'],
      ['speed-threshold', '2000'],
      ['fast-weight', '0.5'],
      ['idle-cap', '0.05'],
      ['per-session', ''],
    ]) {
      const rendered = next(el);
      el.setAttribute(name, value);
      const detail = await rendered;
      expect(detail.density, name).toBe(true);
      expect(detail.weigh, name).toBeGreaterThan(0);
    }
    expect(el.engine.loads).toBe(loads);
  });

  it('changes the seconds as the model says when the threshold and idle cap change', async () => {
    const el = await ready();
    // The sweep: 120 gaps of 1/60 s at 1500 px/s, except where it jumps back to its start
    // (~21,000 px/s, fast at any threshold here).
    const s = sweep(3, 250, 20, 380, 1500, 2);
    const jumps = s.x.filter((x, i) => i > 0 && x < s.x[i - 1]).length;
    const slowSweep = (s.ts.length - 1 - jumps) / 60;
    expect(jumps).toBeGreaterThan(0);
    // Below the sweep's speed, fast-weight 0: the sweep counts nothing (3 s + 1 s parked).
    let rendered = next(el);
    el.speedThreshold = 1000;
    expect((await rendered).seconds).toBeCloseTo(4, 3);
    // Above it: every sweep gap but the jumps counts.
    rendered = next(el);
    el.speedThreshold = 2000;
    expect((await rendered).seconds).toBeCloseTo(4 + slowSweep, 3);
    // Each 100 ms gap capped at 50 ms halves the parked cursors (40 gaps); the sweep's 1/60 s gaps stay.
    rendered = next(el);
    el.idleCap = 0.05;
    const capped = await rendered;
    expect(capped.seconds).toBeCloseTo(2 + slowSweep, 3);
    expect(capped.idleCapped).toBe(40);
    expect(capped.counts?.idleCapped).toBe(40);
  });

  it('reports samples that step back in time, and fast ones, in heatlens-render', async () => {
    const el = await ready();
    // Session 9 parked for 1 s (11 samples at 0, 100, … 1000 ms), given with its 4th and 8th
    // samples swapped: 0 100 200 700 400 500 600 300 800 900 1000 — two negative time steps
    // (700 → 400 and 600 → 300), in one session. Sorted, not dropped.
    const p = parked(9, 60, 60, 1);
    for (const column of [p.ts, p.x, p.y]) [column[3], column[7]] = [column[7], column[3]];
    const rendered = next(el);
    el.samples = p;
    const detail = await rendered;
    expect(detail.reordered).toBe(true);
    expect(detail.counts?.reordered).toEqual({ sessions: 1, samples: 2 });
    expect(detail.kept).toBe(11);
    // A parked cursor is never fast (its steps are about 1.4 px in 100 ms).
    expect(detail.counts?.fast).toBe(0);
  });

  it('loads new samples once, and disposes of the engine’s data when replaced', async () => {
    const el = await ready();
    const loads = el.engine.loads;
    const rendered = attentionRender(el);
    el.samples = parked(7, 50, 50, 2);
    const detail = await rendered;
    expect(el.engine.loads).toBe(loads + 1);
    expect(detail.seconds).toBeCloseTo(2, 3);
    expect(detail.weigh).toBeGreaterThan(0);
  });

  it('never shows an older frame after a newer one when parameters change fast', async () => {
    const el = await ready();
    const seen: AttentionRenderDetail[] = [];
    el.addEventListener('heatlens-render', (e) => seen.push(e.detail as AttentionRenderDetail));
    const spreads = [10, 14, 18, 22, 26, 30, 34];
    for (const s of spreads) {
      el.spread = s;
      // A separate task each time, as slider events would be.
      await new Promise((r) => setTimeout(r, 0));
    }
    const last = spreads[spreads.length - 1];
    while (!seen.some((d) => d.bandwidth?.[0] === last)) await nextRender(el);
    const order = seen.filter((d) => d.density).map((d) => spreads.indexOf(d.bandwidth![0]));
    expect(order.every((k, i) => i === 0 || k > order[i - 1])).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen[seen.length - 1].bandwidth).toEqual([last, last]);
  });
});
