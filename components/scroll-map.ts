// `<scroll-map>`: the element class and its documentation (attributes, events, parts, custom
// properties — read by the custom-elements manifest) are below the imports.
import { css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ScrollDepthResult, ScrollSamples } from '../worker/api.js';
import { EngineController, isAbortError } from './base/engine-controller.js';
import { AttributeError, MapElement, type ErrorDetail, type Frame } from './base/map-element.js';
import { PointsSourceError } from './points-source.js';

/** Columns of the texture: the reach gradient, plus the time-in-view band as the last one. */
const COLUMNS = 12;

export interface ScrollMarker {
  kind: 'reach-75' | 'reach-50' | 'reach-25' | 'fold';
  /** Page px from the top. */
  depth: number;
  label: string;
}

type Row = Record<string, unknown>;

function num(v: unknown): number {
  if (v === null || v === undefined || v === '') return NaN;
  return typeof v === 'number' ? v : Number(v);
}

function fromRows(rows: Row[]): ScrollSamples {
  const session: (string | number)[] = [];
  const ts: number[] = [];
  const y: number[] = [];
  const vh: number[] = [];
  const dh: number[] = [];
  for (const r of rows) {
    if (!r || typeof r !== 'object') throw new PointsSourceError('bad-data', 'scroll samples: every row must be an object with session, ts, y, vh, dh');
    const s = r.session;
    session.push(typeof s === 'number' ? s : String(s));
    ts.push(num(r.ts ?? r.t));
    y.push(num(r.y));
    vh.push(num(r.vh));
    dh.push(num(r.dh));
  }
  return columns(session, ts, y, vh, dh);
}

function columns(session: readonly (string | number)[], ts: number[], y: number[], vh: number[], dh: number[]): ScrollSamples {
  const numeric = session.every((s) => typeof s === 'number');
  return {
    session: numeric ? Float64Array.from(session as number[]) : session.map(String),
    ts: Float64Array.from(ts),
    y: Float64Array.from(y),
    vh: Float64Array.from(vh),
    dh: Float64Array.from(dh),
  };
}

/** Parses a scroll-samples document: ingest JSON, column JSON, row JSON, NDJSON or CSV. */
export function parseScrollSamples(text: string): ScrollSamples {
  const trimmed = text.trim();
  if (trimmed === '') throw new PointsSourceError('bad-data', 'scroll samples: empty document');
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let doc: unknown;
    try {
      doc = JSON.parse(trimmed);
    } catch {
      // NDJSON: one object per line.
      const rows = trimmed.split(/\r?\n/).filter((l) => l.trim() !== '').map((l) => {
        try {
          return JSON.parse(l) as Row;
        } catch {
          throw new PointsSourceError('bad-data', 'scroll samples: not JSON, NDJSON or CSV');
        }
      });
      return fromRows(rows);
    }
    if (Array.isArray(doc)) return fromRows(doc as Row[]);
    const o = doc as Record<string, unknown>;
    const arr = (k: string) => (Array.isArray(o[k]) ? (o[k] as unknown[]) : null);
    const sess = arr('visit') ?? arr('session');
    const t = arr('t') ?? arr('ts');
    const ys = arr('y'), vhs = arr('vh'), dhs = arr('dh');
    if (!sess || !t || !ys || !vhs || !dhs) throw new PointsSourceError('bad-data', 'scroll samples: JSON needs the columns session (or visit), ts (or t), y, vh and dh');
    const n = sess.length;
    if (t.length !== n || ys.length !== n || vhs.length !== n || dhs.length !== n) throw new PointsSourceError('bad-data', 'scroll samples: columns differ in length');
    return columns(sess as (string | number)[], t.map(num), ys.map(num), vhs.map(num), dhs.map(num));
  }
  const lines = trimmed.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0].split(',').map((h) => h.trim());
  for (const k of ['session', 'ts', 'y', 'vh', 'dh']) {
    if (!header.includes(k)) throw new PointsSourceError('bad-data', `scroll samples: the CSV header needs session,ts,y,vh,dh (missing ${k})`);
  }
  const rows = lines.slice(1).map((l) => {
    const cells = l.split(',');
    const r: Row = {};
    header.forEach((h, i) => (r[h] = h === 'session' ? cells[i]?.trim() : cells[i]));
    return r;
  });
  return fromRows(rows);
}

