/**
 * The colour stage's bookkeeping, apart from the element that shows it: the frame on screen as
 * the surface sees it, the colour attributes checked and turned into what the surface draws
 * with, and the `heatlens-render` detail a drawn frame reports. DOM-free.
 */
import { colormapLUT } from '../colormaps.js';
import { parseMax, parseScale, resolveMax } from '../gl/colour-scale.js';
import type { SurfaceColour, SurfaceFrame } from './gl-surface.js';
import type { Grid } from './grid-math.js';

/** Stage timings in ms; `bin` and `smooth` are 0 when the engine was not asked (colour only). */
export interface RenderDetail {
  /** Binning in the engine (0: cached bins reused). */
  bin: number;
  /** Smoothing in the engine (0: cached density reused). */
  smooth: number;
  /** The whole engine request, copies included (0 for a colour-only redraw). */
  total: number;
  /**
   * The colour stage on this thread: quantile, texture upload and draw submission. GPUs finish
   * asynchronously, so this is what the main thread spent, not the GPU's own time.
   */
  gpu: number;
  /** Whether this frame asked the engine for a density (false: a colour-stage-only redraw). */
  density: boolean;
  renderer: 'webgl' | 'canvas2d';
  /** The WebGL version drawing: 'webgl2' (R32F / R16F textures) or 'webgl'; null for Canvas2D. */
  context: 'webgl2' | 'webgl' | null;
  /** The density texture: float32, float16 or rgba8 (quantised); null for Canvas2D. */
  texture: 'float32' | 'float16' | 'rgba8' | null;
  gridWidth: number;
  gridHeight: number;
  /** The colour max actually used, in events / px². */
  max: number;
  /** Expected events in the extent (the engine's total weight). */
  events: number;
  dropped: number;
  /** σ in px per axis that the density used (null when there is no data). */
  bandwidth: [number, number] | null;
}

export interface Frame extends Grid {
  peak: number;
  total: number;
  dropped: number;
  bandwidth: [number, number];
}

/** The engine's share of a frame's timings (null: a colour-only redraw). */
export type EngineTimings = { bin: number; smooth: number; total: number } | null;

/** The colour attributes of a map element, as set. */
export interface ColourSettings {
  colormap: string;
  scale: string;
  max: string;
  opacity: number;
}

/** The frame's smoothing σ in grid cells per axis; undefined when it is not a smoothed density. */
function sigmaCells(frame: Frame): [number, number] | undefined {
  const [x0, y0, x1, y1] = frame.extent;
  const [sx, sy] = frame.bandwidth;
  if (!(sx > 0 && sy > 0)) return undefined;
  return [(sx * frame.width) / (x1 - x0), (sy * frame.height) / (y1 - y0)];
}

/** What the surface needs of a frame: the grid, its peak and how far it was smoothed. */
export function surfaceFrame(frame: Frame | null): SurfaceFrame | null {
  return frame && { values: frame.values, width: frame.width, height: frame.height, peak: frame.peak, sigmaCells: sigmaCells(frame) };
}

/**
 * Turns colour settings into what the surface draws with. The colour max is kept per frame and
 * `max`: a percentile walks every cell, and colormap, opacity or scale changes leave it as it was.
 */
export class ColourResolver {
  private cache: { frame: Frame; spec: string; value: number } | null = null;

  /** Forgets the colour max (the frame it belongs to is gone). */
  reset(): void {
    this.cache = null;
  }

  /** The surface's colours for `frame` (null: nothing on screen); throws on a setting it cannot use. */
  resolve(settings: ColourSettings, frame: Frame | null): SurfaceColour {
    const lut = colormapLUT(settings.colormap);
    const scale = parseScale(settings.scale);
    const spec = parseMax(settings.max);
    if (!(settings.opacity >= 0 && settings.opacity <= 1)) throw new Error(`opacity must be from 0 to 1, got ${settings.opacity}`);
    let maxValue = 0;
    if (frame) {
      const key = String(settings.max);
      if (this.cache && this.cache.frame === frame && this.cache.spec === key) maxValue = this.cache.value;
      else {
        maxValue = resolveMax(spec, frame.values, frame.peak);
        this.cache = { frame, spec: key, value: maxValue };
      }
    }
    return { lut, maxValue, opacity: settings.opacity, scale };
  }
}

/** The `heatlens-render` detail of a frame drawn `by` a surface in `gpu` ms with colour max `max`. */
export function renderDetail(
  frame: Frame | null,
  timings: EngineTimings,
  gpu: number,
  max: number,
  by: Pick<RenderDetail, 'renderer' | 'context' | 'texture'>,
): RenderDetail {
  return {
    bin: timings?.bin ?? 0,
    smooth: timings?.smooth ?? 0,
    total: timings?.total ?? 0,
    gpu,
    density: timings !== null,
    renderer: by.renderer,
    context: by.context,
    texture: by.texture,
    gridWidth: frame?.width ?? 0,
    gridHeight: frame?.height ?? 0,
    max,
    events: frame?.total ?? 0,
    dropped: frame?.dropped ?? 0,
    bandwidth: frame?.bandwidth ?? null,
  };
}
