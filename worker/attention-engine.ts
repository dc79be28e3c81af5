/**
 * Attention maps, staged and cached per dataset like density maps (density-engine.ts):
 *   weigh  — clean cursor paths → one weighted point per sample (attention-weigh.ts); redone
 *            only when lag, idleCap, speedThreshold, fastWeight or perSession change;
 *   bin    — weighted points → padded grid (stages.ts, the density pipeline's own binning);
 *            redone when the points or the grid change;
 *   smooth — bins → seconds per px² with σ = spread (the density pipeline's Deriche passes);
 *            redone when the bins or the spread change.
 * So moving the spread slider re-smooths only, and a new lag re-weighs and re-bins.
 */
import type { AttentionParams, AttentionRequest, AttentionResult, AttentionSamples, DatasetId, DatasetInfo } from './api.js';
import { checkAttentionRequest } from './attention-request.js';
import { loadCursorPaths, releasePaths, releasePoints, weighPaths, type CursorPaths, type WeighedPoints } from './attention-weigh.js';
import { explicitBandwidthCells } from './bandwidth.js';
import { HeatlensError } from './errors.js';
import { binChunks, smoothBins, type GridTarget, type StageContext } from './stages.js';

interface Weighed {
  key: string;
  points: WeighedPoints;
}

interface AttentionGrid extends GridTarget {
  key: string;
  binsBytes: number;
  density?: { sigmaX: number; sigmaY: number; out: number; max: number };
}

interface AttentionDataset {
  paths: CursorPaths;
  weighed?: Weighed;
  grid?: AttentionGrid;
}

const STATS_BYTES = 3 * 8;
const now = () => performance.now();

export class AttentionEngine {
  private readonly datasets = new Map<DatasetId, AttentionDataset>();

  constructor(
    private readonly ctx: StageContext,
    /** Ids come from the engine, so density and attention datasets never share one. */
    private readonly newId: () => DatasetId,
  ) {}

  has(id: DatasetId): boolean {
    return this.datasets.has(id);
  }

  load(samples: AttentionSamples): DatasetInfo & { sessions: number } {
    const { kernels, heap, memory } = this.ctx;
    const paths = loadCursorPaths(kernels, heap, memory, samples);
    const id = this.newId();
    this.datasets.set(id, { paths });
    return { id, count: paths.count, pointBytes: paths.bytes, sessions: paths.sessions };
  }

  dispose(id: DatasetId): void {
    const dataset = this.datasets.get(id);
    if (!dataset) return;
    this.dropWeighed(dataset);
    releasePaths(this.ctx.heap, dataset.paths);
    this.datasets.delete(id);
  }

  attention(request: AttentionRequest): AttentionResult {
    const started = now();
    const spec = checkAttentionRequest(request);
    let id = request.dataset;
    const temporary = id === undefined;
    if (temporary) id = this.load(request.samples!).id;
    try {
      const dataset = this.datasets.get(id!);
      if (!dataset) throw new HeatlensError('unknown-dataset', `no attention dataset with id ${String(id)} (it was never loaded with loadAttention or has been disposed)`);
      const { params, width, height, extent } = spec;

      const weighStart = now();
      const weighedBefore = dataset.weighed;
      const weighed = this.weighStage(dataset, params);
      const weighMs = weighed === weighedBefore ? 0 : now() - weighStart;

      const binStart = now();
      const gridBefore = dataset.grid;
      const grid = this.binStage(dataset, weighed, width, height, extent);
      const binMs = grid === gridBefore ? 0 : now() - binStart;

      const cellW = (extent[2] - extent[0]) / width;
      const cellH = (extent[3] - extent[1]) / height;
      const [sigmaX, sigmaY] = explicitBandwidthCells(params.spread, cellW, cellH);
      const densityBefore = grid.density;
      const smoothStart = now();
      const density = this.smoothStage(grid, sigmaX, sigmaY, 1 / (cellW * cellH));
      const smoothMs = density === densityBefore ? 0 : now() - smoothStart;

      const { memory } = this.ctx;
      const values = request.into ?? new Float32Array(width * height);
      values.set(new Float32Array(memory.buffer, density.out, width * height));
      const total = new Float64Array(memory.buffer, grid.stats, 3)[1];
      const { paths } = dataset;
      return {
        values, width, height, extent: [...extent],
        max: density.max,
        total,
        sessions: paths.sessions,
        kept: paths.count,
        dropped: { ...paths.dropped },
        idleCapped: weighed.points.idleCapped,
        reordered: paths.reordered,
        counts: {
          reordered: { ...paths.stepsBack },
          fast: weighed.points.fast,
          idleCapped: weighed.points.idleCapped,
        },
        params: { ...params },
        timings: { weigh: weighMs, bin: binMs, smooth: smoothMs, total: now() - started },
      };
    } finally {
      if (temporary) this.dispose(id!);
    }
  }

