// Types for data.mjs, so the TypeScript bench page can import it.
export declare const PAGE_WIDTH: number;
export declare const PAGE_HEIGHT: number;
export declare const EXTENT: [number, number, number, number];
export declare const CLUSTERS: number;
export declare const NOISE_SHARE: number;
export declare const DEFAULT_SEED: number;
export interface Points {
  x: Float32Array;
  y: Float32Array;
}
export declare function mulberry32(seed: number): () => number;
export declare function clusters(seed?: number): {
  cx: Float64Array;
  cy: Float64Array;
  sigma: Float64Array;
  cumulative: Float64Array;
};
export declare function generate(n: number, seed?: number): Points;
export declare function checksum(points: Points): string;
