// Types for measure.mjs, so the TypeScript bench page can import it.
export interface Measured<E = Record<string, unknown>> {
  median_ms: number;
  runs_ms: number[];
  k: number;
  warmup: number;
  extra: E[];
}
export declare function median(values: number[]): number;
export declare function collectGarbage(): void;
export declare function measure<I, O, E = Record<string, unknown>>(options: {
  run: (input: I) => O | Promise<O>;
  prepare?: () => I | Promise<I>;
  check?: (out: O) => E | Promise<E>;
  warmup?: number;
  k?: number | ((firstMs: number) => number);
  budgetMs?: number;
}): Promise<Measured<E>>;
export declare function adaptiveK(ms: number): number;
export declare function round(ms: number, digits?: number): number;
