// The browser build served by `heatlens serve`: dist/web/index.html (the dashboard),
// dist/web/heatlens.js (the ESM bundle that defines the elements, for any page to import) and
// hashed dist/web/assets/* (shared chunks, the engine worker, styles). Run by
// scripts/build-web.mjs; `npx vite --config vite.web.config.ts` serves the dashboard in
// development, with the API proxied to a running `heatlens serve` (HEATLENS_API).
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vite';
import baseConfig from './vite.config.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const api = process.env.HEATLENS_API ?? 'http://127.0.0.1:8787';
const isolation = {
  // Cross-origin isolated, as the server serves it, so the engine can use kernel threads.
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default mergeConfig(
  baseConfig,
  defineConfig({
    root: here('./dashboard'),
    // Relative URLs: the bundle finds its chunks and the engine worker next to itself, wherever
    // heatlens.js is served from.
    base: './',
    publicDir: false,
    server: {
      headers: isolation,
      proxy: Object.fromEntries(['/v1', '/demo', '/tracker.js'].map((p) => [p, { target: api, changeOrigin: false }])),
    },
    build: {
      outDir: here('./dist/web'),
      emptyOutDir: true,
      sourcemap: false,
      reportCompressedSize: false,
      rolldownOptions: {
        input: {
          index: here('./dashboard/index.html'),
          heatlens: here('./components/index.ts'),
        },
        // heatlens.js is imported by other pages: keep its exports and a stable name.
        preserveEntrySignatures: 'exports-only',
        output: {
          entryFileNames: (chunk) => (chunk.name === 'heatlens' ? 'heatlens.js' : 'assets/[name]-[hash].js'),
          chunkFileNames: 'assets/[name]-[hash].js',
          assetFileNames: 'assets/[name]-[hash][extname]',
        },
      },
    },
  }),
);
