/**
 * The engine's public contract: the same promise-based API in browsers (kernels in a Web
 * Worker behind comlink) and in Node (kernels in-process). Everything here is plain data so it
 * crosses a worker boundary unchanged.
 */

/**
 * Points as parallel columns, CSS pixels, document-relative; `w` defaults to 1 per point.
 * Typed arrays are best (Float32Array is stored as is); plain arrays of numbers are accepted.
 */
export type PointColumn = Float32Array | Float64Array | number[];
export interface PointColumns {
  x: PointColumn;
  y: PointColumn;
  w?: PointColumn;
}

/** [x0, y0, x1, y1] in CSS pixels; points on the boundary are inside. */
export type Extent = readonly [number, number, number, number];

/** σ in CSS pixels: one number for both axes, a pair [σx, σy], or 'auto' (normal reference rule). */
export type Bandwidth = number | readonly [number, number] | 'auto';

export interface DensityRequest {
  /** A dataset loaded with `load`, or inline points (loaded, used and disposed in one call). */
  dataset?: DatasetId;
  points?: PointColumns;
  extent?: Extent; // default [0, 0, width, height]
  width: number; // grid columns
  height: number; // grid rows
  bandwidth?: Bandwidth; // default 'auto'
  /** Requests sharing a channel cancel each other: only the latest one resolves ("latest wins"). */
  channel?: string;
  /**
   * A Float32Array of width × height to write the values into (it comes back as `values`), so
   * that redrawing allocates nothing. In browsers it travels to the worker and back by transfer.
   */
  into?: Float32Array;
}

export interface StageTimings {
  /** Milliseconds spent binning in this call (0 when the cached bins were reused). */
  bin: number;
  /** Milliseconds spent smoothing in this call (0 when the cached density was reused). */
  smooth: number;
  /** Milliseconds the whole request took inside the engine, copies included. */
  total: number;
}

export interface DensityResult {
  /** Density in weight per px², row-major, row 0 at the top, width × height cells. */
  values: Float32Array;
  width: number;
  height: number;
  extent: [number, number, number, number];
  /** The σ actually used, in CSS pixels, per axis. */
  bandwidth: [number, number];
  /** Largest value in `values`. */
  max: number;
  /** Total weight of the points inside the extent (the expected number of events). */
  total: number;
  /** Points kept (inside the extent, finite, weight ≥ 0). */
  kept: number;
  /** Points dropped: outside the extent, non-finite coordinate or weight, or negative weight. */
  dropped: number;
  timings: StageTimings;
}

export type DatasetId = number;

export interface DatasetInfo {
  id: DatasetId;
  /** Points held (every point loaded or appended, including ones a given extent would drop). */
  count: number;
  /** Bytes the engine holds for this dataset's points. */
  pointBytes: number;
}

export interface EngineStats {
  datasets: number;
  points: number;
  pointBytes: number;
  /** Bytes held by cached grids (bins and densities). */
  gridBytes: number;
  /** Working space kept for smoothing (reused by every request). */
  scratchBytes: number;
  /** Size of the WebAssembly linear memory. */
  memoryBytes: number;
  /** Threads the kernels run on (1 unless memory can be shared: Node, or a cross-origin isolated page). */
  threads: number;
}

export interface LoadOptions {
  /**
   * Move (transfer) the arrays to the worker instead of copying them: zero-copy, but the caller's
   * arrays are detached afterwards. Default true in browsers; ignored in Node.
   */
  transfer?: boolean;
}

/**
 * Scroll samples of many sessions as parallel columns, one entry per sample, in any order.
 * `session` identifies the session: integers (dense indices are used as they are; sparse or
 * large ones are renumbered) or strings. `ts` is in ms (any origin, ≥ 0); `y` (scrollY), `vh`
 * (viewport height) and `dh` (document height) are CSS px.
 */
