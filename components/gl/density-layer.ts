/**
 * The GPU colour stage on one regl context: a density texture, a 256 × 1 colormap texture and
 * one draw command built once (a regl command is data) and called with changing props.
 *
 * Density texture formats, best first:
 * - float32: R32F on WebGL2, luminance with OES_texture_float on WebGL1; values as they are;
 * - float16: R16F on WebGL2, luminance with OES_texture_half_float on WebGL1; value / peak
 *   (relative error ≤ 2⁻¹¹);
 * - RGB8 holding value / peak quantised to 24 bits (6·10⁻⁸ of the peak per step).
 * All three are far below one step of an 8-bit colormap. regl itself speaks WebGL1; the
 * WebGL2 single-channel uploads go through webgl2-upload.ts.
 */
import type REGL from 'regl';
import { densityFrag, densityVert } from './shaders.js';
import { ALPHA_RAMP, scaleIndex, type ScaleName } from './colour-scale.js';
import { packHalves } from './half-float.js';
import { uploadRedTexture, webgl2Of } from './webgl2-upload.js';

export type TextureFormat = 'float32' | 'float16' | 'rgba8';
export type ContextKind = 'webgl2' | 'webgl';

/** The shader's `encoding` uniform for each format. */
const ENCODING: Record<TextureFormat, number> = { float32: 0, float16: 1, rgba8: 2 };

export interface ColourProps {
  maxValue: number;
  opacity: number;
  scale: ScaleName;
}

interface DrawProps {
  maxValue: number;
  opacity: number;
  scaleMode: number;
}

const QUANT_LEVELS = 16777215; // 2²⁴ − 1

export class DensityLayer {
  readonly format: TextureFormat;
  readonly context: ContextKind;
  private readonly density: REGL.Texture2D;
  private readonly colormap: REGL.Texture2D;
  private readonly command: REGL.DrawCommand;
  /** 'linear' when the float texture can be filtered by the texture unit (see shaders.ts). */
  private readonly filter: 'linear' | 'nearest';
  private gridSize: [number, number] = [1, 1];
  private quantMax = 0;
  private scratch: Uint8Array | null = null;
  private halves: Uint16Array | null = null;
  private lastLut: Uint8Array | null = null;

  /** `preferred`: the best format to use when the context supports it (tests force the fallbacks). */
  constructor(
    private readonly regl: REGL.Regl,
    preferred: TextureFormat = 'float32',
  ) {
    // WebGL2 samples R32F and R16F in core; WebGL1 needs the extensions.
    const gl2 = webgl2Of(regl) !== null;
    this.context = gl2 ? 'webgl2' : 'webgl';
    const float = preferred === 'float32' && (gl2 || regl.hasExtension('OES_texture_float'));
    const half = preferred !== 'rgba8' && (gl2 || regl.hasExtension('OES_texture_half_float'));
    this.format = float ? 'float32' : half ? 'float16' : 'rgba8';
    // Filtering float32 always takes OES_texture_float_linear; half floats filter in core WebGL2.
    const linear = float
      ? regl.hasExtension('OES_texture_float_linear')
      : half && (gl2 || regl.hasExtension('OES_texture_half_float_linear'));
    this.filter = linear ? 'linear' : 'nearest';
    this.density = regl.texture({ width: 1, height: 1, format: 'rgba', type: 'uint8', min: 'nearest', mag: 'nearest' });
    this.colormap = regl.texture({ width: 256, height: 1, format: 'rgba', type: 'uint8', min: 'nearest', mag: 'nearest' });
    this.command = regl({
      vert: densityVert,
      frag: densityFrag,
      attributes: { position: [-1, -1, 1, -1, -1, 1, -1, 1, 1, -1, 1, 1] },
      uniforms: {
        density: this.density,
        colormap: this.colormap,
        gridSize: () => this.gridSize,
        encoding: ENCODING[this.format],
        valueScale: () => this.quantMax,
        alphaRamp: ALPHA_RAMP,
        hardwareFilter: () => (this.filter === 'linear' ? 1 : 0),
        maxValue: regl.prop<DrawProps, 'maxValue'>('maxValue'),
        opacity: regl.prop<DrawProps, 'opacity'>('opacity'),
        scaleMode: regl.prop<DrawProps, 'scaleMode'>('scaleMode'),
      },
      depth: { enable: false },
      blend: { enable: false },
      count: 6,
    });
  }

  /** Uploads a width × height grid (row 0 at the top) with its largest value. */
  setDensity(values: Float32Array, width: number, height: number, peak: number): void {
    this.gridSize = [width, height];
    this.quantMax = peak > 0 ? peak : 1;
    if (this.format === 'float32') {
      if (this.context === 'webgl2') uploadRedTexture(this.regl, this.density, 'r32f', values, width, height, this.filter);
      else this.density({ width, height, data: values, format: 'luminance', type: 'float', min: this.filter, mag: this.filter });
      return;
    }
    const n = width * height;
    if (this.format === 'float16') {
      if (!this.halves || this.halves.length !== n) this.halves = new Uint16Array(n);
      packHalves(values, this.quantMax, this.halves);
      if (this.context === 'webgl2') uploadRedTexture(this.regl, this.density, 'r16f', this.halves, width, height, this.filter);
      else this.density({ width, height, data: this.halves, format: 'luminance', type: 'half float', min: this.filter, mag: this.filter });
      return;
    }
    if (!this.scratch || this.scratch.length !== n * 4) this.scratch = new Uint8Array(n * 4);
    const out = this.scratch;
    const k = QUANT_LEVELS / this.quantMax;
    for (let i = 0, o = 0; i < n; i++, o += 4) {
      const v = values[i];
      // Negative or NaN never reach here from the engine; clamp anyway rather than wrap.
      const q = v > 0 ? Math.min(QUANT_LEVELS, Math.round(v * k)) : 0;
      out[o] = q >>> 16;
      out[o + 1] = (q >>> 8) & 255;
      out[o + 2] = q & 255;
      out[o + 3] = 255;
    }
    this.density({ width, height, data: out, format: 'rgba', type: 'uint8', min: 'nearest', mag: 'nearest' });
  }

  /** Uploads a 256 × [r, g, b] lookup table (skipped when it is the one already uploaded). */
  setColormap(lut: Uint8Array): void {
    if (lut === this.lastLut) return;
    const rgba = new Uint8Array(256 * 4);
    for (let i = 0; i < 256; i++) {
      rgba[i * 4] = lut[i * 3];
      rgba[i * 4 + 1] = lut[i * 3 + 1];
      rgba[i * 4 + 2] = lut[i * 3 + 2];
      rgba[i * 4 + 3] = 255;
    }
    this.colormap({ width: 256, height: 1, data: rgba, format: 'rgba', type: 'uint8', min: 'nearest', mag: 'nearest' });
    this.lastLut = lut;
  }

  draw(props: ColourProps): void {
    this.regl.poll();
    this.regl.clear({ color: [0, 0, 0, 0] });
    this.command({ maxValue: props.maxValue, opacity: props.opacity, scaleMode: scaleIndex(props.scale) });
  }
}
