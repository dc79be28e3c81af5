/**
 * The staged density engine. It owns the kernels' memory and caches each stage per dataset:
 *   bin    — points → padded grid; redone only when the grid (extent, size) changes; appended
 *            points are binned onto the cached grid, nothing else is;
 *   smooth — bins → density; redone only when the bins or σ change.
 * It is synchronous and runs wherever it is created: inside the Web Worker (engine.worker.ts)
 * or in-process in Node (node.ts); with kernel threads attached (kernel-pool.ts) the stages
 * use every core (stages.ts). Colouring is the GPU's stage and lives in components/.
 */
import type {
  AttentionRequest, AttentionResult, AttentionSamples, DatasetId, DatasetInfo, DensityRequest, DensityResult, EngineStats, PointColumns,
  ScrollDepthRequest, ScrollDepthResult,
} from './api.js';
import { instantiateKernels, type KernelExports, type Kernels } from './kernels.js';
import { LocalRunner, type KernelRunner } from './kernel-pool.js';
import { binChunks, smoothBins, ScratchSpace, type StageContext } from './stages.js';
import { LinearHeap } from './heap.js';
import { PointStore } from './point-store.js';
import { checkGrid } from './request.js';
import { autoBandwidthCells, explicitBandwidthCells, readMoments } from './bandwidth.js';
import { HeatlensError } from './errors.js';
import { ScrollEngine } from './scroll-engine.js';
import { AttentionEngine } from './attention-engine.js';

interface BinnedGrid {
  key: string;
  width: number;
  height: number;
  extent: [number, number, number, number];
  bins: number;
  binsBytes: number;
  /** f64 ×3 (bin2d.ts): points kept, their total weight, points dropped. */
  stats: number;
  /** Chunks of the dataset already on this grid. */
  chunksBinned: number;
  /** f64 ×6 (moments.ts), gathered the first time an automatic bandwidth is asked for. */
  moments: number;
  chunksMeasured: number;
  /** Bumped whenever points are added to the grid, so densities from before are stale. */
  version: number;
  density?: SmoothedGrid;
}

interface SmoothedGrid {
  version: number;
  sigmaX: number;
  sigmaY: number;
  out: number;
  max: number;
}

interface Dataset {
  store: PointStore;
  grid?: BinnedGrid;
}

const STATS_BYTES = 3 * 8;
const MOMENTS_BYTES = 6 * 8;
const now = () => performance.now();

export class DensityEngine {
  private readonly kernels: KernelExports;
  private readonly memory: WebAssembly.Memory;
  private readonly heap: LinearHeap;
  private readonly stages: StageContext;
  private readonly datasets = new Map<DatasetId, Dataset>();
  private readonly scroll: ScrollEngine;
  private readonly attentionMaps: AttentionEngine;
  private nextId = 1;

  constructor(readonly instance: Kernels = instantiateKernels()) {
    this.kernels = instance.exports;
    this.memory = instance.memory;
    this.heap = new LinearHeap(this.memory, this.kernels.heapBase(), (offset, bytes) => this.kernels.zeroMemory(offset, bytes));
    this.stages = {
      kernels: this.kernels,
      heap: this.heap,
      memory: this.memory,
      runner: new LocalRunner(this.kernels),
      scratch: new ScratchSpace(this.heap),
    };
    this.scroll = new ScrollEngine(this.kernels, this.heap, this.memory);
    this.attentionMaps = new AttentionEngine(this.stages, () => this.nextId++);
  }

  /** Cursor samples for attention maps (attention-engine.ts); ids shared with point datasets. */
  loadAttention(samples: AttentionSamples): DatasetInfo & { sessions: number } {
    return this.attentionMaps.load(samples);
  }

  attention(request: AttentionRequest): AttentionResult {
    return this.attentionMaps.attention(request);
  }

  /** Scroll depth of a set of sessions (scroll-engine.ts); shares the memory, keeps nothing. */
  scrollDepth(request: ScrollDepthRequest): ScrollDepthResult {
    return this.scroll.scrollDepth(request);
  }

  /** Lets the stages use kernel threads (which must share this engine's memory). */
  useRunner(runner: KernelRunner): void {
    this.stages.runner.close();
    this.stages.runner = runner;
  }

  /** Threads the stages can use now (kernel threads report ready asynchronously). */
  get threads(): number {
    return this.stages.runner.threads;
  }

  close(): void {
    this.stages.runner.close();
  }

