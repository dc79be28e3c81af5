// `<attention-map>`: the element class and its documentation (attributes, events, parts — read
// by the custom-elements manifest) are below the imports.
import type { PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { ATTENTION_DEFAULTS, type AttentionParams, type AttentionResult, type AttentionSamples } from '../worker/api.js';
import { EngineController, isAbortError } from './base/engine-controller.js';
import { eventsNear, formatCount } from './base/grid-math.js';
import { errorCodeOf, MapElement, type Frame, type RenderDetail } from './base/map-element.js';
import { STAGE, StageScheduler } from './base/stage-scheduler.js';
import { decodeMoves, type FetchedMoves } from './moves-source.js';

const { DATA, GRID: ATTENTION, COLOUR } = STAGE;

const COLOUR_PROPS = ['colormap', 'opacity', 'scale', 'max'] as const;
/** Properties the engine's attention request depends on (the engine decides what to redo). */
const REQUEST_PROPS = ['spread', 'lag', 'speedThreshold', 'idleCap', 'fastWeight', 'perSession', 'cell', 'extent'] as const;
const NUMBER_PARAMS = ['spread', 'lag', 'speedThreshold', 'fastWeight', 'idleCap'] as const;

/** `heatlens-render`'s detail on an attention map: RenderDetail plus the engine's counts. */
export interface AttentionRenderDetail extends RenderDetail {
  /** Weighing the samples in the engine, ms (0: the cached weights were reused). */
  weigh: number;
  /** Seconds of attention inside the extent (= `events`). */
  seconds: number;
  /** Sessions that contributed (two or more usable samples). */
  sessions: number;
  /** Samples kept. */
  kept: number;
  /** Samples the engine dropped, by reason (`dropped` is their total). */
  drops: AttentionResult['dropped'] | null;
  /** Samples whose dwell was cut to the idle cap. */
  idleCapped: number;
  /** The samples were not grouped by session and in time order (the engine sorted them; nothing dropped). */
  reordered: boolean;
  /** How many samples stepped back in time (and in how many sessions), were fast, or were idle-capped; null before data. */
  counts: AttentionResult['counts'] | null;
  /** The parameters the engine used, defaults filled in. */
  params: Required<AttentionParams> | null;
  /**
   * `src` answered with fewer visits than matched (the ingest's `limit`): the map shows the
   * whole visits it sent, a uniform sample of the visits that matched.
   */
  truncated: boolean;
}

/** The engine names parameters as properties ("speedThreshold must be…"); a page author wrote attributes. */
function inAttributeTerms(message: string): string {
  return message.replace(/^(speedThreshold|fastWeight|idleCap|perSession)\b/, (name) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
}

/** A microsecond of attention: less is numerical noise, read out as none. */
const NEGLIGIBLE_SECONDS = 1e-6;

/** "~4%", "<1%" for a sliver, "0%" for nothing. */
function formatShare(share: number): string {
  if (!(share > 0)) return '0%';
  const pct = share * 100;
  return pct < 0.5 ? '<1%' : `~${Math.round(pct)}%`;
}

/**
 * `<attention-map>`: where visitors looked, estimated from their cursors, over whatever is
 * slotted in. Cursor samples are a gaze proxy (DESIGN.md "Attention"): each sample weighs its
 * dwell (time to the session's next sample, capped at `idle-cap`), fast ballistic moves are
 * discounted (`speed-threshold`, `fast-weight`), attention is placed where the cursor is `lag`
 * ms later and spread by a Gaussian of σ `spread` px; the defaults and their sources are the
 * engine's (`ATTENTION_DEFAULTS` in worker/api.ts). Values are seconds of attention per px²:
 * the legend reads seconds per 100 × 100 px, the read-out the share of all attention near the
 * cursor ("~4% of attention").
 *
 * Data: `el.samples = {session, ts, x, y}` (columns; ts in ms, x / y in page px; session ids
 * numbers or strings; not detached) or the `src` attribute: the ingest API's `GET /v1/moves`
 * answer (binary or `format=json`), JSON columns or rows, NDJSON or CSV (`session,ts,x,y`).
 *
 * Stages: new data → loaded into the engine once; `lag`, `idle-cap`, `speed-threshold`,
 * `fast-weight`, `per-session` → re-weigh; `spread` → re-smooth the cached bins; `extent` /
 * `cell` → re-bin; colour attributes → the GPU only. `heatlens-render`'s detail adds `weigh`,
 * `seconds`, `sessions`, `kept`, `drops` (non-finite, backwards, duplicate, single-sample),
 * `idleCapped`, `reordered`, `params` and `truncated` (AttentionRenderDetail).
 *
 * @element attention-map
 * @attr spread - σ of the gaze–cursor distance in page px (engine default).
 * @attr lag - How far the cursor trails gaze, ms (engine default).
 * @attr speed-threshold - Cursor speed in px/s above which a move is ballistic, not reading (engine default).
 * @attr fast-weight - Weight of a ballistic sample's dwell, 0…1 (engine default).
 * @attr idle-cap - Longest dwell one sample is credited with, seconds (engine default).
 * @attr per-session - Give every session the same total attention.
 * @attr cell - Grid cell size in page px (default 4).
 * @attr src - URL of the cursor samples.
 * @attr legend - Show the legend (seconds of attention per 100 × 100 px).
 * @attr readout-radius - Radius of the read-out's disc in page px (default 56: the legend's unit area).
 * @csspart readout - "~4% of attention" near the cursor, with its seconds.
 */
export class AttentionMap extends MapElement {
  /** Cursor samples as parallel columns; overrides `src`. Not detached. */
  @property({ attribute: false }) samples: AttentionSamples | null = null;
  /** σ of the gaze–cursor distance, page px. */
  @property({ type: Number }) spread: number = ATTENTION_DEFAULTS.spread;
  /** Gaze leads the cursor by this many ms: attention is placed where the cursor is then. */
  @property({ type: Number }) lag: number = ATTENTION_DEFAULTS.lag;
  /** px/s above which a move is ballistic. */
  @property({ type: Number, attribute: 'speed-threshold' }) speedThreshold: number = ATTENTION_DEFAULTS.speedThreshold;
  /** Weight (0…1) of a ballistic sample's dwell. */
  @property({ type: Number, attribute: 'fast-weight' }) fastWeight: number = ATTENTION_DEFAULTS.fastWeight;
  /** Longest dwell one sample is credited with, seconds (an idle cursor is not attention). */
  @property({ type: Number, attribute: 'idle-cap' }) idleCap: number = ATTENTION_DEFAULTS.idleCap;
  /** Every session contributes the same total attention. */
  @property({ type: Boolean, attribute: 'per-session' }) perSession: boolean = ATTENTION_DEFAULTS.perSession;
  /** Grid cell size in page px. */
  @property({ type: Number }) cell = 4;
  override label = 'Attention map';
  /**
   * The read-out's disc has the legend's unit area (π·56² ≈ 100 × 100 px): attention spreads
   * over the gaze–cursor distance, so a click map's 20 px disc would hold a sliver of it.
   */
  override readoutRadius = 56;
  protected readonly eventNoun = 'seconds of attention';

  /** The worker client (exposed for tests: `engine.densityRequests`, `engine.loads`). */
  readonly engine = new EngineController(this);
  /** The last attention result on screen (null: none). */
  result: AttentionResult | null = null;

  private readonly stages = new StageScheduler(this, (needs) => this.run(needs));

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.hasUpdated) return;
    if (changed.has('samples') || changed.has('src')) this.schedule(DATA);
    else if (REQUEST_PROPS.some((p) => changed.has(p))) this.schedule(ATTENTION);
    else if (COLOUR_PROPS.some((p) => changed.has(p))) this.schedule(COLOUR);
  }

  protected surfaceResized(): void {
    // Only the default extent follows the element's size; otherwise the same grid is redrawn.
    this.schedule(this.extent === null || this.extent === '' ? ATTENTION : COLOUR);
  }

  /** Seconds of attention within `readoutRadius` px of a page point. */
  eventsAt(pageX: number, pageY: number): number {
    return this.frame ? eventsNear(this.frame, pageX, pageY, this.readoutRadius) : 0;
  }

  /** The share (0…1) of all attention in the extent that lies within `readoutRadius` px of a page point. */
  shareAt(pageX: number, pageY: number): number {
    const total = this.frame?.total ?? 0;
    return total > 0 ? Math.min(1, this.eventsAt(pageX, pageY) / total) : 0;
  }

  protected override readoutText(px: number, py: number): string {
    // Far from every sample the Gaussian tails leave float32 crumbs (1e-30 s): say nothing is there.
    const seconds = this.eventsAt(px, py);
    const share = seconds < NEGLIGIBLE_SECONDS ? 0 : this.shareAt(px, py);
    return `${formatShare(share)} of attention (${formatCount(share > 0 ? seconds : 0)} s) within ${this.readoutRadius} px (${Math.round(px)}, ${Math.round(py)})`;
  }

  protected override renderDetailExtras(): Omit<AttentionRenderDetail, keyof RenderDetail> {
    const r = this.frame ? this.result : null;
    return {
      weigh: this.lastWeigh,
      seconds: r?.total ?? 0,
      sessions: r?.sessions ?? 0,
      kept: r?.kept ?? 0,
      drops: r?.dropped ?? null,
      idleCapped: r?.idleCapped ?? 0,
      reordered: r?.reordered ?? false,
      counts: r?.counts ?? null,
      params: r?.params ?? null,
      truncated: r !== null && this.truncated,
    };
  }

  /** The weighing time of the frame being painted (0 for colour-only redraws). */
  private lastWeigh = 0;
  /** Whether the current data came from a truncated `src` answer, and which data that is. */
  private truncated = false;
  private current: object = {};

  protected override reloadData(): void {
    this.schedule(DATA);
  }

  protected override hasInlineData(): boolean {
    return this.samples !== null && this.samples !== undefined;
  }

  private schedule(level: number): void {
    this.stages.request(level);
  }

  private async run(needs: number): Promise<void> {
    this.lastWeigh = 0;
    try {
      if (needs & DATA) this.loadData();
      if (needs & (DATA | ATTENTION)) await this.computeAttention();
      else this.paint(null);
    } catch (error) {
      if (isAbortError(error)) return;
      const code = errorCodeOf(error);
      const message = error instanceof Error ? error.message : String(error);
      if (code !== 'invalid-attribute') this.result = null;
      this.failData(error, code, this.engine, code === 'invalid-attribute' ? inAttributeTerms(message) : message);
    }
  }

  /** Starts loading the current samples into the engine (fetching `src` if there are none). */
  private loadData(): void {
    this.cancelFetch();
    let data: Promise<AttentionSamples | null>;
    if (this.samples) data = Promise.resolve(this.samples);
    else if (this.src) {
      const src = this.src;
      data = this.source.fetch(src, 'cursor samples', this.fetchSignal(), (fetched) => decodeMoves(fetched.buffer, fetched.contentType, src));
    }
    else data = Promise.resolve(null);
    const mine = (this.current = {});
    this.truncated = false;
    const loading = this.engine.setData(data, (engine, samples) => {
      // Data replaced before it arrived says nothing about the data on screen.
      if (this.current === mine) this.truncated = (samples as FetchedMoves).truncated === true;
      // transfer: false — the caller's columns stay usable; fetched ones are views of one buffer.
      return samples.ts.length === 0 ? null : engine.loadAttention(samples, { transfer: false });
    });
    // Errors surface through the attention request that waits for the data; keep this one quiet.
    loading.catch(() => undefined);
  }

  /**
   * The request's parameters; a removed attribute (null) falls back to the engine's default.
   * The engine validates them (its message is reworded to name the attribute, see `run`).
   */
  private params(): AttentionParams {
    const out: AttentionParams = { perSession: this.perSession };
    for (const key of NUMBER_PARAMS) {
      const value = this[key];
      if (value !== null && value !== undefined) out[key] = value;
    }
    return out;
  }

  private async computeAttention(): Promise<void> {
    const extent = this.resolvedExtent();
    if (!extent) return;
    const { width, height } = this.gridFor(extent, this.cell);
    const params = this.params();
    const result = await this.engine.grid(width * height, (engine, dataset, into, channel) =>
      engine.attention({ ...params, dataset, extent, width, height, channel, into }),
    );
    if (result === 'stale') return;
    if (result === 'empty') return this.clearFrame({ bin: 0, smooth: 0, total: 0 });
    this.result = result;
    const frame: Frame = {
      values: result.values,
      width: result.width,
      height: result.height,
      extent: result.extent,
      peak: result.max,
      total: result.total,
      dropped: result.dropped.total,
      bandwidth: [result.params.spread, result.params.spread],
    };
    this.lastWeigh = result.timings.weigh;
    this.showEngineGrid(frame, result.timings, this.engine);
  }

  private clearFrame(timings: { bin: number; smooth: number; total: number }): void {
    this.result = null;
    this.showEngineGrid(null, timings, this.engine);
  }
}
