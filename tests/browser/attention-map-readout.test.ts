// <attention-map>'s read-out (the share of all attention near the cursor, and its seconds), its
// legend (seconds of attention per 100 × 100 px) and accessibility.
import { afterEach, describe, expect, it } from 'vitest';
import type { HeatlensLegend } from '../../components/legend.js';
import { attentionRender, cleanupAttention, mountAttention, parked, samples } from './attention-map-support.js';

afterEach(cleanupAttention);

// Two parked cursors: 3 s at (100, 100) and 1 s at (300, 200) — 75 % and 25 % of the attention.
const TWO = () => samples(parked(1, 100, 100, 3), parked(2, 300, 200, 1));

async function twoCursors(attrs: Record<string, string> = {}) {
  const el = mountAttention({ spread: '10', cell: '2', 'readout-radius': '40', ...attrs }, 400, 300);
  const rendered = attentionRender(el);
  el.samples = TWO();
  await rendered;
  await el.updateComplete;
  return el;
}

const readout = (el: HTMLElement) => el.shadowRoot!.querySelector('[part="readout"]');

describe('<attention-map> read-out and legend', () => {
  it('reads ~75% and ~25% of attention over two cursors parked 3 s and 1 s', async () => {
    const el = await twoCursors();
    // Independent reference: a Gaussian of σ = 10 holds 1 − e^(−r²/2σ²) of its mass within r = 40.
    const within = 1 - Math.exp(-(40 * 40) / (2 * 10 * 10));
    expect(el.shareAt(100, 100)).toBeCloseTo(0.75 * within, 2);
    expect(el.shareAt(300, 200)).toBeCloseTo(0.25 * within, 2);
    expect(el.eventsAt(100, 100)).toBeCloseTo(3 * within, 2);
    expect(el.shareAt(200, 20)).toBeLessThan(1e-6);

    const box = el.getBoundingClientRect();
    el.dispatchEvent(new PointerEvent('pointermove', { clientX: box.left + 100, clientY: box.top + 100, pointerType: 'mouse', bubbles: true }));
    await el.updateComplete;
    expect(readout(el)!.textContent).toBe('~75% of attention (3 s) within 40 px (100, 100)');
    el.dispatchEvent(new PointerEvent('pointermove', { clientX: box.left + 300, clientY: box.top + 200, pointerType: 'mouse', bubbles: true }));
    await el.updateComplete;
    expect(readout(el)!.textContent).toBe('~25% of attention (1 s) within 40 px (300, 200)');
    el.dispatchEvent(new PointerEvent('pointermove', { clientX: box.left + 200, clientY: box.top + 20, pointerType: 'mouse', bubbles: true }));
    await el.updateComplete;
    expect(readout(el)!.textContent).toBe('0% of attention (0 s) within 40 px (200, 20)');
  });

  it('weighs both visitors the same with per-session: ~50% each, the total still in seconds', async () => {
    const el = await twoCursors({ 'per-session': '' });
    // Each session scaled to the mean session total, (3 s + 1 s) / 2 = 2 s.
    expect(el.eventsAt(100, 100)).toBeCloseTo(2, 2);
    expect(el.shareAt(100, 100)).toBeCloseTo(0.5, 2);
    expect(el.shareAt(300, 200)).toBeCloseTo(0.5, 2);
  });

  it('is keyboard focusable, labelled in seconds, and moves the read-out with the arrow keys', async () => {
    const el = await twoCursors({ label: 'Attention on /pricing' });
    const plain = mountAttention({}, 100, 100);
    // The read-out disc defaults to the legend's unit area, π·56² ≈ 100 × 100 px.
    expect(plain.readoutRadius).toBe(56);
    expect(el.tabIndex).toBe(0);
    expect(el.getAttribute('role')).toBe('figure');
    expect(el.getAttribute('aria-label')).toBe('Attention on /pricing: 4 seconds of attention');
    el.focus();
    // Keyboard focus starts the read-out at the middle (200, 150); two steps right, one up.
    for (const key of ['ArrowRight', 'ArrowRight', 'ArrowUp']) el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    await el.updateComplete;
    expect(readout(el)!.getAttribute('role')).toBe('status');
    expect(readout(el)!.textContent).toMatch(/of attention \(.+ s\) within 40 px \(\d+, \d+\)$/);
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await el.updateComplete;
    expect(readout(el)).toBeNull();
  });

  it('labels the legend in seconds of attention per 100 × 100 px at the colour max', async () => {
    const el = await twoCursors({ legend: '', max: '0.001', scale: 'sqrt' });
    const legend = el.shadowRoot!.querySelector('heatlens-legend') as HeatlensLegend;
    await legend.updateComplete;
    // max 0.001 s/px² × 10,000 px² = 10 s at the top; sqrt puts 10/4 in the middle.
    expect(legend.labels()).toEqual(['0', '2.5', '10']);
    expect(legend.shadowRoot!.querySelector('[part="title"]')!.textContent).toBe('seconds of attention per 100×100 px');
    expect(legend.getAttribute('aria-label')).toBe('Colour scale from 0 to 10+ seconds of attention per 100×100 px');
  });
});