  load(points: PointColumns): DatasetInfo {
    const id = this.nextId++;
    const dataset: Dataset = { store: new PointStore(this.heap, this.memory) };
    try {
      dataset.store.add(points);
    } catch (error) {
      dataset.store.dispose();
      throw error;
    }
    this.datasets.set(id, dataset);
    return this.info(id, dataset);
  }

  append(id: DatasetId, points: PointColumns): DatasetInfo {
    const dataset = this.get(id);
    dataset.store.add(points);
    const grid = dataset.grid;
    if (!grid) {
      dataset.store.compact(0);
    } else {
      const measuredAll = grid.chunksMeasured === grid.chunksBinned;
      const before = dataset.store.chunks.length;
      grid.chunksBinned = dataset.store.compact(grid.chunksBinned);
      if (dataset.store.chunks.length !== before && grid.chunksMeasured > 0) {
        // Chunk indices moved: keep the moments if they covered exactly the binned chunks,
        // otherwise gather them again when next asked for.
        if (measuredAll) grid.chunksMeasured = grid.chunksBinned;
        else {
          this.kernels.zeroMemory(grid.moments, 6 * 8);
          grid.chunksMeasured = 0;
        }
      }
    }
    return this.info(id, dataset);
  }

  dispose(id: DatasetId): void {
    if (this.attentionMaps.has(id)) return this.attentionMaps.dispose(id);
    const dataset = this.datasets.get(id);
    if (!dataset) return;
    this.dropGrid(dataset);
    dataset.store.dispose();
    this.datasets.delete(id);
  }

  density(request: DensityRequest): DensityResult {
    const started = now();
    const spec = checkGrid(request);
    let id = request.dataset;
    const temporary = id === undefined;
    if (temporary) {
      if (!request.points) throw new HeatlensError('invalid-request', 'a density request needs either dataset (an id from load) or points');
      id = this.load(request.points).id;
    }
    try {
      const dataset = this.get(id!);
      const binStart = now();
      const gridBefore = dataset.grid;
      const versionBefore = gridBefore?.version;
      const grid = this.binStage(dataset, spec.width, spec.height, spec.extent);
      // A stage that did nothing reports 0, so callers can tell cached work from fresh work.
      const binMs = grid === gridBefore && grid.version === versionBefore ? 0 : now() - binStart;
      const { width, height, extent } = grid;
      const cellW = (extent[2] - extent[0]) / width;
      const cellH = (extent[3] - extent[1]) / height;
      const [kept, total, dropped] = new Float64Array(this.memory.buffer, grid.stats, 3);
      const [sigmaX, sigmaY] =
        spec.bandwidth === 'auto'
          ? autoBandwidthCells(this.momentStage(dataset, grid), cellW, cellH)
          : explicitBandwidthCells(spec.bandwidth, cellW, cellH);
      const previous = grid.density;
      const smoothStart = now();
      const smoothed = this.smoothStage(grid, sigmaX, sigmaY, 1 / (cellW * cellH));
      const smoothMs = smoothed === previous ? 0 : now() - smoothStart;
      // Copy out: the grid in engine memory is reused by the next request. A fresh 20 MB array
      // costs more (page faults) than the copy itself, hence `into`.
      const values = request.into ?? new Float32Array(width * height);
      values.set(new Float32Array(this.memory.buffer, smoothed.out, width * height));
      return {
        values,
        width,
        height,
        extent: [...extent],
        bandwidth: [sigmaX * cellW, sigmaY * cellH],
        max: smoothed.max,
        total,
        kept,
        dropped,
        timings: { bin: binMs, smooth: smoothMs, total: now() - started },
      };
    } finally {
      if (temporary) this.dispose(id!);
    }
  }

