export interface PlainAttentionParams {
  idleCap: number;
  speedThreshold: number;
  fastWeight: number;
  lag: number;
  perSession: boolean;
}
export interface PlainDropped { nonFinite: number; backwards: number; duplicate: number; singleSample: number; total: number }
export interface PlainWeights {
  x: Float64Array;
  y: Float64Array;
  w: Float64Array;
  sessions: number;
  kept: number;
  dropped: PlainDropped;
  idleCapped: number;
  reordered: boolean;
}
export interface PlainGrid { extent: readonly [number, number, number, number]; width: number; height: number }
export interface PlainSamples {
  session: ArrayLike<number | string>;
  ts: ArrayLike<number>;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}
export function plainAttentionWeights(samples: PlainSamples, params: PlainAttentionParams): PlainWeights;
export function exactAttentionDensity(
  points: { x: ArrayLike<number>; y: ArrayLike<number>; w: ArrayLike<number> },
  grid: PlainGrid & { spread: number },
): { values: Float64Array; total: number };
export function plainAttentionDensity(
  points: { x: ArrayLike<number>; y: ArrayLike<number>; w: ArrayLike<number> },
  grid: PlainGrid & { spread: number },
): { values: Float32Array; total: number; max: number };
export function plainAttention(
  samples: PlainSamples,
  params: PlainAttentionParams & { spread: number },
  grid: PlainGrid,
): { values: Float32Array; total: number; max: number; sessions: number; kept: number; dropped: PlainDropped; idleCapped: number };
