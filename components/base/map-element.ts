/**
 * The shared base of the map elements (<click-map>, <scroll-map>, <attention-map>): the colour
 * properties every map has, the shadow template (slotted page underneath, canvas, read-out,
 * legend, error), the colour stage (its bookkeeping in colour-stage.ts), the error state
 * (codes in map-errors.ts) and the `heatlens-render` / `heatlens-error` events. Behaviour that
 * is not about one element's data lives in reactive controllers (GlSurface, EngineController);
 * subclasses compute density grids and call `show`.
 */
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { Extent } from '../../worker/api.js';
import { DEFAULT_MAX } from '../gl/colour-scale.js';
import { DEFAULT_DETAIL_BUDGET, GlSurface, type RendererKind, type SurfaceColour } from './gl-surface.js';
import { ReadoutController } from './readout-controller.js';
import type { EngineController } from './engine-controller.js';
import { mapElementStyles } from './map-styles.js';
import { SourceValidator } from './source-validator.js';
import { formatCount, parseExtent } from './grid-math.js';
import { ColourResolver, renderDetail, surfaceFrame, type EngineTimings, type Frame, type RenderDetail } from './colour-stage.js';
import { AttributeError, type ErrorDetail } from './map-errors.js';

// Part of the base's interface: the elements, index.ts and their users import them from here.
export { AttributeError, errorCodeOf, type ErrorDetail } from './map-errors.js';
export type { Frame, RenderDetail } from './colour-stage.js';

/** The legend's and read-out's unit area: 100 × 100 px. */
export const UNIT_AREA = 100 * 100;

const extentConverter = {
  fromAttribute: (value: string | null) => value,
  toAttribute: (value: Extent | string | null) => (value === null ? null : Array.isArray(value) ? value.join(',') : String(value)),
};

/**
 * What every map element shares (documented once here; the manifest passes it on to each).
 *
 * @slot - The page underneath: an `<img>` screenshot, an `<iframe>`, any element. It sets the
 *   element's size unless CSS does.
 * @fires heatlens-render - After each frame: stage timings in ms and what was drawn (`RenderDetail`).
 *   Bubbles, composed.
 * @fires heatlens-error - A failed fetch, bad data, a bad attribute or a browser that can draw
 *   nothing (`renderer-unavailable`): `{code, message}`; the element shows it in `part="error"`.
 *   Bubbles, composed.
 * @attr colormap - viridis (default), inferno, magma, turbo, greys.
 * @attr opacity - 0…1 (default 0.85).
 * @attr scale - linear (default), sqrt, log.
 * @attr max - The value coloured at the top of the colormap: a percentile of the non-zero cells ("95%", the default for density maps) or an absolute value.
 * @attr extent - "x0,y0,x1,y1" or "width,height": the page region the element covers (default: its own size).
 * @attr src - URL of the data.
 * @attr renderer - auto (WebGL2 with R32F textures, else WebGL1 with float textures when available), webgl1 (WebGL1 only), float16, rgba8 (WebGL, at most that texture format), canvas2d. Canvas2D is also what `auto` falls back to without WebGL, or when the page's Content-Security-Policy forbids eval (regl compiles its draw commands at run time).
 * @attr legend - Show the colour legend.
 * @attr readout-radius - Radius of the hover read-out's area in page px (default 20).
 * @attr label - Accessible name of the map (default "Heatmap").
 * @csspart base - The wrapper of the page, the canvas and the read-out (the legends and the error are placed over it, outside it).
 * @csspart canvas - The heatmap canvas.
 * @csspart readout - The hover / keyboard read-out.
 * @csspart cursor - The read-out's circle.
 * @csspart legends - The stack of legends, over the map's top right corner (`--heatlens-legend-inset`): one rule moves them all. To lift it out of the map, e.g. above it, let the host overflow (`overflow: visible`) and keep the read-out on the map with `::part(base) { overflow: hidden }`.
 * @csspart legend - The `<heatlens-legend>`; its `bar`, `label` and `title` parts are exported.
 * @csspart error - The error message.
 * @cssprop --heatlens-blend-mode - mix-blend-mode of the heatmap over the page (normal).
 * @cssprop --heatlens-font - Font of the read-out, legend and error.
 * @cssprop --heatlens-focus-ring - Outline when focused from the keyboard.
 * @cssprop --heatlens-readout-background - Read-out background.
 * @cssprop --heatlens-readout-color - Read-out text colour.
 * @cssprop --heatlens-cursor-color - Read-out circle colour.
 * @cssprop --heatlens-legend-inset - Legend distance from the top right corner.
 * @cssprop --heatlens-error-background - Error state background.
 * @cssprop --heatlens-error-color - Error state text colour.
 */
