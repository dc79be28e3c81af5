/**
 * The Web Worker that owns the kernels: it instantiates them synchronously and exposes the
 * staged DensityEngine through comlink. Results cross back by transfer, never by copy.
 */
import { expose, transfer } from 'comlink';
import type { DatasetId, DensityRequest, PointColumns } from './api.js';
import { DensityEngine } from './density-engine.js';

const engine = new DensityEngine();

const api = {
  load: (points: PointColumns) => engine.load(points),
  append: (id: DatasetId, points: PointColumns) => engine.append(id, points),
  density(request: DensityRequest) {
    const result = engine.density(request);
    return transfer(result, [result.values.buffer]);
  },
  dispose: (id: DatasetId) => engine.dispose(id),
  stats: () => engine.stats(),
};

export type WorkerApi = typeof api;

expose(api);

// Once the first message has been handled, let the kernels reach optimised code before the
// first real map (see DensityEngine.warmUp); requests that arrive meanwhile simply queue.
setTimeout(() => engine.warmUp(), 0);
