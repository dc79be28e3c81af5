export interface PlainScrollResult {
  bins: number;
  unit: 'px' | 'percent';
  reached: Float64Array;
  timeInView: Float64Array;
  fold: { mean: number; p25: number; p50: number; p75: number };
  sessions: number;
  timedSessions: number;
  samples: number;
  dropped: number;
  clamped: number;
  reordered: number;
  maxDepth: number;
}
export function plainScrollDepth(
  samples: { session: Int32Array; ts: Float64Array; y: Float32Array; vh: Float32Array; dh: Float32Array },
  options: { bins: number; unit?: 'px' | 'percent'; maxDepth?: number; idleCap?: number },
): PlainScrollResult;