function errorCode(error: unknown): ErrorDetail['code'] {
  if (error instanceof PointsSourceError) return error.code;
  if (error instanceof AttributeError) return 'invalid-attribute';
  const code = (error as { code?: string } | null)?.code;
  return code === 'invalid-request' ? 'bad-data' : 'engine';
}

/**
 * `<scroll-map>`: how far down visitors get, over whatever is slotted in (a screenshot `<img>`,
 * an `<iframe>`, any element). The share of visitors whose viewport bottom reached each depth is
 * computed by the engine in a Web Worker (`engine.scrollDepth`, unit px) and drawn as a vertical
 * colour gradient with regl through the shared base; labelled markers show where 75 %, 50 % and
 * 25 % of visitors still are and the average fold; `time-in-view` adds a band on the right
 * edge coloured by the mean seconds each depth spent in the viewport.
 *
 * Data: `el.samples = {session, ts, y, vh, dh}` (columns, CSS px and ms; not detached) or the
 * `src` attribute: the ingest API's `GET /v1/scroll?…&mode=samples&format=json` answer, or JSON
 * (columns or an array of rows), NDJSON or CSV with the columns `session,ts,y,vh,dh`.
 *
 * @element scroll-map
 * @fires heatlens-render - After each frame: `{bin, total, gpu, density, renderer, …}` timings in ms.
 * @fires heatlens-error - A failed fetch, bad data or a bad attribute: `{code, message}`.
 * @attr cell - Depth bin size in page px (default 4).
 * @attr time-in-view - Show the time-in-view band.
 * @attr max - Colour max as a share of visitors (default 1: every visitor), or a percentile like "95%".
 * @attr src - URL of the scroll samples (`GET /v1/scroll?mode=samples`, JSON, NDJSON or CSV).
 * @csspart marker - A depth marker line (`data-kind` = reach-75, reach-50, reach-25 or fold).
 * @csspart marker-label - A marker's label.
 * @csspart readout - "62% of visitors reach this point".
 * @csspart time-legend - With `legend` and `time-in-view`: the band's scale in seconds in view; its `bar`, `label` and `title` parts are exported as `time-bar`, `time-label`, `time-title`.
 * @cssprop --heatlens-marker-color - Colour of the depth markers and their labels (white, 95%).
 */
export class ScrollMap extends MapElement {
  static override styles = css`
      ${MapElement.styles}
      [part='marker'] {
        position: absolute;
        left: 0;
        right: 0;
        height: 0;
        border-top: 1px dashed var(--heatlens-marker-color, rgb(255 255 255 / 0.95));
        box-shadow: 0 0 0 0.5px rgb(0 0 0 / 0.6);
        pointer-events: none;
      }
      [part='marker'][data-kind='fold'] {
        border-top-style: solid;
      }
      [part='marker-label'] {
        position: absolute;
        left: 6px;
        bottom: 2px;
        padding: 1px 5px;
        border-radius: 3px;
        white-space: nowrap;
        background: var(--heatlens-readout-background, rgb(0 0 0 / 0.78));
        color: var(--heatlens-readout-color, #fff);
      }
    `;