  /**
   * Runs the kernels on a little synthetic data. WebAssembly engines first run code from a
   * baseline compiler and swap in optimised code only once a function has done enough work;
   * one long call never benefits. A few short calls here mean a user's first real map runs
   * the optimised kernels (measured in Chromium: the first 1280×4000 density otherwise takes
   * about twice as long as later ones).
   */
  warmUp(): void {
    const n = 1 << 17;
    const x = new Float32Array(n);
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = ((i * 7919) % 1000) / 4;
      y[i] = ((i * 104729) % 1000) / 4;
    }
    const { id } = this.load({ x, y });
    // Small grids (direct binning), a grid large enough to be binned band by band, and both
    // smoothing passes; a new grid size each round so binning runs every time.
    for (let round = 0; round < 6; round++) {
      this.density({ dataset: id, width: 192 + round, height: 256, extent: [0, 0, 250, 250], bandwidth: 4 + round });
    }
    for (let round = 0; round < 3; round++) {
      this.density({ dataset: id, width: 720 + 4 * round, height: 720, extent: [0, 0, 250, 250], bandwidth: 3 });
    }
    this.density({ dataset: id, width: 64, height: 64, extent: [0, 0, 250, 250] });
    this.dispose(id);
    this.scroll.warmUp();
    this.attentionMaps.warmUp();
  }

  stats(): EngineStats {
    let points = 0;
    let pointBytes = 0;
    let gridBytes = 0;
    for (const d of this.datasets.values()) {
      points += d.store.count;
      pointBytes += d.store.bytes;
      if (d.grid) gridBytes += d.grid.binsBytes + (d.grid.density ? d.grid.width * d.grid.height * 4 : 0);
    }
    const attention = this.attentionMaps.usage();
    return {
      datasets: this.datasets.size + attention.datasets,
      points: points + attention.points,
      pointBytes: pointBytes + attention.pointBytes,
      gridBytes: gridBytes + attention.gridBytes,
      scratchBytes: this.stages.scratch.bytes,
      memoryBytes: this.memory.buffer.byteLength,
      threads: this.threads,
    };
  }

  private get(id: DatasetId): Dataset {
    const dataset = this.datasets.get(id);
    if (!dataset) throw new HeatlensError('unknown-dataset', `no dataset with id ${String(id)} (it was never loaded or has been disposed)`);
    return dataset;
  }

  private info(id: DatasetId, dataset: Dataset): DatasetInfo {
    return { id, count: dataset.store.count, pointBytes: dataset.store.bytes };
  }

  /** Returns the dataset's grid for this size and extent, binning only what it has not seen. */
  private binStage(dataset: Dataset, width: number, height: number, extent: [number, number, number, number]): BinnedGrid {
    const key = `${width}x${height}@${extent.join(',')}`;
    if (dataset.grid?.key !== key) {
      this.dropGrid(dataset);
      const k = this.kernels;
      const binsBytes = k.paddedWidth(width) * k.paddedHeight(height) * 4;
      dataset.grid = {
        key, width, height, extent,
        bins: this.heap.calloc(binsBytes),
        binsBytes,
        stats: this.heap.calloc(STATS_BYTES),
        chunksBinned: 0,
        moments: 0,
        chunksMeasured: 0,
        version: 0,
      };
    }
    const grid = dataset.grid;
    const chunks = dataset.store.chunks;
    if (grid.chunksBinned < chunks.length) {
      binChunks(this.stages, grid, chunks.slice(grid.chunksBinned));
      grid.chunksBinned = chunks.length;
      grid.version++;
    }
    return grid;
  }

  /** The spread of the grid's points, measuring only chunks not measured before. */
  private momentStage(dataset: Dataset, grid: BinnedGrid) {
    if (!grid.moments) grid.moments = this.heap.calloc(MOMENTS_BYTES);
    const chunks = dataset.store.chunks;
    const [x0, y0, x1, y1] = grid.extent;
    for (let i = grid.chunksMeasured; i < chunks.length; i++) {
      const c = chunks[i];
      this.kernels.pointMoments(c.xs, c.ys, c.ws, c.count, x0, y0, x1, y1, grid.moments);
    }
    grid.chunksMeasured = chunks.length;
    return readMoments(new Float64Array(this.memory.buffer, grid.moments, 6));
  }

  /** Returns the grid's density for σ (cells), smoothing only if the bins or σ changed. */
  private smoothStage(grid: BinnedGrid, sigmaX: number, sigmaY: number, scale: number): SmoothedGrid {
    const cached = grid.density;
    if (cached && cached.version === grid.version && cached.sigmaX === sigmaX && cached.sigmaY === sigmaY) return cached;
    const out = cached?.out ?? this.heap.alloc(grid.width * grid.height * 4);
    const max = smoothBins(this.stages, grid, out, sigmaX, sigmaY, scale);
    grid.density = { version: grid.version, sigmaX, sigmaY, out, max };
    return grid.density;
  }

  private dropGrid(dataset: Dataset): void {
    const grid = dataset.grid;
    if (!grid) return;
    this.heap.release(grid.bins);
    this.heap.release(grid.stats);
    if (grid.moments) this.heap.release(grid.moments);
    if (grid.density) this.heap.release(grid.density.out);
    dataset.grid = undefined;
  }
}
