import type { PlainAttentionParams, PlainDropped, PlainGrid, PlainSamples } from './attention-plain.mjs';
export function fastPlainAttention(
  samples: PlainSamples,
  params: PlainAttentionParams & { spread: number },
  grid: PlainGrid,
): { values: Float32Array; total: number; max: number; sessions: number; kept: number; dropped: PlainDropped; idleCapped: number; reordered: boolean };
