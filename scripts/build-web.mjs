// Builds the browser side that `heatlens serve` hands out (dist/web/): the dashboard, the
// heatlens.js bundle of the elements and their hashed assets, with vite.web.config.ts.
// Skips the build when dist/web is newer than every source it is made of, so `npm start` and
// `npm run build` stay quick; `--force` builds anyway.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/web');
const stamp = join(out, 'heatlens.js');
const SOURCES = ['dashboard', 'components', 'worker', 'vite.config.ts', 'vite.web.config.ts', 'package-lock.json'];

/** The newest modification time under `path` (files and folders, recursively). */
function newest(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const force = process.argv.includes('--force');
const built = existsSync(stamp) && existsSync(join(out, 'index.html')) ? statSync(stamp).mtimeMs : 0;
if (!force && built > Math.max(...SOURCES.map((s) => newest(join(root, s))))) {
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
