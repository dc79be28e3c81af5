/**
 * Perceptual colormaps as 256-entry RGB lookup tables (Uint8Array of 256 × [r, g, b]), shared by
 * the CLI's PNG output and the browser components' colour stage. DOM-free on purpose.
 *
 * Sources:
 * - viridis, inferno, magma: Nathaniel J. Smith, Stefan van der Walt (and Eric Firing for
 *   viridis), designed for matplotlib; data released CC0 at
 *   https://github.com/BIDS/colormap/blob/master/colormaps.py (the `_cm_listed` tables).
 * - turbo: Anton Mikhailov, Google LLC, 2019, Apache-2.0; 256-entry sRGB table published at
 *   https://gist.github.com/mikhailov-work/ee72ba4191942acecc03fe6da94fc73f (see
 *   https://ai.googleblog.com/2019/08/turbo-improved-rainbow-colormap-for.html).
 *
 * We keep every 8th entry of those published 8-bit tables (indices 0, 8, …, 248, 255) and
 * rebuild the rest with a cubic Hermite spline (Catmull–Rom tangents). Against the full tables
 * that reproduces every channel within 2/255 and the endpoints exactly, at an eighth of the size;
 * the published polynomial fits for these maps are off by up to 9/255 (inferno) and 32/255 (turbo
 * at 0), which is visible on a heatmap's faint tail, so we do not use them.
 */

/** Anchor colours as packed hex `rrggbb`, 33 of them, at table indices ANCHOR_INDEX. */
const ANCHORS = {
  viridis:
    '440154470d6048186a482374472d7b4537814240863e49893b528b375b8d33638d' +
    '2f6b8e2c728e297a8e26828e23898e21918c1f988b1fa08822a78528ae8032b67a' +
    '3fbc734ec36b5ec96270cf5784d44b98d83eaddc30c2df23d8e219ece51bfde725',
  inferno:
    '0000040403120b0724150b37210c4a2f0a5b3d09654a0c6b57106e64156e71196e' +
    '7d1e6d8a226a972766a32c61b0315bbc3754c73e4cd24644db503be45a31eb6628' +
    'f1731df68013f98e09fb9d07fcac11fbbc21f9cb35f5db4cf2ea69f3f68afcffa4',
  magma:
    '0000040303120a0822130d341d114729115a36106b440f7651127c5d177f6a1c81' +
    '762181832681902a819c2e7faa337db73779c43c75d0416fdc4869e75263ef5d5e' +
    'f56b5cf9795dfc8961fd9869fea772feb67cfec488fed395fde2a3fcf0b2fcfdbf',
  turbo:
    '30123b392a734040a24456c7466be34680f64294ff37a8fa28bceb1ccdd818ddc2' +
    '1fe9af32f2984ef97d6dfe628bff4ba4fc3cb9f635cdec34dfdf37eecf3af8be39' +
    'fdac34fe962bfb7e21f46617eb500edf3f08d02f05be2102a91601920b017a0403',
} as const;

/** Table index of each anchor: every 8th entry, plus the last one so both ends are exact. */
const ANCHOR_INDEX: readonly number[] = [...Array.from({ length: 32 }, (_, k) => k * 8), 255];

export type ColormapName = 'viridis' | 'inferno' | 'magma' | 'turbo' | 'greys';

/** Every colormap name, default (viridis) first. */
export const colormapNames: readonly ColormapName[] = ['viridis', 'inferno', 'magma', 'turbo', 'greys'];

function parseAnchors(hex: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < hex.length; i += 2) out.push(parseInt(hex.slice(i, i + 2), 16));
  return out;
}

/** Rebuilds the 256-entry table from the anchors with a piecewise cubic Hermite spline. */
function expandAnchors(hex: string): Uint8Array {
  const a = parseAnchors(hex);
  const n = ANCHOR_INDEX.length;
  if (a.length !== n * 3) throw new Error(`colormap anchor data has ${a.length / 3} colours, expected ${n}`);
  const lut = new Uint8Array(256 * 3);
  let k = 0;
  for (let i = 0; i < 256; i++) {
    while (k < n - 2 && ANCHOR_INDEX[k + 1] <= i) k++;
    const i0 = ANCHOR_INDEX[k];
    const i1 = ANCHOR_INDEX[k + 1];
    const h = i1 - i0;
    const t = (i - i0) / h;
    const t2 = t * t;
    const t3 = t2 * t;
    for (let c = 0; c < 3; c++) {
      const p0 = a[k * 3 + c];
      const p1 = a[(k + 1) * 3 + c];
      // Catmull–Rom tangents scaled to this segment's length; one-sided at the ends. The spacing
      // is not uniform (the last segment is 7 entries), hence the explicit index differences.
      const m0 = k > 0 ? ((p1 - a[(k - 1) * 3 + c]) / (i1 - ANCHOR_INDEX[k - 1])) * h : p1 - p0;
      const m1 = k + 2 < n ? ((a[(k + 2) * 3 + c] - p0) / (ANCHOR_INDEX[k + 2] - i0)) * h : p1 - p0;
      const v =
        (2 * t3 - 3 * t2 + 1) * p0 + (t3 - 2 * t2 + t) * m0 + (-2 * t3 + 3 * t2) * p1 + (t3 - t2) * m1;
      lut[i * 3 + c] = Math.min(255, Math.max(0, Math.round(v)));
    }
  }
  return lut;
}

/** A plain black → white ramp (linear in sRGB code values), for print and for masks. */
function greysLUT(): Uint8Array {
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) lut.fill(i, i * 3, i * 3 + 3);
  return lut;
}

/** name → 256 × [r, g, b] bytes; index 0 is the colour of zero density, 255 of the maximum. */
export const COLORMAPS: Readonly<Record<ColormapName, Uint8Array>> = Object.freeze({
  viridis: expandAnchors(ANCHORS.viridis),
  inferno: expandAnchors(ANCHORS.inferno),
  magma: expandAnchors(ANCHORS.magma),
  turbo: expandAnchors(ANCHORS.turbo),
  greys: greysLUT(),
});

export function isColormapName(name: string): name is ColormapName {
  return (colormapNames as readonly string[]).includes(name);
}

/**
 * The lookup table for `name` (case-insensitive). The returned array is shared: copy it before
 * modifying. Throws an Error naming the valid names when `name` is unknown.
 */
export function colormapLUT(name: string): Uint8Array {
  const key = String(name).trim().toLowerCase();
  if (!isColormapName(key)) {
    throw new Error(`unknown colormap "${name}" (valid: ${colormapNames.join(', ')})`);
  }
  return COLORMAPS[key];
}