  /** Scroll samples as parallel columns; overrides `src`. Not detached. */
  @property({ attribute: false }) samples: ScrollSamples | null = null;
  /** Depth bin size in page px. */
  @property({ type: Number }) cell = 4;
  /** Show the time-in-view band on the right edge. */
  @property({ type: Boolean, reflect: true, attribute: 'time-in-view' }) timeInView = false;
  /** The longest mean time in view of any depth bin, s: the top of the band's colour scale. */
  @state() private timeMax = 0;
  override max = '1';
  override label = 'Scroll map';
  protected readonly eventNoun = 'visitors';
  // Colours are shares of visitors (0…1), so the legend reads 0%…100% "of visitors".
  protected override readonly legendMeasure = 'share' as const;

  /** The worker client (exposed for tests: `engine.scrollRequests`). */
  readonly engine = new EngineController(this);
  /** The last scroll-depth result (null: no data). */
  result: ScrollDepthResult | null = null;

  private scheduled = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.schedule();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.hasUpdated) return;
    if (changed.has('samples') || changed.has('src') || changed.has('cell') || changed.has('extent')) this.schedule();
    else if (changed.has('timeInView')) this.showResult();
    else if (['colormap', 'opacity', 'scale', 'max'].some((p) => changed.has(p as keyof ScrollMap))) this.paint(null);
  }

  protected surfaceResized(): void {
    if (this.extent === null || this.extent === '') this.schedule();
    else this.paint(null);
  }

  /** Share of visitors (0…1) whose viewport bottom reached this page depth. */
  reachedAt(depth: number): number {
    const r = this.result;
    if (!r || r.sessions === 0) return 0;
    if (depth <= 0) return 1;
    const i = Math.floor((depth / r.maxDepth) * r.bins);
    return i >= r.bins ? r.reached[r.bins - 1] : r.reached[i];
  }

  eventsAt(_pageX: number, pageY: number): number {
    return this.reachedAt(pageY);
  }

  /** The depth markers in page px: 75 / 50 / 25 % reached and the average fold. */
  get markers(): ScrollMarker[] {
    const r = this.result;
    if (!r || r.sessions === 0) return [];
    const out: ScrollMarker[] = [];
    for (const p of [75, 50, 25] as const) {
      // The deepest bin end that at least p % of visitors passed.
      let i = 0;
      while (i < r.bins && r.reached[i] >= p / 100) i++;
      if (i === 0) continue;
      out.push({ kind: `reach-${p}`, depth: r.binEdges[i], label: `${p}% reach here` });
    }
    out.push({ kind: 'fold', depth: r.fold.mean, label: `average fold (${Math.round(r.fold.mean)} px)` });
    return out;
  }

  protected override reloadData(): void {
    this.schedule();
  }

  protected override hasInlineData(): boolean {
    return this.samples !== null && this.samples !== undefined;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.updateComplete.then(() => {
      this.scheduled = false;
      if (this.isConnected) void this.run();
    });
  }

  private async run(): Promise<void> {
    try {
      this.cancelFetch();
      let samples: ScrollSamples | null = this.samples;
      if (!samples && this.src) samples = await this.source.fetch(this.src, 'scroll samples', this.fetchSignal(), (fetched) => parseScrollSamples(new TextDecoder().decode(fetched.buffer)));
      if (!(this.cell > 0)) throw new AttributeError(`cell must be a positive number of px, got ${this.cell}`);
      const extent = this.resolvedExtent();
      if (!extent) return;
      if (!samples || samples.session.length === 0) {
        this.result = null;
        if (this.error?.code !== 'invalid-attribute') this.error = null;
        this.showResult(null);
        return;
      }
      const maxDepth = extent[3];
      const bins = Math.max(1, Math.min(100_000, Math.ceil(maxDepth / this.cell)));
      const result = await this.engine.scrollDepth({ samples, bins, unit: 'px', maxDepth });
      if (result === 'stale') return;
      this.result = result;
      if (this.error?.code !== 'invalid-attribute') this.error = null;
      this.showResult({ bin: result.timings.group + result.timings.bin, smooth: 0, total: result.timings.total });
    } catch (error) {
      if (isAbortError(error)) return;
      const code = errorCode(error);
      if (code !== 'invalid-attribute') this.result = null;
      this.failData(error, code);
      // The markers follow `result`.
      this.requestUpdate();
    }
  }

  /** Builds the texture (reach gradient + time-in-view column) for the extent and draws it. */
  private showResult(timings: { bin: number; smooth: number; total: number } | null = null): void {
    const r = this.result;
    let extent = null;
    try {
      extent = this.resolvedExtent();
    } catch {
      extent = null;
    }
    if (!r || !extent || r.sessions === 0) {
      this.show(null, timings ?? { bin: 0, smooth: 0, total: 0 });
      this.requestUpdate();
      return;
    }
    const rows = Math.max(1, Math.min(this.surface.maxGridSize, Math.ceil((extent[3] - extent[1]) / this.cell)));
    const values = new Float32Array(rows * COLUMNS);
    let tMax = 0;
    for (let i = 0; i < r.bins; i++) tMax = Math.max(tMax, r.timeInView[i]);
    this.timeMax = tMax;
    const rowH = (extent[3] - extent[1]) / rows;
    for (let j = 0; j < rows; j++) {
      const depth = extent[1] + (j + 0.5) * rowH;
      const reach = this.reachedAt(depth);
      const bin = Math.min(r.bins - 1, Math.max(0, Math.floor((depth / r.maxDepth) * r.bins)));
      const t = tMax > 0 ? r.timeInView[bin] / tMax : 0;
      for (let c = 0; c < COLUMNS; c++) values[j * COLUMNS + c] = c === COLUMNS - 1 && this.timeInView ? t : reach;
    }
    const frame: Frame = { values, width: COLUMNS, height: rows, extent, peak: 1, total: r.sessions, dropped: r.dropped, bandwidth: [0, 0] };
    this.show(frame, timings);
    this.requestUpdate();
  }

  /** The time-in-view band's scale: its colours run from 0 to the longest mean time in view. */
  protected override extraLegend(): TemplateResult | typeof nothing {
    if (!this.timeInView || !(this.timeMax > 0)) return nothing;
    return html`<heatlens-legend
      part="time-legend"
      exportparts="bar: time-bar, label: time-label, title: time-title"
      colormap=${this.colormap}
      scale=${this.scale}
      .max=${this.colourMax * this.timeMax}
      measure="value"
      noun="seconds in view (right-hand band)"
    ></heatlens-legend>`;
  }

  protected override measureAt(x: number, y: number): { text: string; radiusCss: number } {
    let extent = null;
    try {
      extent = this.resolvedExtent();
    } catch {
      extent = null;
    }
    if (!extent || !this.result || this.result.sessions === 0 || this.clientHeight === 0) return { text: 'no data', radiusCss: 0 };
    const depth = extent[1] + (y * (extent[3] - extent[1])) / this.clientHeight;
    const pct = Math.round(this.reachedAt(depth) * 100);
    let text = `${pct}% of visitors reach this point`;
    if (this.timeInView) {
      const r = this.result;
      const bin = Math.min(r.bins - 1, Math.max(0, Math.floor((depth / r.maxDepth) * r.bins)));
      text += ` · ${r.timeInView[bin].toFixed(1)} s in view`;
    }
    return { text, radiusCss: 0 };
  }

  protected override render(): TemplateResult {
    let extent = null;
    try {
      extent = this.resolvedExtent();
    } catch {
      extent = null;
    }
    const h = this.clientHeight;
    const markers = extent && h > 0 && !this.error ? this.markers : [];
    const top = (depth: number) => ((depth - extent![1]) / (extent![3] - extent![1])) * h;
    return html`${super.render()}
    ${markers.length
      ? markers.map(
          (m) => html`<div part="marker" data-kind=${m.kind} style="top:${top(m.depth)}px"><span part="marker-label">${m.label}</span></div>`,
        )
      : nothing}`;
  }
}
