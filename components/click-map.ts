// `<click-map>`: the element class and its documentation (attributes, events, parts, custom
// properties — read by the custom-elements manifest) are below the imports.
import type { PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { Bandwidth, PointColumns } from '../worker/api.js';
import { EngineController, isAbortError } from './base/engine-controller.js';
import { STAGE, StageScheduler } from './base/stage-scheduler.js';
import { AttributeError, errorCodeOf as errorCode, MapElement, type Frame, type RenderDetail } from './base/map-element.js';
import { eventsNear } from './base/grid-math.js';
import { decodePoints } from './points-source.js';

const { DATA, GRID: DENSITY, COLOUR } = STAGE;

const COLOUR_PROPS = ['colormap', 'opacity', 'scale', 'max'] as const;

const DEFAULT_BANDWIDTH = 15;
const bandwidthConverter = {
  fromAttribute: (value: string | null): Bandwidth => {
    if (value === null || value.trim() === '') return DEFAULT_BANDWIDTH;
    return value.trim() === 'auto' ? 'auto' : Number(value);
  },
  toAttribute: (value: Bandwidth) => (Array.isArray(value) ? value.join(',') : String(value)),
};

/** `heatlens-render`'s detail from `<click-map>`. */
export interface ClickRenderDetail extends RenderDetail {
  /**
   * Clicks the `src` could not place on the layout it was asked for (`GET /v1/points?layout=W`:
   * their element does not appear on that layout); 0 otherwise. They are not in `events`.
   */
  unplaced: number;
}

/**
 * `<click-map>`: a heatmap of clicks over whatever is slotted in (a screenshot `<img>`, an
 * `<iframe>` of the page, any element), aligned in page coordinates. Density is computed by the
 * engine in a Web Worker and coloured on the GPU.
 *
 * Data: `el.points = {x, y, w?}` (typed arrays, CSS px, document-relative; not detached) or the
 * `src` attribute (the ingest API's `GET /v1/points` binary answer, JSON, NDJSON or CSV).
 *
 * Stages (DESIGN.md): new data → load once + bin + smooth; `bandwidth` → re-smooth the cached
 * bins; `extent` / `cell` → re-bin; `colormap`, `opacity`, `scale`, `max` → colour stage only
 * (no engine request). Fast successive changes never show an older frame after a newer one: one
 * latest-wins channel per element and a request counter drop stale results.
 *
 * Tall pages: the grid is at most MAX_TEXTURE_SIZE (8192 here) cells per side and the drawing
 * buffer at most MAX_RENDERBUFFER_SIZE px per side — beyond that both are downsampled (never
 * tiled) and the canvas is stretched by CSS; a 1280 × 12000 page draws into 1280 × 8192 pixels.
 *
 * @element click-map
 * @fires heatlens-render - After each frame: `{bin, smooth, total, gpu, density, renderer, …}`
 *   timings in ms (`bin` = `smooth` = 0 and `density` false for colour-only redraws). Bubbles, composed.
 * @attr bandwidth - σ in page px, or "auto" (default 15).
 * @attr cell - Grid cell size in page px (default 4).
 * @attr max - "95%" (default: a percentile of the non-zero cells, so one hotspot cannot wash out the rest) or an absolute density in events/px²; "100%" is the peak.
 * @attr src - URL of the points (`GET /v1/points` binary, JSON, NDJSON or CSV).
 * @attr legend - Show the legend (events per 100 × 100 px).
 * @csspart readout - The hover / keyboard read-out (expected clicks near the cursor).
 */
export class ClickMap extends MapElement {
  /** Points as parallel columns (CSS px, document-relative); overrides `src`. Not detached. */
  @property({ attribute: false }) points: PointColumns | null = null;
  /** σ in page px, or 'auto' (normal reference rule). */
  @property({ converter: bandwidthConverter }) bandwidth: Bandwidth = DEFAULT_BANDWIDTH;
  /** Grid cell size in page px (smaller: sharper and slower; σ ≥ 2 cells keeps the engine's 0.2% accuracy). */
  @property({ type: Number }) cell = 4;
  override label = 'Click heatmap';
  protected readonly eventNoun = 'clicks';

  /** The worker client (exposed for tests: `engine.densityRequests`). */
  readonly engine = new EngineController(this);

  private readonly stages = new StageScheduler(this, (needs) => this.run(needs));
  /** Clicks the `src` said it could not place on the layout asked for (see ClickRenderDetail). */
  private unplaced = 0;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.hasUpdated) return;
    if (changed.has('points') || changed.has('src')) this.schedule(DATA);
    else if (changed.has('bandwidth') || changed.has('cell') || changed.has('extent')) this.schedule(DENSITY);
    else if (COLOUR_PROPS.some((p) => changed.has(p))) this.schedule(COLOUR);
  }

  protected surfaceResized(): void {
    // Only the default extent follows the element's size; otherwise the same grid is redrawn.
    this.schedule(this.extent === null || this.extent === '' ? DENSITY : COLOUR);
  }

  eventsAt(pageX: number, pageY: number): number {
    return this.frame ? eventsNear(this.frame, pageX, pageY, this.readoutRadius) : 0;
  }

  protected override renderDetailExtras(): Omit<ClickRenderDetail, keyof RenderDetail> {
    return { unplaced: this.unplaced };
  }

  protected override reloadData(): void {
    this.schedule(DATA);
  }

  protected override hasInlineData(): boolean {
    return this.points !== null && this.points !== undefined;
  }

  private schedule(level: number): void {
    this.stages.request(level);
  }

  private async run(needs: number): Promise<void> {
    try {
      if (needs & DATA) this.loadData();
      if (needs & (DATA | DENSITY)) await this.computeDensity();
      else this.paint(null);
    } catch (error) {
      if (isAbortError(error)) return;
      this.failData(error, errorCode(error), this.engine);
    }
  }

  /** Starts loading the current data into the engine (fetching `src` if there are no `points`). */
  private loadData(): void {
    this.cancelFetch();
    this.unplaced = 0;
    let data: Promise<PointColumns | null>;
    if (this.points) data = Promise.resolve(this.points);
    else if (this.src) {
      const src = this.src;
      data = this.source.fetch(src, 'points', this.fetchSignal(), (fetched) => {
        const points = decodePoints(fetched.buffer, fetched.contentType, src);
        // A newer load aborts this fetch before it gets here, so this is the data being loaded.
        this.unplaced = points.unplaced ?? 0;
        return points;
      });
    } else data = Promise.resolve(null);
    const loading = this.engine.setPoints(data);
    // Errors surface through the density request that waits for the data; keep this one quiet.
    loading.catch(() => undefined);
  }

  private async computeDensity(): Promise<void> {
    const extent = this.resolvedExtent();
    if (!extent) return;
    const { width, height } = this.gridFor(extent, this.cell);
    const bandwidth = this.bandwidth;
    if (typeof bandwidth === 'number' && !(bandwidth > 0)) throw new AttributeError(`bandwidth must be a positive number of px or "auto", got ${bandwidth}`);
    const result = await this.engine.density({ extent, width, height, bandwidth });
    if (result === 'stale') return;
    if (result === 'empty') return this.showEngineGrid(null, { bin: 0, smooth: 0, total: 0 }, this.engine);
    const frame: Frame = {
      values: result.values,
      width: result.width,
      height: result.height,
      extent: result.extent,
      peak: result.max,
      total: result.total,
      dropped: result.dropped,
      bandwidth: result.bandwidth,
    };
    this.showEngineGrid(frame, result.timings, this.engine);
  }
}
