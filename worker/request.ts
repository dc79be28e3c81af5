/** Validation of density requests: every bad field gets a message naming it and its value. */
import type { Bandwidth, DensityRequest, Extent } from './api.js';
import { HeatlensError } from './errors.js';

/** Largest grid side, and largest cell count (a 1280×4000 page at full resolution is 5.1M). */
export const MAX_GRID_SIDE = 16384;
export const MAX_GRID_CELLS = 1 << 25;

export interface GridSpec {
  width: number;
  height: number;
  extent: [number, number, number, number];
  bandwidth: Bandwidth;
}

export function checkGrid(request: DensityRequest): GridSpec {
  if (!request || typeof request !== 'object') throw invalid('the density request must be an object');
  const { width, height } = request;
  if (!Number.isInteger(width) || width < 1 || width > MAX_GRID_SIDE) throw invalid(`width must be an integer from 1 to ${MAX_GRID_SIDE}, got ${String(width)}`);
  if (!Number.isInteger(height) || height < 1 || height > MAX_GRID_SIDE) throw invalid(`height must be an integer from 1 to ${MAX_GRID_SIDE}, got ${String(height)}`);
  if (width * height > MAX_GRID_CELLS) throw invalid(`a ${width}×${height} grid has more than ${MAX_GRID_CELLS} cells`);
  const extent = checkExtent(request.extent ?? [0, 0, width, height]);
  const { into } = request;
  if (into !== undefined && !(into instanceof Float32Array && into.length === width * height)) {
    throw invalid(`into must be a Float32Array of width × height = ${width * height} values, got ${describeArray(into)}`);
  }
  return { width, height, extent, bandwidth: checkBandwidth(request.bandwidth) };
}

function checkExtent(extent: Extent): [number, number, number, number] {
  if (!Array.isArray(extent) || extent.length !== 4 || !extent.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw invalid(`extent must be four finite numbers [x0, y0, x1, y1], got ${show(extent)}`);
  }
  const [x0, y0, x1, y1] = extent;
  if (!(x1 > x0) || !(y1 > y0)) throw invalid(`extent must have x1 > x0 and y1 > y0, got [${extent.join(', ')}]`);
  return [x0, y0, x1, y1];
}

function checkBandwidth(bandwidth: Bandwidth | undefined): Bandwidth {
  if (bandwidth === undefined || bandwidth === 'auto') return 'auto';
  const positive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
  if (positive(bandwidth)) return bandwidth;
  if (Array.isArray(bandwidth) && bandwidth.length === 2 && bandwidth.every(positive)) return [bandwidth[0], bandwidth[1]];
  throw invalid(`bandwidth must be a positive number of px, a pair [σx, σy] or 'auto', got ${show(bandwidth)}`);
}

function describeArray(value: unknown): string {
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of ${(value as Float32Array).length}`;
  return show(value);
}

/** JSON, except that non-finite numbers read as themselves (JSON would print null). */
function show(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'number' && !Number.isFinite(v) ? `__${v}__` : v))?.replace(/"__(-?Infinity|NaN)__"/g, '$1') ?? String(value);
}

function invalid(message: string): HeatlensError {
  return new HeatlensError('invalid-request', message);
}
