// The library build for bundler users (run by scripts/build-lib.mjs): ES modules in dist/lib/
// for the package's "./components" and "./engine/browser" exports.
//   components.js       defines <click-map>, <scroll-map>, <attention-map>, <heatlens-legend>
//   engine-browser.js   createEngine() for browsers
//   browser-*.js        the engine client both import
//   engine.worker.js    the engine's Web Worker, one self-contained file (comlink and the
//                       kernels' WebAssembly inside), started with
//                       new Worker(new URL('./engine.worker.js', import.meta.url), { type: 'module' })
//                       — the pattern Vite's, webpack 5's and Parcel's users' bundlers follow to
//                       copy the worker into their own build.
// lit, regl and comlink stay imports: they are the package's dependencies, so the application's
// bundler de-duplicates them and picks Lit's production or development build.
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const external = (id: string) => /^(lit|@lit\/|@lit-labs\/|lit-html|lit-element|regl|comlink)($|\/)/.test(id);

/**
 * Vite writes the worker's URL as `new URL(/* @vite-ignore *\/ new URL("engine.worker.js",
 * import.meta.url).href, "" + import.meta.url)`: right at run time, but opaque to the
 * application's bundler, which would then leave the worker file out of its build. This rewrites
 * it to the plain `new URL("./engine.worker.js", import.meta.url)` that bundlers look for.
 */
function staticWorkerUrl(): Plugin {
  const vite = /new URL\(\s*\/\* @vite-ignore \*\/\s*new URL\(("[^"]+"), import\.meta\.url\)\.href,\s*"" \+ import\.meta\.url\s*\)/g;
  return {
    name: 'heatlens-static-worker-url',
    apply: 'build',
    generateBundle(_options, bundle) {
      let found = 0;
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || !chunk.code.includes('new Worker(')) continue;
        chunk.code = chunk.code.replace(vite, (_match, file: string) => {
          found++;
          return `new URL("./${JSON.parse(file)}", import.meta.url)`;
        });
      }
      if (found !== 1) this.error(`expected one engine worker URL in the library build, found ${found}`);
    },
  };
}

export default defineConfig({
  publicDir: false,
  // Relative URLs: the worker is found next to the module that starts it, wherever it is installed.
  base: './',
  logLevel: 'warn',
  worker: {
    // A module worker (it is started with { type: 'module' }), bundled into one file so that it
    // has no imports of its own for the application's bundler to resolve.
    format: 'es',
    rolldownOptions: { output: { entryFileNames: '[name].js' } },
  },
  plugins: [staticWorkerUrl()],
  build: {
    outDir: here('./dist/lib'),
    emptyOutDir: true,
    target: 'es2022',
    // Readable output: the application's bundler minifies.
    minify: false,
    sourcemap: false,
    reportCompressedSize: false,
    copyPublicDir: false,
    lib: {
      entry: {
        components: here('./components/index.ts'),
        'engine-browser': here('./worker/browser.ts'),
      },
      formats: ['es'],
    },
    rolldownOptions: {
      external,
      output: {
        entryFileNames: '[name].js',
        chunkFileNames: '[name]-[hash].js',
        assetFileNames: '[name]-[hash][extname]',
      },
    },
  },
});
