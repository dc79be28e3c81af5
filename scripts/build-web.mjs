// Builds the browser side that `heatlens serve` hands out (dist/web/): the dashboard, the
// heatlens.js bundle of the elements and their hashed assets, with vite.web.config.ts.
// Skips the build when dist/web is newer than every source it is made of, so `npm start` and
// `npm run build` stay quick; `--force` builds anyway.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { upToDate } from './freshness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/web');
const stamp = join(out, 'heatlens.js');
const SOURCES = ['dashboard', 'components', 'worker', 'vite.config.ts', 'vite.web.config.ts', 'package-lock.json'];

const force = process.argv.includes('--force');
if (!force && upToDate([stamp, join(out, 'index.html')], SOURCES.map((s) => join(root, s)))) {
  console.log('heatlens: dist/web is up to date');
} else {
  const started = performance.now();
  // Production builds of the dependencies (Lit without its dev-mode checks), even when a test
  // runner that sets NODE_ENV=test runs this script.
  process.env.NODE_ENV = 'production';
  const { build } = await import('vite');
  await build({ configFile: join(root, 'vite.web.config.ts'), mode: 'production', logLevel: 'warn' });
  console.log(`heatlens: built dist/web (dashboard + heatlens.js) in ${Math.round(performance.now() - started)} ms`);
}
