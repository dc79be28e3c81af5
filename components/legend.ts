// `<heatlens-legend>`: the element class and its documentation (attributes, events, parts, custom
// properties — read by the custom-elements manifest) are below the imports.
import { LitElement, css, html, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { colormapLUT } from './colormaps.js';
import { invertScale, parseScale, type ScaleName } from './gl/colour-scale.js';
import { formatCount } from './base/grid-math.js';

const STOPS = 16;
const TICKS = [0, 0.5, 1];

/**
 * `<heatlens-legend>`: the colour bar of a map, labelled in estimated events per unit area
 * (DESIGN.md: density × area = expected events). Map elements render one when `legend` is set;
 * it also works on its own.
 *
 * @element heatlens-legend
 * @attr colormap - Colormap name (viridis, inferno, magma, turbo, greys).
 * @attr scale - linear, sqrt or log: ticks sit evenly along the bar, labelled with the density they stand for.
 * @attr noun - What is counted ("clicks").
 * @csspart bar - The colour bar.
 * @csspart label - Each tick label.
 * @csspart title - The unit line.
 * @cssprop --heatlens-legend-width - Bar width (160px).
 * @cssprop --heatlens-legend-background - Background (white, 90%).
 * @cssprop --heatlens-legend-color - Text colour.
 */
export class HeatlensLegend extends LitElement {
  static override styles = css`
    :host {
      display: inline-block;
      padding: 4px 6px;
      border-radius: 4px;
      background: var(--heatlens-legend-background, rgb(255 255 255 / 0.9));
      color: var(--heatlens-legend-color, #222);
      font: var(--heatlens-font, 11px/1.3 system-ui, sans-serif);
    }
    [part='bar'] {
      width: var(--heatlens-legend-width, 160px);
      height: 10px;
      border-radius: 2px;
    }
    .ticks {
      display: flex;
      justify-content: space-between;
      width: var(--heatlens-legend-width, 160px);
    }
  `;

  @property({ reflect: true }) colormap = 'viridis';
  @property() scale = 'linear';
  /** The density at the top of the colour scale, in events / px². */
  @property({ type: Number }) max = 0;
  /** Area the labels count events in, px² (default 100 × 100). */
  @property({ type: Number, attribute: 'unit-area' }) unitArea = 10000;
  @property() noun = 'events';
  /**
   * What the colours stand for: `density` (events per unit area, the default), `share` (a
   * fraction 0…1 shown as a percentage, e.g. the share of visitors reaching a depth) or `value`
   * (a plain amount in the unit `noun` names, e.g. seconds in view).
   */
  @property() measure: 'density' | 'share' | 'value' = 'density';

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasAttribute('role')) this.setAttribute('role', 'img');
  }

  private gradient(lut: Uint8Array): string {
    const stops: string[] = [];
    for (let k = 0; k <= STOPS; k++) {
      const i = Math.round((k / STOPS) * 255) * 3;
      stops.push(`rgb(${lut[i]} ${lut[i + 1]} ${lut[i + 2]}) ${((k / STOPS) * 100).toFixed(2)}%`);
    }
    return `linear-gradient(to right, ${stops.join(', ')})`;
  }

  /** The labels: events per unit area at evenly spaced positions along the bar. */
  labels(): string[] {
    let scale: ScaleName = 'linear';
    try {
      scale = parseScale(this.scale);
    } catch {
      // The map reports a bad scale; the legend falls back to linear labels.
    }
    if (this.measure === 'share') return TICKS.map((s) => `${Math.round(invertScale(scale, s) * this.max * 100)}%`);
    if (this.measure === 'value') return TICKS.map((s) => formatCount(invertScale(scale, s) * this.max));
    return TICKS.map((s) => formatCount(invertScale(scale, s) * this.max * this.unitArea));
  }

  protected override render(): TemplateResult {
    let lut: Uint8Array;
    try {
      lut = colormapLUT(this.colormap);
    } catch {
      lut = colormapLUT('viridis');
    }
    const labels = this.labels();
    const side = Math.round(Math.sqrt(this.unitArea));
    const unit = this.measure === 'share' ? `of ${this.noun}` : this.measure === 'value' ? this.noun : `${this.noun} per ${side}×${side} px`;
    this.setAttribute('aria-label', `Colour scale from ${labels[0]} to ${labels[labels.length - 1]}${this.max > 0 ? '+' : ''} ${unit}`);
    return html`<div part="bar" style="background:${this.gradient(lut)}"></div>
      <div class="ticks">${labels.map((l, i) => html`<span part="label">${l}${i === labels.length - 1 && this.max > 0 ? '+' : ''}</span>`)}</div>
      <div part="title">${unit}</div>`;
  }
}
