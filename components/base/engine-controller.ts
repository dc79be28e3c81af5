/**
 * A reactive controller that connects a map element to the density engine (worker/browser.ts):
 * one engine (Web Worker + WASM) shared by every element on the page, one latest-wins channel
 * per element, one loaded dataset per element (so a bandwidth change re-smooths the cached bins
 * and a colour change asks nothing of the engine), and double-buffered output grids passed as
 * `into` so that a redraw allocates nothing.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { createEngine } from '../../worker/browser.js';
import type { Bandwidth, DatasetId, DensityResult, Engine, Extent, PointColumns, ScrollDepthRequest, ScrollDepthResult } from '../../worker/api.js';

/** Elements share one worker; it is closed this long after the last one leaves the page. */
const CLOSE_DELAY_MS = 2000;

let shared: { engine: Promise<Engine>; refs: number; closeTimer: ReturnType<typeof setTimeout> | null } | null = null;

function acquireEngine(): Promise<Engine> {
  if (!shared) shared = { engine: createEngine(), refs: 0, closeTimer: null };
  if (shared.closeTimer) clearTimeout(shared.closeTimer);
  shared.closeTimer = null;
  shared.refs++;
  return shared.engine;
}

function releaseEngine(): void {
  const s = shared;
  if (!s) return;
  s.refs--;
  if (s.refs > 0) return;
  s.closeTimer = setTimeout(() => {
    if (shared !== s || s.refs > 0) return;
    shared = null;
    s.engine.then((engine) => engine.close()).catch(() => undefined);
  }, CLOSE_DELAY_MS);
}

let channels = 0;

export interface GridRequest {
  extent: Extent;
  width: number;
  height: number;
  bandwidth: Bandwidth;
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

export class EngineController implements ReactiveController {
  /** This element's latest-wins channel. */
  readonly channel = `heatlens-map-${++channels}`;
  /** Density (or other grid) requests sent to the engine so far (a colour change must not add one). */
  densityRequests = 0;
  /** Datasets loaded so far (a bandwidth change must not add one). */
  loads = 0;
  /** Output grids allocated so far (double buffering keeps this at 2 while the grid size holds). */
  allocations = 0;
  private engine: Promise<Engine> | null = null;
  private dataset: Promise<DatasetId | null> = Promise.resolve(null);
  private seq = 0;
  private spare: Float32Array[] = [];

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.engine = acquireEngine();
  }

  hostDisconnected(): void {
    const engine = this.engine;
    this.seq++;
    this.scrollSeq++;
    this.disposeDataset(engine);
    this.dataset = Promise.resolve(null);
    this.spare = [];
    this.engine = null;
    releaseEngine();
  }

  /**
   * Replaces the dataset with these points (or none), loading it into the engine once; every
   * density request after this waits for it. Rejects when `points` rejects or the engine
   * refuses the data.
   */
  setPoints(points: Promise<PointColumns | null>): Promise<void> {
    // transfer: false — the caller's arrays stay usable (the element does not own them).
    return this.setData(points, (engine, columns) => (columns.x.length === 0 ? null : engine.load(columns, { transfer: false })));
  }

  /**
   * `setPoints` for any kind of dataset: `load` puts the data into the engine (null: nothing to
   * load, e.g. zero rows). The attention map loads cursor samples through it.
   */
  setData<T>(data: Promise<T | null>, load: (engine: Engine, data: T) => Promise<{ id: DatasetId }> | null): Promise<void> {
    const engine = this.engine;
    const previous = this.dataset;
    this.seq++;
    const next = (async () => {
      // The old dataset goes whether or not the new one arrives.
      previous.then((id) => (id !== null && engine ? engine.then((e) => e.dispose(id)) : undefined)).catch(() => undefined);
      const value = await data;
      if (value === null || !engine) return null;
      const loading = load(await engine, value);
      if (!loading) return null;
      this.loads++;
      return (await loading).id;
    })();
    this.dataset = next;
    return next.then(() => undefined);
  }

  /**
   * Computes a density grid for the current dataset. Resolves 'empty' when there is no data and
   * 'stale' when a newer request (or new data) replaced this one — a stale grid is never returned.
   */
  density(request: GridRequest): Promise<DensityResult | 'stale' | 'empty'> {
    return this.grid(request.width * request.height, (engine, dataset, into, channel) => engine.density({ dataset, ...request, channel, into }));
  }

  /**
   * `density` for any grid the engine computes from the current dataset (the attention map's
   * among them): `compute` gets the dataset, this element's channel and a `length`-cell `into`.
   */
  async grid<R extends { values: Float32Array }>(
    length: number,
    compute: (engine: Engine, dataset: DatasetId, into: Float32Array, channel: string) => Promise<R>,
  ): Promise<R | 'stale' | 'empty'> {
    const mine = ++this.seq;
    let id: DatasetId | null;
    try {
      id = await this.dataset;
    } catch (error) {
      // A failed fetch of data that has since been replaced is nobody's error.
      if (mine !== this.seq) return 'stale';
      throw error;
    }
    if (mine !== this.seq) return 'stale';
    if (id === null || !this.engine) return 'empty';
    const engine = await this.engine;
    const into = this.takeBuffer(length);
    this.densityRequests++;
    let result: R;
    try {
      result = await compute(engine, id, into, this.channel);
    } catch (error) {
      // Superseded on the channel: a newer request is on its way. The buffer may have travelled.
      if (into.byteLength > 0) this.recycle(into);
      if (isAbortError(error) || mine !== this.seq) return 'stale';
      throw error;
    }
    if (mine !== this.seq) {
      this.recycle(result.values);
      return 'stale';
    }
    return result;
  }

  /** Scroll-depth requests sent to the engine so far. */
  scrollRequests = 0;
  private scrollSeq = 0;

  /**
   * Scroll depth of these samples in the engine. Resolves 'stale' when a newer scroll request
   * was made meanwhile (its result is never returned). The caller's columns are copied, not moved.
   */
  async scrollDepth(request: ScrollDepthRequest): Promise<ScrollDepthResult | 'stale'> {
    const mine = ++this.scrollSeq;
    if (!this.engine) return 'stale';
    const engine = await this.engine;
    this.scrollRequests++;
    const result = await engine.scrollDepth(request, { transfer: false });
    return mine === this.scrollSeq ? result : 'stale';
  }

  /** Gives a grid that is no longer shown back for the next request (the double buffer). */
  recycle(values: Float32Array | null | undefined): void {
    if (!values || values.byteLength === 0) return;
    if (this.spare.length && this.spare[0].length !== values.length) this.spare = [];
    if (this.spare.length < 2) this.spare.push(values);
  }

  private takeBuffer(length: number): Float32Array {
    while (this.spare.length) {
      const b = this.spare.pop()!;
      if (b.length === length && b.byteLength > 0) return b;
    }
    this.allocations++;
    return new Float32Array(length);
  }

  private disposeDataset(engine: Promise<Engine> | null): void {
    if (!engine) return;
    this.dataset.then((id) => (id !== null ? engine.then((e) => e.dispose(id)) : undefined)).catch(() => undefined);
  }
}
