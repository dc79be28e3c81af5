// The hover / keyboard read-out (expected events near the cursor, DESIGN.md units), the legend
// (events per 100 × 100 px) and accessibility.
import { afterEach, describe, expect, it } from 'vitest';
import { cdp } from 'vitest/browser';
import type { HeatlensLegend } from '../../components/legend.js';
import { cleanup, densityRender, mount } from './click-map-support.js';

afterEach(cleanup);

describe('<click-map> read-out and legend', () => {
  it('integrates the density to the expected events: one point, σ = 10, radius 20 → 1 − e⁻² of it', async () => {
    const el = mount({ bandwidth: '10', cell: '2', 'readout-radius': '20' }, 400, 300);
    const rendered = densityRender(el);
    // 50 points on top of each other at (200, 150).
    el.points = { x: new Float32Array(50).fill(200), y: new Float32Array(50).fill(150) };
    await rendered;
    // Independent reference: the mass of a 2-D Gaussian within radius r is 1 − exp(−r²/2σ²).
    const exact = 50 * (1 - Math.exp(-(20 * 20) / (2 * 10 * 10)));
    expect(Math.abs(el.eventsAt(200, 150) - exact) / exact).toBeLessThan(0.03);
    expect(el.eventsAt(380, 20)).toBeLessThan(1e-6);
  });

  it('shows the read-out on mouse hover, not on touch, and hides it on leave', async () => {
    const el = mount({ bandwidth: '10' }, 400, 300);
    const rendered = densityRender(el);
    el.points = { x: new Float32Array(10).fill(200), y: new Float32Array(10).fill(150) };
    await rendered;
    const box = el.getBoundingClientRect();
    const at = { clientX: box.left + 200, clientY: box.top + 150, bubbles: true };
    el.dispatchEvent(new PointerEvent('pointermove', { ...at, pointerType: 'touch' }));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="readout"]')).toBeNull();
    el.dispatchEvent(new PointerEvent('pointermove', { ...at, pointerType: 'mouse' }));
    await el.updateComplete;
    const readout = el.shadowRoot!.querySelector('[part="readout"]')!;
    expect(readout.getAttribute('role')).toBe('status');
    expect(readout.textContent).toMatch(/≈ 8\.\d+ clicks within 20 px \(200, 150\)/);
    el.dispatchEvent(new PointerEvent('pointerleave'));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="readout"]')).toBeNull();
  });

  it('is keyboard focusable, labelled, and moves the read-out with the arrow keys', async () => {
    const el = mount({ bandwidth: '10', label: 'Clicks on /pricing' }, 400, 300);
    const rendered = densityRender(el);
    el.points = { x: new Float32Array(4).fill(210), y: new Float32Array(4).fill(150) };
    await rendered;
    await el.updateComplete;
    expect(el.tabIndex).toBe(0);
    expect(el.getAttribute('role')).toBe('figure');
    expect(el.getAttribute('aria-label')).toBe('Clicks on /pricing: 4 clicks');
    el.focus();
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    await el.updateComplete;
    const readout = el.shadowRoot!.querySelector('[part="readout"]')!;
    expect(readout.textContent).toMatch(/clicks within 20 px \(210, /);
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="readout"]')).toBeNull();
  });

  it('labels the legend in events per 100 × 100 px at the colour max', async () => {
    const el = mount({ legend: '', bandwidth: '10', max: '0.001', scale: 'sqrt' }, 400, 300);
    const rendered = densityRender(el);
    el.points = { x: new Float32Array([100]), y: new Float32Array([100]) };
    await rendered;
    await el.updateComplete;
    const legend = el.shadowRoot!.querySelector('heatlens-legend') as HeatlensLegend;
    await legend.updateComplete;
    // max 0.001 events/px² × 10,000 px² = 10 at the top; sqrt puts 10/4 in the middle.
    expect(legend.labels()).toEqual(['0', '2.5', '10']);
    expect(legend.shadowRoot!.querySelector('[part="title"]')!.textContent).toBe('clicks per 100×100 px');
    expect(legend.getAttribute('aria-label')).toBe('Colour scale from 0 to 10+ clicks per 100×100 px');
  });

  it('drops the read-out transition when the user asks for reduced motion', async () => {
    const el = mount({ bandwidth: '10' }, 400, 300);
    const rendered = densityRender(el);
    el.points = { x: new Float32Array([200]), y: new Float32Array([150]) };
    await rendered;
    const transition = async () => {
      el.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
      await el.updateComplete;
      return getComputedStyle(el.shadowRoot!.querySelector('[part="readout"]')!).transitionDuration;
    };
    const session = cdp();
    try {
      await session.send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-reduced-motion', value: 'no-preference' }] });
      expect(await transition()).toBe('0.12s');
      await session.send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-reduced-motion', value: 'reduce' }] });
      expect(await transition()).toBe('0s');
    } finally {
      await session.send('Emulation.setEmulatedMedia', { features: [] });
    }
  });
});
