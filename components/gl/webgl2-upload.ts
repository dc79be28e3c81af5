/**
 * Single-channel float textures on a WebGL2 context: R32F and R16F, which regl 2 (a WebGL1
 * library) has no names for. regl still owns the texture object — it binds it for draws, frees
 * it on destroy and forgets it on context loss — and only the upload goes around it here, after
 * which regl is told to re-sync the GL state it caches.
 *
 * Why bother on WebGL2: a one-channel texture is a quarter of an RGBA one in memory and upload
 * bandwidth, and R16F is filterable in core WebGL2, so half floats are interpolated by the
 * texture unit instead of by four fetches in the shader.
 */
import type REGL from 'regl';

export type RedFormat = 'r32f' | 'r16f';

/** regl keeps its WebGLTexture on a field its typings do not declare. */
interface ReglTextureInternals {
  _texture?: { texture?: WebGLTexture };
}

/** The WebGL2 context under regl, or null when regl drives WebGL1. */
export function webgl2Of(regl: REGL.Regl): WebGL2RenderingContext | null {
  const gl = regl._gl;
  return typeof WebGL2RenderingContext !== 'undefined' && gl instanceof WebGL2RenderingContext ? gl : null;
}

/**
 * Uploads `data` (row 0 first) into `texture` as an R32F (Float32Array) or R16F (Uint16Array of
 * half-float bits) texture with the given filtering.
 */
export function uploadRedTexture(
  regl: REGL.Regl,
  texture: REGL.Texture2D,
  format: RedFormat,
  data: Float32Array | Uint16Array,
  width: number,
  height: number,
  filter: 'linear' | 'nearest',
): void {
  const gl = webgl2Of(regl);
  const handle = (texture as unknown as ReglTextureInternals)._texture?.texture;
  if (!gl || !handle) throw new Error('R32F/R16F textures need a WebGL2 context and a regl texture');
  gl.activeTexture(gl.TEXTURE0);
  gl.bindTexture(gl.TEXTURE_2D, handle);
  // Rows of an R16F texture with an odd width are not 4-byte aligned.
  gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
  gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, false);
  gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
  if (format === 'r32f') gl.texImage2D(gl.TEXTURE_2D, 0, gl.R32F, width, height, 0, gl.RED, gl.FLOAT, data);
  else gl.texImage2D(gl.TEXTURE_2D, 0, gl.R16F, width, height, 0, gl.RED, gl.HALF_FLOAT, data);
  const mode = filter === 'linear' ? gl.LINEAR : gl.NEAREST;
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, mode);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, mode);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
  // regl caches which texture each unit holds; it rebinds its own on the next draw after this.
  regl._refresh();
}
