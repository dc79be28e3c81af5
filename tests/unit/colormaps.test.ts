import { describe, expect, it } from 'vitest';
import { colorize } from '../../bin/colorize.js';
import { COLORMAPS, colormapLUT, colormapNames } from '../../components/colormaps.js';

function hexAt(lut: Uint8Array, i: number): string {
  return `#${[0, 1, 2].map((c) => lut[i * 3 + c].toString(16).padStart(2, '0')).join('')}`;
}

function channelDistance(lut: Uint8Array, i: number, hex: string): number {
  const want = [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
  return Math.max(...want.map((v, c) => Math.abs(lut[i * 3 + c] - v)));
}

/** CIE L* of an sRGB byte triple (D65). */
function lightness(r: number, g: number, b: number): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const y = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  return y > 216 / 24389 ? 116 * Math.cbrt(y) - 16 : (24389 / 27) * y;
}

describe('colormaps', () => {
  it('has a 256-entry RGB table for every name', () => {
    expect(colormapNames).toEqual(['viridis', 'inferno', 'magma', 'turbo', 'greys']);
    for (const name of colormapNames) {
      expect(COLORMAPS[name]).toBeInstanceOf(Uint8Array);
      expect(COLORMAPS[name].length).toBe(768);
    }
  });

  it('reproduces the published endpoints exactly', () => {
    expect(hexAt(COLORMAPS.viridis, 0)).toBe('#440154');
    expect(hexAt(COLORMAPS.viridis, 255)).toBe('#fde725');
    expect(hexAt(COLORMAPS.inferno, 0)).toBe('#000004');
    expect(hexAt(COLORMAPS.inferno, 255)).toBe('#fcffa4');
    expect(hexAt(COLORMAPS.magma, 0)).toBe('#000004');
    expect(hexAt(COLORMAPS.magma, 255)).toBe('#fcfdbf');
    expect(hexAt(COLORMAPS.turbo, 0)).toBe('#30123b');
    expect(hexAt(COLORMAPS.turbo, 255)).toBe('#7a0403');
    expect(hexAt(COLORMAPS.greys, 0)).toBe('#000000');
    expect(hexAt(COLORMAPS.greys, 255)).toBe('#ffffff');
  });

  it('matches the published tables between anchors within 2/255', () => {
    // Entries that are not among the stored anchors (every 8th), from the published tables.
    const samples: Array<[keyof typeof COLORMAPS, number, string]> = [
      ['viridis', 100, '#2a768e'],
      ['viridis', 180, '#46c06f'],
      ['viridis', 250, '#f1e51d'],
      ['inferno', 60, '#510e6c'],
      ['inferno', 200, '#fb9d07'],
      ['magma', 140, '#ca3e72'],
      ['magma', 252, '#fcf7b9'],
      ['turbo', 30, '#4666dd'],
      ['turbo', 130, '#a9fb39'],
      ['turbo', 230, '#c32503'],
    ];
    for (const [name, i, hex] of samples) {
      expect(channelDistance(COLORMAPS[name], i, hex), `${name}[${i}] vs ${hex}`).toBeLessThanOrEqual(2);
    }
  });

  it('keeps lightness increasing for the sequential maps', () => {
    for (const name of ['viridis', 'inferno', 'magma', 'greys'] as const) {
      const lut = COLORMAPS[name];
      const l = Array.from({ length: 256 }, (_, i) => lightness(lut[i * 3], lut[i * 3 + 1], lut[i * 3 + 2]));
      for (let i = 1; i < 256; i++) {
        // 8-bit rounding makes even the published viridis table dip by ~0.03 L* in places;
        // over four entries the rise (~1 L*) dominates.
        expect(l[i], `${name}[${i}]`).toBeGreaterThan(l[i - 1] - 0.1);
        if (i >= 4) expect(l[i], `${name}[${i}]`).toBeGreaterThan(l[i - 4]);
      }
    }
  });

  it('changes smoothly (no step larger than the published tables have)', () => {
    for (const name of colormapNames) {
      const lut = COLORMAPS[name];
      for (let i = 1; i < 256; i++) {
        for (let c = 0; c < 3; c++) {
          expect(Math.abs(lut[i * 3 + c] - lut[(i - 1) * 3 + c]), `${name}[${i}]`).toBeLessThanOrEqual(8);
        }
      }
    }
  });

  it('looks names up case-insensitively and names the valid ones on error', () => {
    expect(colormapLUT('Viridis')).toBe(COLORMAPS.viridis);
    expect(colormapLUT(' turbo ')).toBe(COLORMAPS.turbo);
    expect(() => colormapLUT('jet')).toThrow(/unknown colormap "jet" \(valid: viridis, inferno, magma, turbo, greys\)/);
  });
});

describe('colorize', () => {
  const lut = COLORMAPS.viridis;

  it('maps the maximum to the top colour, fully opaque', () => {
    const rgba = colorize(new Float32Array([2]), 2, lut);
    expect([...rgba]).toEqual([0xfd, 0xe7, 0x25, 255]);
  });

  it('makes zero, negligible, negative and NaN cells fully transparent', () => {
    const rgba = colorize(new Float32Array([0, 0.5 / 255, -1, NaN]), 1, lut);
    for (let i = 0; i < 4; i++) expect(rgba[i * 4 + 3], `cell ${i}`).toBe(0);
  });

  it('ramps alpha in for low values and is opaque from a quarter of max', () => {
    const values = Float32Array.from({ length: 101 }, (_, i) => i / 100);
    const rgba = colorize(values, 1, lut);
    let prev = -1;
    for (let i = 0; i <= 100; i++) {
      const a = rgba[i * 4 + 3];
      expect(a).toBeGreaterThanOrEqual(prev);
      prev = a;
    }
    expect(rgba[1 * 4 + 3]).toBeGreaterThan(0);
    expect(rgba[1 * 4 + 3]).toBeLessThan(255);
    expect(rgba[25 * 4 + 3]).toBe(255);
    // Colour index is linear in value: 0.5 → entry 128.
    expect([...rgba.subarray(50 * 4, 50 * 4 + 3)]).toEqual([...lut.subarray(128 * 3, 128 * 3 + 3)]);
  });

  it('returns a transparent image when max is not positive', () => {
    expect(colorize(new Float32Array([1, 2]), 0, lut).every((v) => v === 0)).toBe(true);
    expect(colorize(new Float32Array([1, 2]), NaN, lut).every((v) => v === 0)).toBe(true);
  });

  it('rejects a LUT of the wrong size', () => {
    expect(() => colorize(new Float32Array(1), 1, new Uint8Array(10))).toThrow(/768/);
  });
});
