/**
 * The colour stage's shaders (GLSL ES 1.00, which WebGL1 and WebGL2 both run; regl draws): one
 * full-screen triangle pair that samples the density texture bilinearly — with the texture
 * unit's own filtering when the float texture allows it (one fetch a pixel, which is what a
 * software renderer such as SwiftShader needs), otherwise by hand (quantised textures are
 * decoded before they are interpolated) —, maps
 * the value through max / scale (colour-scale.ts mirrors this on the CPU) and the 256 × 1
 * colormap texture, and writes premultiplied colour.
 */

export const densityVert = /* glsl */ `
precision highp float;
attribute vec2 position;
varying vec2 uv;
void main() {
  // Row 0 of the grid is the top of the page, so v grows downward.
  uv = vec2(position.x * 0.5 + 0.5, 0.5 - position.y * 0.5);
  gl_Position = vec4(position, 0.0, 1.0);
}
`;

export const densityFrag = /* glsl */ `
precision highp float;
uniform sampler2D density;
uniform sampler2D colormap;
uniform vec2 gridSize;
uniform float maxValue;
uniform float opacity;
uniform float scaleMode;   // 0 linear, 1 sqrt, 2 log
uniform float encoding;    // 0: float32 value; 1: float16 value / valueScale; 2: RGB8 value / valueScale in 24 bits
uniform float valueScale;
uniform float alphaRamp;
uniform float hardwareFilter; // 1: a float texture with LINEAR filtering (its decode is linear)
varying vec2 uv;

float decode(vec4 texel) {
  if (encoding > 1.5) {
    return dot(floor(texel.rgb * 255.0 + 0.5), vec3(65536.0, 256.0, 1.0)) / 16777215.0 * valueScale;
  }
  return encoding > 0.5 ? texel.r * valueScale : texel.r;
}

float cell(vec2 ij) {
  ij = clamp(ij, vec2(0.0), gridSize - 1.0);
  return decode(texture2D(density, (ij + 0.5) / gridSize));
}

float bilinear() {
  if (hardwareFilter > 0.5) return decode(texture2D(density, uv));
  vec2 p = uv * gridSize - 0.5;
  vec2 i = floor(p);
  vec2 f = p - i;
  return mix(mix(cell(i), cell(i + vec2(1.0, 0.0)), f.x),
             mix(cell(i + vec2(0.0, 1.0)), cell(i + vec2(1.0, 1.0)), f.x), f.y);
}

void main() {
  float v = bilinear();
  if (!(v > 0.0) || !(maxValue > 0.0)) {
    gl_FragColor = vec4(0.0);
    return;
  }
  float t = clamp(v / maxValue, 0.0, 1.0);
  float s = scaleMode < 0.5 ? t : (scaleMode < 1.5 ? sqrt(t) : log(1.0 + 999.0 * t) / log(1000.0));
  vec3 rgb = texture2D(colormap, vec2((s * 255.0 + 0.5) / 256.0, 0.5)).rgb;
  float a = opacity * clamp(s * alphaRamp, 0.0, 1.0);
  gl_FragColor = vec4(rgb * a, a);
}
`;