export abstract class MapElement extends LitElement {
  static override styles = mapElementStyles;

  /** Colormap name: viridis, inferno, magma, turbo, greys. */
  @property({ reflect: true }) colormap = 'viridis';
  /** Opacity of the densest colour, 0…1 (the faint tail fades to transparent). */
  @property({ type: Number }) opacity = 0.85;
  /** How density maps to colour: linear, sqrt or log. */
  @property() scale = 'linear';
  /** Colour max: a percentile of the non-zero cells ("95%", see DEFAULT_MAX) or an absolute density in events/px². */
  @property() max: string = DEFAULT_MAX;
  /** The page region the element covers, "x0,y0,x1,y1" or "width,height" in CSS px; default: the element's own size. */
  @property({ converter: extentConverter }) extent: Extent | string | null = null;
  /** URL to fetch points from (ingest binary format, JSON, NDJSON or CSV). */
  @property() src: string | null = null;
  /** 'auto' (WebGL, float textures when available), 'float16' or 'rgba8' (WebGL, at most that texture format) or 'canvas2d'. Read once, when the element first renders. */
  @property() renderer: RendererKind = 'auto';
  /** Show the legend. */
  @property({ type: Boolean, reflect: true }) legend = false;
  /** Radius of the read-out's area, in page px. */
  @property({ type: Number, attribute: 'readout-radius' }) readoutRadius = 20;
  /** Accessible name. */
  @property() label = 'Heatmap';
  /**
   * Drawing buffers larger than this many pixels (default 1920 × 1080) are drawn at the detail
   * the smoothed density holds — 8 pixels per σ, never stretched more than 2× — and stretched by
   * CSS; smaller ones pixel for pixel. "Infinity" draws every map pixel for pixel.
   */
  @property({ type: Number, attribute: 'max-canvas-pixels' }) maxCanvasPixels = DEFAULT_DETAIL_BUDGET;

  /** The error being shown, if any. */
  @state() error: ErrorDetail | null = null;
  /** The colour max in use, events / px² (the resolved `max`). */
  @state() colourMax = 0;

  @query('canvas') protected canvas!: HTMLCanvasElement;

  /** The hover / keyboard read-out. */
  protected readonly readout = new ReadoutController(this, {
    measure: (x, y) => this.measureAt(x, y),
  });

  protected readonly surface = new GlSurface(this, {
    onResize: (w, h) => this.surfaceResized(w, h),
    onRestored: () => this.paint(null),
  });

  /** The grid on screen (kept on the CPU: read-out, quantiles, redraw after context loss). */
  protected frame: Frame | null = null;
  private readonly colours = new ColourResolver();

  /** Called when the element's size or the device pixel ratio changed. */
  protected abstract surfaceResized(cssWidth: number, cssHeight: number): void;

  /** What the read-out calls the events ("clicks"). */
  protected abstract readonly eventNoun: string;
  /** What the legend's colours stand for (see <heatlens-legend> `measure`). */
  protected readonly legendMeasure: 'density' | 'share' = 'density';

