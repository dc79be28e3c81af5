/**
 * One colour max for the two maps of a comparison, so equal colours mean equal density. Each
 * map first resolves the chosen percentile on its own data; once both have, both are redrawn
 * with the larger of the two as an absolute max (a colour-only redraw, no new density).
 */
import type { RenderDetail } from '../components/index.js';
import type { MapPanel } from './map-panel.js';

export class SharedColourMax {
  private spec = '';
  private resolved = new Map<MapPanel, number>();
  private panels: MapPanel[] = [];

  /** Starts over with `spec` (a percentile) after anything that changes the densities. */
  reset(panels: MapPanel[], spec: string): void {
    this.panels = panels;
    this.spec = spec;
    this.resolved.clear();
    for (const p of panels) p.setMax(spec);
  }

  /** The max both maps use now (null until both resolved their percentile). */
  get shared(): number | null {
    if (this.panels.length < 2 || this.resolved.size < this.panels.length) return null;
    return Math.max(...this.resolved.values());
  }

  rendered(panel: MapPanel, detail: RenderDetail): void {
    // Only frames drawn with the percentile count; the shared redraw itself must not feed back.
    if (this.panels.length < 2 || !this.panels.includes(panel) || panel.maxSpec !== this.spec) return;
    this.resolved.set(panel, detail.max);
    const shared = this.shared;
    if (shared !== null && shared > 0) for (const p of this.panels) p.setMax(String(shared));
  }
}
