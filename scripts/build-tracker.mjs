// Bundles the tracker (tracker/) into dist/tracker/:
//   tracker.js  classic-script IIFE for <script src=… data-site=…> (entry tracker/auto.ts)
//   index.js    ES module for `import { init } from 'heatlens/tracker'` (entry tracker/index.ts)
// both minified, with linked source maps, and prints their sizes (min and min+gzip; the budget
// is 6 KB min+gzip, checked by tests/unit/tracker-size.test.ts).
// Usage: node scripts/build-tracker.mjs [--out DIR]
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.indexOf('--out');
const outDir = outArg > 0 ? resolve(process.argv[outArg + 1]) : join(root, 'dist/tracker');

// ES2020: every browser with the APIs the tracker needs (sendBeacon, ResizeObserver, CSS.escape).
const TARGET = 'es2020';
const BUILDS = [
  { entry: 'tracker/auto.ts', file: 'tracker.js', format: 'iife' },
  { entry: 'tracker/index.ts', file: 'index.js', format: 'esm' },
];

async function withEsbuild(esbuild) {
  for (const b of BUILDS) {
    await esbuild.build({
      absWorkingDir: root,
      entryPoints: [b.entry],
      outfile: join(outDir, b.file),
      bundle: true,
      minify: true,
      format: b.format,
      target: TARGET,
      sourcemap: 'linked',
      legalComments: 'none',
      logLevel: 'warning',
    });
  }
}

/** Vite's own bundler (Rolldown), for an install where esbuild is absent. */
async function withVite() {
  const { build } = await import('vite');
  for (const b of BUILDS) {
    await build({
      root,
      configFile: false,
      logLevel: 'warn',
      build: {
        outDir,
        emptyOutDir: false,
        target: 'es2020',
        minify: true,
        sourcemap: true,
        lib: { entry: join(root, b.entry), formats: [b.format], name: 'heatlensTracker', fileName: () => b.file },
      },
    });
  }
}

mkdirSync(outDir, { recursive: true });
let esbuild = null;
try {
  esbuild = await import('esbuild');
} catch {
  // fall back to Vite below
}
await (esbuild ? withEsbuild(esbuild) : withVite());

for (const b of BUILDS) {
  const code = readFileSync(join(outDir, b.file));
  console.log(`${join(outDir, b.file)}: ${code.length} B min, ${gzipSync(code, { level: 9 }).length} B min+gzip`);
}
