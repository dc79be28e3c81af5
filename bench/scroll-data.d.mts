export declare const SEED: number;
export declare function generateSessions(sessions: number, seed?: number): {
  session: Int32Array;
  ts: Float64Array;
  y: Float32Array;
  vh: Float32Array;
  dh: Float32Array;
};
