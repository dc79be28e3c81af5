// Types for suite.mjs, so the TypeScript bench page can import it.
import type { Points } from './data.mjs';
import type { Measured } from './measure.mjs';

export interface SuiteConfig {
  sizes: number[];
  bandwidth: number;
  fullGrid: [number, number];
  coarseGrid: [number, number];
  coarseSizes: number[];
  bandwidthN: number;
  bandwidthRuns: number;
  k: number;
}
export type Dataset = Points & { checksum: string };
export interface ContenderResult {
  n: number;
  grid?: [number, number];
  median_ms?: number;
  runs_ms?: number[];
  k?: number;
  warmup?: number;
  error?: string;
  [key: string]: unknown;
}
export interface Scenario {
  id: string;
  env: string;
  label: string;
  n: number;
  grid?: [number, number];
  bandwidth?: number;
  contenders: Record<string, ContenderResult>;
  notes?: string[];
}
export declare const DEFAULT_CONFIG: SuiteConfig;
export declare const PAGE_WIDTH: number;
export declare const PAGE_HEIGHT: number;
export declare const EXTENT: [number, number, number, number];
export declare function fastKde(points: Points, grid: [number, number], bandwidth: number): Float64Array;
export declare function makeDatasets(sizes: number[]): Map<number, Dataset>;
export declare function runSuite(options: {
  env: string;
  engineFactory: (() => Promise<any>) | null;
  config?: Partial<SuiteConfig>;
  log?: (message: string) => void;
  datasets?: Map<number, Dataset>;
}): Promise<{ scenarios: Scenario[]; checksums: Record<string, string> }>;
export declare function summarise(r: Measured<any>): {
  median_ms: number;
  runs_ms: number[];
  k: number;
  warmup: number;
  [key: string]: unknown;
};
export declare function fmtN(n: number): string;
