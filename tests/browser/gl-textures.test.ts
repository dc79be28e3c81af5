// The WebGL2 single-channel density textures: values uploaded as R32F come back from the GPU
// bit for bit (densities are ~1e-6 events/px², far below what 8-bit textures could hold), R16F
// holds the nearest half, and regl keeps drawing correctly after the upload went around it.
import createREGL from 'regl';
import { afterEach, describe, expect, it } from 'vitest';
import { toHalf } from '../../components/gl/half-float.js';
import { uploadRedTexture, webgl2Of } from '../../components/gl/webgl2-upload.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function regl2(): createREGL.Regl {
  const canvas = document.createElement('canvas');
  const gl = canvas.getContext('webgl2');
  if (!gl) throw new Error('this browser has no WebGL2');
  // Reading an R32F attachment back as floats needs a float-renderable colour buffer.
  if (!gl.getExtension('EXT_color_buffer_float')) throw new Error('EXT_color_buffer_float is missing');
  const regl = createREGL({ gl });
  cleanups.push(() => regl.destroy());
  return regl;
}

/** Reads a texture's red channel back through a framebuffer, as float32. */
function readRed(regl: createREGL.Regl, texture: createREGL.Texture2D, width: number, height: number): Float32Array {
  const gl = webgl2Of(regl)!;
  const handle = (texture as unknown as { _texture: { texture: WebGLTexture } })._texture.texture;
  const fb = gl.createFramebuffer();
  gl.bindFramebuffer(gl.FRAMEBUFFER, fb);
  gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, handle, 0);
  expect(gl.checkFramebufferStatus(gl.FRAMEBUFFER)).toBe(gl.FRAMEBUFFER_COMPLETE);
  const rgba = new Float32Array(width * height * 4);
  gl.readPixels(0, 0, width, height, gl.RGBA, gl.FLOAT, rgba);
  gl.bindFramebuffer(gl.FRAMEBUFFER, null);
  gl.deleteFramebuffer(fb);
  regl._refresh();
  return rgba.filter((_, i) => i % 4 === 0);
}

describe('WebGL2 density textures', () => {
  it('regl runs on the WebGL2 context the surface hands it', () => {
    const regl = regl2();
    expect(webgl2Of(regl)).not.toBeNull();
    expect(regl.limits.maxTextureSize).toBeGreaterThanOrEqual(4096);
  });

  it('R32F keeps every float32 bit of the density (tiny, huge and odd widths)', () => {
    const regl = regl2();
    const width = 7;
    const height = 3;
    const values = new Float32Array(width * height);
    for (let i = 0; i < values.length; i++) values[i] = Math.fround(1.2345e-7 * (i + 1) ** 3);
    values[5] = 0;
    values[6] = Math.fround(98765.4321);
    const texture = regl.texture({ width: 1, height: 1 });
    uploadRedTexture(regl, texture, 'r32f', values, width, height, 'nearest');
    expect(Array.from(readRed(regl, texture, width, height))).toEqual(Array.from(values));
  });

  it('R16F holds the nearest half of each normalised value', () => {
    const regl = regl2();
    const width = 5; // odd: rows of 10 bytes, not 4-byte aligned
    const height = 2;
    const normalised = [0, 1, 0.5, 0.1, 1 / 3, 2.5e-4, 0.999, 0.75, 0.0625, 0.3];
    const halves = new Uint16Array(normalised.map(toHalf));
    const texture = regl.texture({ width: 1, height: 1 });
    uploadRedTexture(regl, texture, 'r16f', halves, width, height, 'linear');
    const back = readRed(regl, texture, width, height);
    for (let i = 0; i < normalised.length; i++) {
      // A half has 11 significant bits: the round trip is within half an ulp, 2⁻¹¹ relative.
      expect(Math.abs(back[i] - normalised[i])).toBeLessThanOrEqual(normalised[i] * 2 ** -11 + 1e-7);
      expect(toHalf(back[i])).toBe(halves[i]);
    }
  });

  it('regl draws with the texture after the upload bypassed its state cache', () => {
    const regl = regl2();
    const texture = regl.texture({ width: 1, height: 1 });
    uploadRedTexture(regl, texture, 'r32f', new Float32Array([0.25, 0.75]), 2, 1, 'nearest');
    const target = regl.framebuffer({ width: 2, height: 1, colorType: 'uint8' });
    const draw = regl({
      vert: 'attribute vec2 p; varying vec2 uv; void main() { uv = p * 0.5 + 0.5; gl_Position = vec4(p, 0.0, 1.0); }',
      frag: 'precision highp float; uniform sampler2D t; varying vec2 uv; void main() { gl_FragColor = vec4(texture2D(t, uv).r, 0.0, 0.0, 1.0); }',
      attributes: { p: [-1, -1, 1, -1, -1, 1, -1, 1, 1, -1, 1, 1] },
      uniforms: { t: texture },
      framebuffer: target,
      count: 6,
    });
    draw();
    const out = regl.read({ framebuffer: target }) as Uint8Array;
    expect([out[0], out[4]]).toEqual([Math.round(0.25 * 255), Math.round(0.75 * 255)]);
  });
});
