/**
 * How many pixels a map's drawing buffer gets: its CSS size × devicePixelRatio, within the GPU's
 * limits and a detail budget, stretched by CSS beyond that.
 *
 * Tall pages: the drawing buffer is capped at the GPU's MAX_RENDERBUFFER_SIZE / MAX_VIEWPORT_DIMS
 * (8192 here) per side and ~32 M pixels in all; the grid is capped at MAX_TEXTURE_SIZE rows and
 * columns (GlSurface's `maxGridSize`). Both are downsampled, never tiled: a density smoothed over
 * σ ≥ 2 cells has no detail that a 1.5× stretch would lose.
 */

/** The largest drawing buffer, in pixels, before the canvas is stretched by CSS. */
const MAX_CANVAS_PIXELS = 32 * 1024 * 1024;

/**
 * Drawing buffers larger than this many pixels (about a 1920 × 1080 screen) are drawn at the
 * detail the density holds and stretched by CSS (see `detailSize`); smaller ones are drawn pixel
 * for pixel. A map taller than the screen is mostly out of view, yet every pixel of its buffer
 * is shaded, uploaded to the compositor and kept in memory (20 MB for 1280 × 4000 at DPR 1).
 */
export const DEFAULT_DETAIL_BUDGET = 1920 * 1080;

/**
 * Drawing-buffer pixels per σ of the density. Between two pixels the browser's bilinear stretch
 * interpolates colours where the shader would have interpolated the density; for a Gaussian of
 * σ sampled every σ/8 the two differ by at most (1/8)²/8 ≈ 0.2 % of the peak, half a step of an
 * 8-bit colormap.
 */
const SAMPLES_PER_SIGMA = 8;
/** Never stretch one buffer pixel over more than this many CSS px: stretching shows beyond. */
const MAX_STRETCH = 2;

/** A grid smoothed by a Gaussian of `sigmaCells` grid cells per axis. */
export interface SmoothedGrid {
  width: number;
  height: number;
  sigmaCells: readonly [number, number];
}

/**
 * The drawing-buffer size per axis that holds all the detail of a `width` × `height` grid
 * smoothed by `sigmaCells`, on a `cssWidth` × `cssHeight` px element.
 */
export function detailSize(frame: SmoothedGrid, cssWidth: number, cssHeight: number): [number, number] {
  const axis = (cells: number, sigma: number, css: number) =>
    Math.max(Math.ceil(css / MAX_STRETCH), sigma > 0 ? Math.ceil((SAMPLES_PER_SIGMA * cells) / sigma) : Infinity);
  return [axis(frame.width, frame.sigmaCells[0], cssWidth), axis(frame.height, frame.sigmaCells[1], cssHeight)];
}

/**
 * The drawing-buffer size for a `cssWidth` × `cssHeight` px element at device pixel ratio `dpr`:
 * at most `cap` px per side (the GPU's limit) and MAX_CANVAS_PIXELS in all; above `budget`
 * pixels, no more than the detail of the smoothed `grid` on screen (if it is one) holds.
 */
export function bufferSize(
  cssWidth: number,
  cssHeight: number,
  dpr: number,
  cap: number,
  budget: number,
  grid: { width: number; height: number; sigmaCells?: readonly [number, number] } | null,
): [number, number] {
  let w = Math.min(Math.max(1, Math.round(cssWidth * dpr)), cap);
  let h = Math.min(Math.max(1, Math.round(cssHeight * dpr)), cap);
  if (grid?.sigmaCells && w * h > budget) {
    const [dw, dh] = detailSize({ width: grid.width, height: grid.height, sigmaCells: grid.sigmaCells }, cssWidth, cssHeight);
    w = Math.min(w, dw);
    h = Math.min(h, dh);
  }
  if (w * h > MAX_CANVAS_PIXELS) {
    const k = Math.sqrt(MAX_CANVAS_PIXELS / (w * h));
    w = Math.max(1, Math.floor(w * k));
    h = Math.max(1, Math.floor(h * k));
  }
  return [w, h];
}
