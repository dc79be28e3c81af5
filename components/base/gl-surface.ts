/**
 * A reactive controller that owns a map element's drawing surface: the regl context on its
 * canvas, the canvas size (ResizeObserver on the host × devicePixelRatio, watched for changes;
 * how many pixels that makes is buffer-size.ts's), WebGL context loss and restore (everything is
 * rebuilt from the last frame kept on the CPU and redrawn), and a Canvas2D fallback when WebGL
 * is unavailable or fails after it was obtained (a canvas that handed out a WebGL context never
 * gives a 2D one, so the canvas is replaced).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import createREGL from 'regl';
import type REGL from 'regl';
import { DensityLayer, type ContextKind, type TextureFormat } from '../gl/density-layer.js';
import { colourGrid } from '../gl/cpu-colour.js';
import type { ScaleName } from '../gl/colour-scale.js';
import { bufferSize, DEFAULT_DETAIL_BUDGET } from './buffer-size.js';

// Also exported here: the surface's settings are read from the surface (stories/ takes the
// element's `max-canvas-pixels` default from this module).
export { DEFAULT_DETAIL_BUDGET } from './buffer-size.js';

/**
 * 'auto': WebGL2 (else WebGL1) with the best texture format; 'webgl1': a WebGL1 context with the
 * best format it offers; 'float16' / 'rgba8': WebGL with at most that format; 'canvas2d': no WebGL.
 */
export type RendererKind = 'auto' | 'webgl1' | 'float16' | 'rgba8' | 'canvas2d';

export interface SurfaceFrame {
  values: Float32Array;
  width: number;
  height: number;
  peak: number;
  /**
   * The smoothing σ in grid cells per axis when the grid is a Gaussian-smoothed density: it
   * bounds the detail the picture holds (see buffer-size.ts's `detailSize`). Absent: no such bound.
   */
  sigmaCells?: readonly [number, number];
}

export interface SurfaceColour {
  lut: Uint8Array;
  maxValue: number;
  opacity: number;
  scale: ScaleName;
}

export interface SurfaceOptions {
  /** The canvas size changed (CSS size or devicePixelRatio): redraw. */
  onResize(cssWidth: number, cssHeight: number): void;
  /** A lost WebGL context came back and its resources were rebuilt: redraw. */
  onRestored(): void;
}

/**
 * regl compiles its draw commands with `new Function`, which a Content-Security-Policy without
 * 'unsafe-eval' forbids. Asked before any WebGL context exists, so that such a page still gets
 * the Canvas2D path (a canvas that once handed out a WebGL context never gives a 2D one).
 */
let codeGeneration: boolean | undefined;
function codeGenerationAllowed(): boolean {
  // Asked once per page: the policy does not change, and each refusal is a reported violation.
  if (codeGeneration === undefined) {
    try {
      codeGeneration = new Function('return true')() === true;
    } catch {
      codeGeneration = false;
    }
  }
  return codeGeneration;
}