  private fetchAbort: AbortController | null = null;
  /** The validator of the `src` answer on screen, for cheap reloads. */
  protected readonly source = new SourceValidator();

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasAttribute('tabindex')) this.tabIndex = 0;
    if (!this.hasAttribute('role')) this.setAttribute('role', 'figure');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.cancelFetch();
  }

  /** Aborts the running `src` fetch, if any (new data supersedes it; so does leaving the page). */
  protected cancelFetch(): void {
    this.fetchAbort?.abort();
    this.fetchAbort = null;
  }

  /** A signal for a new `src` fetch; starting one aborts the one before. */
  protected fetchSignal(): AbortSignal {
    this.cancelFetch();
    return (this.fetchAbort = new AbortController()).signal;
  }

  protected override firstUpdated(): void {
    this.surface.attach(this.canvas, this.renderer);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('label') || changed.has('colourMax')) this.setAttribute('aria-label', this.describe());
    if (changed.has('maxCanvasPixels')) {
      this.surface.setDetailBudget(this.maxCanvasPixels);
      if (changed.get('maxCanvasPixels') !== undefined) this.paint(null);
    }
  }

  /** Grid columns and rows covering `extent` with `cell`-px cells, within the GPU's texture size. */
  protected gridFor(extent: Extent, cell: number): { width: number; height: number } {
    if (!(cell > 0)) throw new AttributeError(`cell must be a positive number of px, got ${cell}`);
    const max = this.surface.maxGridSize;
    return {
      width: Math.max(1, Math.min(max, Math.ceil((extent[2] - extent[0]) / cell))),
      height: Math.max(1, Math.min(max, Math.ceil((extent[3] - extent[1]) / cell))),
    };
  }

  /** The page extent: the `extent` property, or the element's own box. */
  protected resolvedExtent(): Extent | null {
    const e = this.extent;
    try {
      if (Array.isArray(e)) return parseExtent(e.join(','));
      if (typeof e === 'string' && e.trim()) return parseExtent(e);
    } catch (error) {
      throw new AttributeError((error as Error).message);
    }
    const [w, h] = this.surface.size;
    return w > 0 && h > 0 ? [0, 0, w, h] : null;
  }

  /**
   * Shows a grid the engine computed (null: none), clears an error the data had caused, and
   * hands the grid it replaces back to `engine` as the next request's `into` (double buffering).
   */
  protected showEngineGrid(frame: Frame | null, timings: EngineTimings, engine: EngineController): void {
    if (timings && this.error?.code !== 'invalid-attribute') this.error = null;
    const old = this.show(frame, timings);
    if (old && old.values !== frame?.values) engine.recycle(old.values);
  }

  /** Replaces the frame on screen (null: nothing to show) and draws it. */
  protected show(frame: Frame | null, timings: EngineTimings): Frame | null {
    const old = this.frame;
    this.frame = frame;
    this.colours.reset();
    this.surface.setFrame(surfaceFrame(frame));
    this.paint(timings);
    return old;
  }

  /** The colour stage: colormap, opacity, scale and max applied to the current frame on the GPU. */
  protected paint(timings: EngineTimings): void {
    if (!this.surface.mode) {
      // Said once: every later frame would only repeat it.
      const reason = this.surface.unavailable;
      if (reason && this.error?.code !== 'renderer-unavailable') this.fail({ code: 'renderer-unavailable', message: `the map cannot be drawn: ${reason}` });
      return;
    }
    if (this.surface.contextLost) return;
    const start = performance.now();
    let colour: SurfaceColour;
    try {
      colour = this.colours.resolve({ colormap: this.colormap, scale: this.scale, max: this.max, opacity: this.opacity }, this.frame);
    } catch (error) {
      this.fail({ code: 'invalid-attribute', message: (error as Error).message });
      return;
    }
    try {
      this.surface.draw(colour);
    } catch (error) {
      // Without this a map whose drawing throws would wait forever with nothing on screen.
      this.fail({ code: 'render', message: `the map could not be drawn: ${(error as Error)?.message ?? String(error)}` });
      return;
    }
    const gpu = performance.now() - start;
    // A data error took the map off the canvas: a redraw of nothing (a colour change, a resize)
    // is no frame to report, and listeners would read it as data that was merely empty.
    if (!this.frame && this.error && this.error.code !== 'invalid-attribute') return;
    this.colourMax = colour.maxValue;
    if (this.error?.code === 'invalid-attribute') this.error = null;
    const surface = { renderer: this.surface.mode, context: this.surface.contextKind, texture: this.surface.textureFormat };
    const detail: RenderDetail = { ...renderDetail(this.frame, timings, gpu, colour.maxValue, surface), ...this.renderDetailExtras() };
    this.dispatchEvent(new CustomEvent<RenderDetail>('heatlens-render', { detail, bubbles: true, composed: true }));
  }

  /** Facts a map adds to its `heatlens-render` detail beyond RenderDetail's (e.g. the attention map's drop counts). */
  protected renderDetailExtras(): object {
    return {};
  }

  /**
   * Loads the data again — `src` fetched anew, `points` / `samples` reloaded — and redraws once
   * it is in; the frame on screen stays until then. For live views of a growing store. When the
   * answer on screen came with an ETag, a HEAD asks first and an unchanged `src` costs nothing
   * more (no fetch, no new frame, no `heatlens-render`).
   */
  reload(): void {
    const src = this.src;
    if (this.hasInlineData() || !this.source.knows(src)) return this.reloadData();
    const signal = this.fetchSignal();
    this.source.unchanged(src!, signal).then(
      (same) => {
        if (!same && !signal.aborted) this.reloadData();
      },
      () => undefined, // aborted: newer data or a newer reload took over
    );
  }

  /** Loads the current data again, unconditionally (what `reload()` does when it must). */
  protected abstract reloadData(): void;

  /** Whether the data is set as a property (`points`, `samples`) rather than fetched from `src`. */
  protected abstract hasInlineData(): boolean;

  /** A second colour scale under the legend, for maps that colour a second quantity. */
  protected extraLegend(): TemplateResult | typeof nothing {
    return nothing;
  }

  /** Shows the error state and fires `heatlens-error`. */
  protected fail(detail: ErrorDetail): void {
    // Whatever was fetched is not what the map shows now: the next reload fetches in full.
    this.source.forget();
    this.error = detail;
    this.dispatchEvent(new CustomEvent<ErrorDetail>('heatlens-error', { detail, bubbles: true, composed: true }));
  }

  /**
   * A failure on the way to a frame (fetch, data, engine, attribute): the error state and
   * `heatlens-error`. A data failure also takes the last data's map off the screen, silently: a
   * `heatlens-render` after the error would tell listeners the data was merely empty. A bad
   * attribute keeps the map, since the data on screen is still right.
   */
  protected failData(error: unknown, code: ErrorDetail['code'], engine?: EngineController, message?: string): void {
    this.fail({ code, message: message ?? (error instanceof Error ? error.message : String(error)) });
    if (code === 'invalid-attribute' || !this.frame) return;
    const old = this.frame;
    this.frame = null;
    this.colours.reset();
    this.colourMax = 0;
    this.surface.setFrame(null);
    try {
      this.surface.redraw();
    } catch {
      // The error state covers the canvas; a drawing failure here has nothing to add to it.
    }
    engine?.recycle(old.values);
  }

  /**
   * Reads the drawn pixels back (top-down RGBA, drawing-buffer size) after a fresh draw of the
   * current frame: for tests and exports.
   */
  readPixels(): { width: number; height: number; data: Uint8Array } | null {
    return this.surface.readPixels();
  }

  private describe(): string {
    const frame = this.frame;
    if (!frame) return `${this.label}: no data`;
    return `${this.label}: ${formatCount(frame.total)} ${this.eventNoun}`;
  }

  protected override render(): TemplateResult {
    const r = this.readout.state;
    // The legends and the error state are outside `base`, in the same paint order (over the
    // read-out, the error over the legends): an embedder can clip `base` to keep the read-out
    // on the map and still lift the legends out of it (see the `legends` part).
    return html`<div part="base">
        <slot></slot>
        <canvas part="canvas" aria-hidden="true"></canvas>
        ${r
          ? html`<div part="cursor" style="left:${r.x - r.radiusCss}px;top:${r.y - r.radiusCss}px;width:${2 * r.radiusCss}px;height:${2 * r.radiusCss}px"></div>
              <div part="readout" role="status" aria-live="polite" style="left:${r.x}px;top:${r.y}px">${r.text}</div>`
          : nothing}
      </div>
      ${this.legend
        ? html`<div part="legends">
            <heatlens-legend part="legend" exportparts="bar, label, title" colormap=${this.colormap} scale=${this.scale} .max=${this.colourMax} .unitArea=${UNIT_AREA} noun=${this.eventNoun} measure=${this.legendMeasure}></heatlens-legend>
            ${this.extraLegend()}
          </div>`
        : nothing}
      ${this.error ? html`<div part="error" role="alert">${this.error.message}</div>` : nothing}`;
  }

  /** The read-out's text and circle for the element point (x, y) (CSS px from its top left). */
  protected measureAt(x: number, y: number): { text: string; radiusCss: number } {
    let extent: Extent | null = null;
    try {
      extent = this.resolvedExtent();
    } catch {
      // A bad extent is reported by the render path; the read-out just has nothing to say.
    }
    if (!extent || !this.frame || this.clientWidth === 0) return { text: 'no data', radiusCss: 0 };
    const sx = (extent[2] - extent[0]) / this.clientWidth;
    const sy = (extent[3] - extent[1]) / this.clientHeight;
    const px = extent[0] + x * sx;
    const py = extent[1] + y * sy;
    return { text: this.readoutText(px, py), radiusCss: this.readoutRadius / sx };
  }

  /** The read-out's words at a page point: "≈ 8.2 clicks within 20 px (200, 150)". */
  protected readoutText(px: number, py: number): string {
    return `≈ ${formatCount(this.eventsAt(px, py))} ${this.eventNoun} within ${this.readoutRadius} px (${Math.round(px)}, ${Math.round(py)})`;
  }

  /** Expected events within `readoutRadius` of a page point, from the frame on screen. */
  abstract eventsAt(pageX: number, pageY: number): number;
}
