// The base Vite config: the dev server, Storybook and the browser tests (vitest.config.ts
// merges it) all use it. A library build of the browser bundle can extend `build` later.
import { defineConfig } from 'vite';

export default defineConfig({
  worker: {
    // The engine worker is an ES module (`new Worker(url, { type: 'module' })`) and imports
    // comlink and the WASM glue, so it must be bundled as ESM, not as a classic script.
    format: 'es',
  },
  optimizeDeps: {
    // Pre-bundle these up front: regl ships only UMD, and a dependency discovered in the
    // middle of a browser test run makes Vite reload the page under the running tests.
    include: ['comlink', 'lit', 'lit/decorators.js', 'regl'],
  },
  build: {
    target: 'es2022',
    // `dist/` belongs to tsc (the Node entry points); Vite's output goes beside it.
    outDir: 'dist/browser',
    emptyOutDir: true,
    sourcemap: true,
    // Never inline the WASM kernels as base64: a separate file can be streamed into
    // WebAssembly.compileStreaming and cached. Other assets follow Vite's 4 KiB default.
    assetsInlineLimit: (filePath) => (filePath.endsWith('.wasm') ? false : undefined),
  },
});