export class GlSurface implements ReactiveController {
  /** What actually draws: 'webgl' (float or RGBA8 textures) or 'canvas2d'; null before attach or when nothing can draw. */
  mode: 'webgl' | 'canvas2d' | null = null;
  /** Why nothing can draw (neither WebGL nor Canvas2D), once attached; null while something can. */
  unavailable: string | null = null;
  contextLost = false;
  private canvas: HTMLCanvasElement | null = null;
  private regl: REGL.Regl | null = null;
  private layer: DensityLayer | null = null;
  private ctx2d: CanvasRenderingContext2D | null = null;
  private gridCanvas: HTMLCanvasElement | null = null;
  private frame: SurfaceFrame | null = null;
  private frameUploaded = false;
  private lastColour: SurfaceColour | null = null;
  private limits = { texture: 8192, buffer: 8192 };
  private resizeObserver: ResizeObserver | null = null;
  private dprQuery: MediaQueryList | null = null;
  private cssSize: [number, number] = [0, 0];
  private renderer: RendererKind = 'auto';
  private detailBudget = DEFAULT_DETAIL_BUDGET;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: SurfaceOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.resizeObserver = new ResizeObserver(() => this.measure());
    this.resizeObserver.observe(this.host);
    this.watchDpr();
    // Moved in the DOM: the canvas is still ours, its GPU resources were released on disconnect.
    if (this.canvas && this.mode === 'webgl' && !this.regl && !this.contextLost && !this.createGl()) this.createCanvas2d();
  }

  hostDisconnected(): void {
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
    this.dprQuery?.removeEventListener('change', this.onDprChange);
    this.dprQuery = null;
    this.releaseGl();
  }

  /** Binds the canvas (from the host's first render) and creates the context. */
  attach(canvas: HTMLCanvasElement, renderer: RendererKind): void {
    if (this.canvas === canvas) return;
    this.canvas = canvas;
    this.renderer = renderer;
    this.listen(canvas);
    if (renderer === 'canvas2d' || !codeGenerationAllowed() || !this.createGl()) this.createCanvas2d();
    this.measure();
  }

  /** The largest grid side the surface can hold as one texture. */
  get maxGridSize(): number {
    return this.limits.texture;
  }

  /** The WebGL version drawing (null for Canvas2D). */
  get contextKind(): ContextKind | null {
    return this.layer?.context ?? null;
  }

  /** The density texture's format (null for Canvas2D). */
  get textureFormat(): TextureFormat | null {
    return this.layer?.format ?? null;
  }

  get size(): [number, number] {
    return this.cssSize;
  }

  /** Buffers above this many pixels are drawn at the density's detail and stretched (Infinity: never). */
  setDetailBudget(pixels: number): void {
    this.detailBudget = pixels > 0 ? pixels : DEFAULT_DETAIL_BUDGET;
  }

  /** Hands a new density grid to the surface (uploaded on the next draw). */
  setFrame(frame: SurfaceFrame | null): void {
    this.frame = frame;
    this.frameUploaded = false;
  }

  /**
   * Draws the current frame with these colours; returns the milliseconds spent. A WebGL draw
   * that throws (a shader the driver will not compile, a refused upload) switches to Canvas2D
   * for good and draws there; only when that fails too does the error reach the caller.
   */
  draw(colour: SurfaceColour): number {
    const start = performance.now();
    this.lastColour = colour;
    this.resizeCanvas();
    if (this.mode === 'webgl') {
      try {
        this.drawGl(colour);
      } catch (error) {
        if (this.contextLost) throw error;
        this.releaseGl();
        this.createCanvas2d();
        if (!this.ctx2d) throw error;
        this.resizeCanvas();
        this.draw2d(colour);
      }
    } else if (this.mode === 'canvas2d') this.draw2d(colour);
    return performance.now() - start;
  }

  /** Draws again with the last colours (nothing if nothing was drawn yet). */
  redraw(): void {
    if (this.lastColour) this.draw(this.lastColour);
  }

  /**
   * Redraws and reads the canvas back as top-down RGBA bytes (premultiplied for WebGL, straight
   * for Canvas2D) — for tests and "export PNG".
   */
  readPixels(): { width: number; height: number; data: Uint8Array } | null {
    if (!this.canvas || !this.lastColour || this.contextLost) return null;
    this.draw(this.lastColour);
    const { width, height } = this.canvas;
    if (this.mode === 'webgl' && this.regl) {
      // Straight from the context (regl.read refuses without preserveDrawingBuffer): the buffer
      // is intact until this task ends, and it was drawn just above.
      const gl = this.regl._gl;
      const raw = new Uint8Array(width * height * 4);
      gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, raw);
      const data = new Uint8Array(raw.length);
      const row = width * 4;
      // readPixels is bottom-up; images are top-down.
      for (let y = 0; y < height; y++) data.set(raw.subarray((height - 1 - y) * row, (height - y) * row), y * row);
      return { width, height, data };
    }
    if (this.ctx2d) {
      const image = this.ctx2d.getImageData(0, 0, width, height);
      return { width, height, data: new Uint8Array(image.data.buffer) };
    }
    return null;
  }

  private createGl(): boolean {
    const canvas = this.canvas!;
    const attributes: WebGLContextAttributes = { alpha: true, premultipliedAlpha: true, antialias: false, depth: false, stencil: false, preserveDrawingBuffer: false };
    const optionalExtensions = ['OES_texture_float', 'OES_texture_half_float', 'OES_texture_float_linear', 'OES_texture_half_float_linear'];
    try {
      // WebGL2 for its single-channel float textures (R32F / R16F); regl draws on it with the
      // WebGL1 subset. A canvas keeps the first context kind it is asked for, so WebGL1 is
      // tried only when WebGL2 is not there at all.
      const gl2 = this.renderer === 'webgl1' ? null : canvas.getContext('webgl2', attributes);
      const regl = gl2 ? createREGL({ gl: gl2, optionalExtensions }) : createREGL({ canvas, attributes, optionalExtensions });
      // Kept before the layer is built, so that a failure below releases the context's objects.
      this.regl = regl;
      this.layer = new DensityLayer(regl, this.renderer === 'rgba8' ? 'rgba8' : this.renderer === 'float16' ? 'float16' : 'float32');
      const limits = regl.limits;
      this.limits = {
        texture: limits.maxTextureSize,
        buffer: Math.min(limits.maxRenderbufferSize, limits.maxViewportDims[0], limits.maxViewportDims[1]),
      };
      this.mode = 'webgl';
      this.frameUploaded = false;
      return true;
    } catch {
      // No WebGL (blocklisted GPU, disabled, or context limit), or a context regl cannot set up:
      // fall back to the CPU path.
      this.releaseGl();
      return false;
    }
  }

  /**
   * Switches to Canvas2D: on this canvas if it can still give a 2D context, else on a fresh one
   * put in its place (this one handed out a WebGL context). Sets `unavailable` if neither can.
   */
  private createCanvas2d(): void {
    this.layer = null;
    this.ctx2d = this.canvas!.getContext('2d') ?? this.replaceCanvas().getContext('2d');
    this.mode = this.ctx2d ? 'canvas2d' : null;
    this.unavailable = this.ctx2d ? null : 'this browser gave the map neither a WebGL nor a Canvas2D context';
    this.limits = { texture: 8192, buffer: 8192 };
  }

  /** Puts a fresh canvas (same attributes) in place of the current one and returns it. */
  private replaceCanvas(): HTMLCanvasElement {
    const old = this.canvas!;
    old.removeEventListener('webglcontextlost', this.onLost);
    old.removeEventListener('webglcontextrestored', this.onRestored);
    try {
      // Frees the abandoned context now rather than at garbage collection (browsers cap live contexts).
      const gl = old.getContext('webgl2') ?? old.getContext('webgl');
      gl?.getExtension('WEBGL_lose_context')?.loseContext();
    } catch {
      // A context that fails this far is released with the canvas.
    }
    const fresh = old.cloneNode(false) as HTMLCanvasElement;
    old.replaceWith(fresh);
    this.canvas = fresh;
    this.listen(fresh);
    return fresh;
  }

  private listen(canvas: HTMLCanvasElement): void {
    canvas.addEventListener('webglcontextlost', this.onLost);
    canvas.addEventListener('webglcontextrestored', this.onRestored);
  }

  private releaseGl(): void {
    try {
      this.regl?.destroy();
    } catch {
      // A lost context cannot delete anything; the objects die with it.
    }
    this.regl = null;
    this.layer = null;
  }

  private drawGl(colour: SurfaceColour): void {
    const layer = this.layer;
    if (!layer || this.contextLost) return;
    if (this.frame && !this.frameUploaded) {
      layer.setDensity(this.frame.values, this.frame.width, this.frame.height, this.frame.peak);
      this.frameUploaded = true;
    }
    layer.setColormap(colour.lut);
    layer.draw(this.frame ? colour : { ...colour, maxValue: 0 });
  }

  private draw2d(colour: SurfaceColour): void {
    const ctx = this.ctx2d!;
    const canvas = this.canvas!;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const frame = this.frame;
    if (!frame) return;
    const grid = (this.gridCanvas ??= document.createElement('canvas'));
    if (grid.width !== frame.width || grid.height !== frame.height) {
      grid.width = frame.width;
      grid.height = frame.height;
    }
    const g = grid.getContext('2d')!;
    const image = g.createImageData(frame.width, frame.height);
    colourGrid(frame.values, frame.width, frame.height, colour.lut, colour.maxValue, colour.opacity, colour.scale, image.data);
    g.putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(grid, 0, 0, canvas.width, canvas.height);
  }

  private measure(): void {
    const width = this.host.clientWidth;
    const height = this.host.clientHeight;
    const changed = width !== this.cssSize[0] || height !== this.cssSize[1];
    this.cssSize = [width, height];
    if (this.resizeCanvas() || changed) this.options.onResize(width, height);
  }

  /** Sizes the drawing buffer to CSS size × DPR within the GPU's limits; true if it changed. */
  private resizeCanvas(): boolean {
    const canvas = this.canvas;
    if (!canvas) return false;
    const [w, h] = bufferSize(this.cssSize[0], this.cssSize[1], window.devicePixelRatio || 1, this.limits.buffer, this.detailBudget, this.frame);
    if (canvas.width === w && canvas.height === h) return false;
    canvas.width = w;
    canvas.height = h;
    return true;
  }

  private watchDpr(): void {
    this.dprQuery?.removeEventListener('change', this.onDprChange);
    this.dprQuery = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    this.dprQuery.addEventListener('change', this.onDprChange);
  }

  private readonly onDprChange = (): void => {
    // A media query matches one ratio; watch the new one.
    this.watchDpr();
    this.measure();
  };

  private readonly onLost = (event: Event): void => {
    // Without preventDefault the browser never offers the context back.
    event.preventDefault();
    this.contextLost = true;
    this.releaseGl();
  };

  private readonly onRestored = (): void => {
    this.contextLost = false;
    // A context that comes back but cannot be set up again: draw on Canvas2D instead. The host
    // redraws either way, and reports the error state if nothing can draw.
    if (!this.createGl()) this.createCanvas2d();
    this.options.onRestored();
  };
}