export type SessionColumn = Int32Array | Uint32Array | Float64Array | readonly number[] | readonly string[];
export interface ScrollSamples {
  session: SessionColumn;
  ts: Float64Array | readonly number[];
  y: PointColumn;
  vh: PointColumn;
  dh: PointColumn;
}

/** 'percent': depth as % of each sample's document height (default); 'px': CSS px from the top. */
export type DepthUnit = 'px' | 'percent';

export interface ScrollDepthRequest {
  samples: ScrollSamples;
  /** Depth bins, from the top of the page: an integer from 1 to 100000. */
  bins: number;
  unit?: DepthUnit; // default 'percent'
  /** With unit 'px': the depth the bins cover (default: the largest document height seen). */
  maxDepth?: number;
  /** Longest gap between two samples credited as time in view, in seconds (default 30). */
  idleCap?: number;
}

export interface FoldStats {
  /** Viewport heights, one per session (its first sample), in the request's unit. */
  mean: number;
  /** Quartiles, Hyndman & Fan type 7 (R's and NumPy's default): linear between order statistics. */
  p25: number;
  p50: number;
  p75: number;
}

export interface ScrollDepthResult {
  bins: number;
  unit: DepthUnit;
  /** bins + 1 edges in the unit: bin i covers [binEdges[i], binEdges[i + 1]). */
  binEdges: Float64Array;
  /** Share of sessions whose deepest viewport bottom passed the start of bin i: 1 at i = 0, non-increasing. */
  reached: Float64Array;
  /**
   * Mean seconds each bin spent inside the viewport, over sessions with two or more samples; a
   * bin partly in view counts for the visible share; each gap between samples counts at most
   * `idleCap` seconds.
   */
  timeInView: Float64Array;
  fold: FoldStats;
  /** Sessions with at least one valid sample (the denominator of `reached`). */
  sessions: number;
  /** Sessions with at least two valid samples (the denominator of `timeInView`). */
  timedSessions: number;
  /** Valid samples used. */
  samples: number;
  /** Samples dropped: non-finite value, negative time, viewport or document height ≤ 0, bad session id. */
  dropped: number;
  /** Samples whose scrollY lay outside [0, dh − vh] and was clamped into it. */
  clamped: number;
  /** Sessions whose samples were out of time order (they are sorted, nothing is dropped). */
  reordered: number;
  /** The depth the bins cover, in the unit (100 for percent). */
  maxDepth: number;
  /** The idle cap used, in seconds. */
  idleCap: number;
  /**
   * Milliseconds: copying the columns into engine memory (session ids numbered), validating and
   * grouping them by session, binning (sorting late samples, reach, fold, time), and the whole call.
   */
  timings: { copy: number; group: number; bin: number; total: number };
}

/**
 * Cursor samples of many sessions as parallel columns, one entry per sample, in any order
 * (grouped by session and put in time order by the engine). `session` as for scroll samples;
 * `ts` in ms (any origin, ≥ 0); `x`, `y` the cursor in page px (pageX, pageY).
 */
export interface AttentionSamples {
  session: SessionColumn;
  ts: Float64Array | readonly number[];
  x: PointColumn;
  y: PointColumn;
}

/** The attention model's parameters (docs/attention.md); defaults in ATTENTION_DEFAULTS. */
export interface AttentionParams {
  /** Longest dwell credited to one sample, in seconds (an idle cursor is not attention). */
  idleCap?: number;
  /** Cursor speed in px/s above which a sample is a ballistic move (I-VT). */
  speedThreshold?: number;
  /** Weight factor 0…1 of samples above the speed threshold. */
  fastWeight?: number;
  /** ms the cursor trails gaze: attention is placed where the cursor is this much later. */
  lag?: number;
  /** σ of the Gaussian in px: the typical gaze–cursor distance. */
  spread?: number;
  /** Scale each session to the same total attention (the mean session total; still seconds). */
  perSession?: boolean;
}

