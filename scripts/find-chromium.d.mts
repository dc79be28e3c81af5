// Types for find-chromium.mjs, so TypeScript files (vitest.config.ts, tests) can import it.
import type { Browser } from 'playwright-core';

export declare const MISSING_CHROMIUM_MESSAGE: string;
export declare const CHROMIUM_CANDIDATES: readonly string[];
export declare const CHROMIUM_BASE_ARGS: readonly string[];
export declare const CHROMIUM_ARGS: readonly string[];
export declare function findChromium(env?: NodeJS.ProcessEnv): string | null;
export declare function launchChromium(options?: {
  args?: string[];
  headless?: boolean;
  timeout?: number;
}): Promise<Browser>;
