export const ATTENTION_SEED: number;
export const ATTENTION_PAGE: [number, number, number, number];
export const ATTENTION_GRID: { width: number; height: number; extent: [number, number, number, number] };
export function generateCursorSessions(
  sessions: number,
  perSession?: number,
  seed?: number,
): { session: Int32Array; ts: Float64Array; x: Float32Array; y: Float32Array };