export interface AttentionRequest extends AttentionParams {
  /** Samples loaded with `loadAttention`, or inline samples (loaded, used and disposed in one call). */
  dataset?: DatasetId;
  samples?: AttentionSamples;
  extent?: Extent; // default [0, 0, width, height]
  width: number; // grid columns
  height: number; // grid rows
  /** As for density: requests sharing a channel cancel each other ("latest wins"). */
  channel?: string;
  /** As for density: a Float32Array of width × height to write the values into. */
  into?: Float32Array;
}

/** Samples dropped, by reason. */
export interface AttentionDropped {
  /** A non-finite time or coordinate, or an unusable session id. */
  nonFinite: number;
  /** A time before the clock's origin (ts < 0). */
  backwards: number;
  /** Another sample of the same session at the same time (the last one in input order is kept). */
  duplicate: number;
  /** The only usable sample of its session: no dwell, no path. */
  singleSample: number;
  total: number;
}

/** Negative time steps: samples timed before the previous usable sample of their session, in input order. */
export interface AttentionReordered {
  /** Sessions with at least one. */
  sessions: number;
  /** Samples that stepped back (each was put in its place by sorting, not dropped). */
  samples: number;
}

/** What the engine counted in the samples it kept (none of these drops a sample). */
export interface AttentionCounts {
  reordered: AttentionReordered;
  /** Samples faster than speedThreshold: ballistic moves, weighted by fastWeight. */
  fast: number;
  /** Samples whose dwell was cut to idleCap (the same number as `idleCapped`). */
  idleCapped: number;
}

export interface AttentionResult {
  /** Attention in seconds per px², row-major, row 0 at the top; a region's integral is seconds of attention. */
  values: Float32Array;
  width: number;
  height: number;
  extent: [number, number, number, number];
  /** Largest value in `values`, s / px². */
  max: number;
  /** Seconds of attention placed inside the extent (a region's share is its integral / total). */
  total: number;
  /** Sessions with two or more usable samples. */
  sessions: number;
  /** Samples kept (the clean paths; a session's last sample places no attention but ends its path). */
  kept: number;
  dropped: AttentionDropped;
  /** Samples whose dwell was cut to idleCap (huge gaps). */
  idleCapped: number;
  /** The input was not grouped by session and in time order (the engine sorted it); how much: `counts.reordered`. */
  reordered: boolean;
  counts: AttentionCounts;
  /** The parameters actually used. */
  params: Required<AttentionParams>;
  /** Milliseconds per stage in this call; 0 for a stage served from the cache. */
  timings: { weigh: number; bin: number; smooth: number; total: number };
}

export interface Engine {
  /** Loads cursor samples for attention maps; `dispose(id)` frees them. */
  loadAttention(samples: AttentionSamples, options?: LoadOptions): Promise<DatasetInfo & { sessions: number }>;
  /** Attention density of cursor samples (DESIGN.md "Attention"), staged and cached like density. */
  attention(request: AttentionRequest, options?: LoadOptions & { signal?: AbortSignal }): Promise<AttentionResult>;
  /** Scroll depth of many sessions: reach curve, fold and time in view (DESIGN.md "Scroll depth"). */
  scrollDepth(request: ScrollDepthRequest, options?: LoadOptions): Promise<ScrollDepthResult>;
  load(points: PointColumns, options?: LoadOptions): Promise<DatasetInfo>;
  append(dataset: DatasetId, points: PointColumns, options?: LoadOptions): Promise<DatasetInfo>;
  density(request: DensityRequest, options?: LoadOptions & { signal?: AbortSignal }): Promise<DensityResult>;
  dispose(dataset: DatasetId): Promise<void>;
  stats(): Promise<EngineStats>;
  /** Releases the worker (browser) or the WebAssembly instance (Node). */
  close(): Promise<void>;
}

export { ATTENTION_DEFAULTS } from './attention-defaults.js';
