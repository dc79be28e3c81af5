// A comparison's two maps end up on one colour max: the larger of their own percentiles, set
// once both have drawn, and never fed back from the redraw it causes.
import { describe, expect, it } from 'vitest';
import type { RenderDetail } from '../../components/base/map-element.js';
import type { MapPanel } from '../../dashboard/map-panel.js';
import { SharedColourMax } from '../../dashboard/shared-max.js';

/** The part of a panel the shared max talks to: its colour max, as the map element holds it. */
function panel(): MapPanel & { history: string[] } {
  const p = {
    maxSpec: '',
    history: [] as string[],
    setMax(spec: string) {
      p.maxSpec = spec;
      p.history.push(spec);
    },
  };
  return p as unknown as MapPanel & { history: string[] };
}

const frame = (max: number) => ({ max, density: true }) as RenderDetail;

describe('shared colour max of a comparison', () => {
  it('uses the larger percentile of the two maps for both, once both have drawn', () => {
    const a = panel();
    const b = panel();
    const shared = new SharedColourMax();
    shared.reset([a, b], '99.5%');
    expect([a.maxSpec, b.maxSpec]).toEqual(['99.5%', '99.5%']);
    shared.rendered(a, frame(0.002));
    expect(shared.shared).toBeNull();
    expect(a.maxSpec).toBe('99.5%');
    shared.rendered(b, frame(0.005));
    expect(shared.shared).toBe(0.005);
    expect([a.maxSpec, b.maxSpec]).toEqual(['0.005', '0.005']);
  });

  it('ignores the redraws its own absolute max causes', () => {
    const a = panel();
    const b = panel();
    const shared = new SharedColourMax();
    shared.reset([a, b], '99%');
    shared.rendered(a, frame(0.004));
    shared.rendered(b, frame(0.001));
    shared.rendered(a, frame(0.004));
    shared.rendered(b, frame(0.004));
    expect(a.history).toEqual(['99%', '0.004']);
    expect(b.history).toEqual(['99%', '0.004']);
  });

  it('starts over with the percentile when the data changes', () => {
    const a = panel();
    const b = panel();
    const shared = new SharedColourMax();
    shared.reset([a, b], '99.5%');
    shared.rendered(a, frame(0.004));
    shared.rendered(b, frame(0.001));
    shared.reset([a, b], '99.5%');
    expect(shared.shared).toBeNull();
    shared.rendered(b, frame(0.009));
    shared.rendered(a, frame(0.003));
    expect([a.maxSpec, b.maxSpec]).toEqual(['0.009', '0.009']);
  });

  it('leaves a single map on its own percentile', () => {
    const a = panel();
    const shared = new SharedColourMax();
    shared.reset([a], '98%');
    shared.rendered(a, frame(0.004));
    expect(a.maxSpec).toBe('98%');
    expect(shared.shared).toBeNull();
  });
});
