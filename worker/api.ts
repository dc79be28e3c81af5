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

export interface Engine {
  load(points: PointColumns, options?: LoadOptions): Promise<DatasetInfo>;
  append(dataset: DatasetId, points: PointColumns, options?: LoadOptions): Promise<DatasetInfo>;
  density(request: DensityRequest, options?: LoadOptions & { signal?: AbortSignal }): Promise<DensityResult>;
  dispose(dataset: DatasetId): Promise<void>;
  stats(): Promise<EngineStats>;
  /** Releases the worker (browser) or the WebAssembly instance (Node). */
  close(): Promise<void>;
}