  /** Samples held and bytes held by attention datasets and their cached stages. */
  usage(): { datasets: number; points: number; pointBytes: number; gridBytes: number } {
    let points = 0, pointBytes = 0, gridBytes = 0;
    for (const d of this.datasets.values()) {
      points += d.paths.count;
      pointBytes += d.paths.bytes + (d.weighed ? d.weighed.points.count * 12 : 0);
      if (d.grid) gridBytes += d.grid.binsBytes + (d.grid.density ? d.grid.width * d.grid.height * 4 : 0);
    }
    return { datasets: this.datasets.size, points, pointBytes, gridBytes };
  }

  /** A few short runs so the attention kernels reach optimised code (see DensityEngine.warmUp). */
  warmUp(): void {
    const sessions = 512;
    const per = 24;
    const n = sessions * per;
    const samples = { session: new Int32Array(n), ts: new Float64Array(n), x: new Float32Array(n), y: new Float32Array(n) };
    for (let i = 0; i < n; i++) {
      const s = Math.floor(i / per);
      samples.session[i] = s;
      samples.ts[i] = (i % per) * (50 + (s % 7) * 40);
      samples.x[i] = ((i * 7919) % 1000) / 4;
      samples.y[i] = ((i * 104729) % 1000) / 4;
    }
    const { id } = this.load(samples);
    for (let round = 0; round < 4; round++) {
      this.attention({ dataset: id, width: 64 + round, height: 64, extent: [0, 0, 250, 250], lag: 100 * round, spread: 6 + round, perSession: round % 2 === 1 });
    }
    this.dispose(id);
  }

  private weighStage(dataset: AttentionDataset, params: Required<AttentionParams>): Weighed {
    const key = [params.lag, params.idleCap, params.speedThreshold, params.fastWeight, params.perSession].join('|');
    if (dataset.weighed?.key === key) return dataset.weighed;
    this.dropWeighed(dataset);
    const { kernels, heap, memory } = this.ctx;
    dataset.weighed = { key, points: weighPaths(kernels, heap, memory, dataset.paths, params) };
    return dataset.weighed;
  }

  private binStage(dataset: AttentionDataset, weighed: Weighed, width: number, height: number, extent: [number, number, number, number]): AttentionGrid {
    const key = `${weighed.key}/${width}x${height}@${extent.join(',')}`;
    if (dataset.grid?.key === key) return dataset.grid;
    this.dropGrid(dataset);
    const { kernels, heap } = this.ctx;
    const binsBytes = kernels.paddedWidth(width) * kernels.paddedHeight(height) * 4;
    const bins = heap.calloc(binsBytes);
    let stats = 0;
    try {
      stats = heap.calloc(STATS_BYTES);
      const grid: AttentionGrid = { key, width, height, extent, bins, stats, binsBytes };
      if (weighed.points.count > 0) binChunks(this.ctx, grid, [weighed.points]);
      dataset.grid = grid;
      return grid;
    } catch (error) {
      heap.release(bins);
      if (stats) heap.release(stats);
      throw error;
    }
  }

  private smoothStage(grid: AttentionGrid, sigmaX: number, sigmaY: number, scale: number): NonNullable<AttentionGrid['density']> {
    const cached = grid.density;
    if (cached && cached.sigmaX === sigmaX && cached.sigmaY === sigmaY) return cached;
    const out = cached?.out ?? this.ctx.heap.alloc(grid.width * grid.height * 4);
    const max = smoothBins(this.ctx, grid, out, sigmaX, sigmaY, scale);
    grid.density = { sigmaX, sigmaY, out, max };
    return grid.density;
  }

  private dropWeighed(dataset: AttentionDataset): void {
    this.dropGrid(dataset);
    if (dataset.weighed) releasePoints(this.ctx.heap, dataset.weighed.points);
    dataset.weighed = undefined;
  }

  private dropGrid(dataset: AttentionDataset): void {
    const grid = dataset.grid;
    if (!grid) return;
    const { heap } = this.ctx;
    heap.release(grid.bins);
    heap.release(grid.stats);
    if (grid.density) heap.release(grid.density.out);
    dataset.grid = undefined;
  }
}
