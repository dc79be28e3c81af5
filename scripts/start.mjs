// `npm start`: builds what is missing or out of date, then runs `heatlens serve --demo` on
// http://127.0.0.1:8787 with its store in ./heatlens-data, seeded with synthetic traffic when
// empty (DESIGN.md, "Contracts"): the dashboard at /, the demo site at /demo/. Extra arguments
// go to `heatlens serve` (`npm start -- --port 9000 --seed 0`). Ctrl-C stops it.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestMtime } from './freshness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/**
 * What serving needs from the build, each with the folders it is built from: an output older
 * than a file in its folders (or missing) means a rebuild. Grouped, because the build redoes
 * only what changed (the dashboard bundle is kept when its sources did not move).
 */
const OUTPUTS = [
  { files: ['dist/bin/main.js', 'dist/ingest/handler.js'], from: ['bin', 'ingest', 'worker'] },
  { files: ['dist/tracker/tracker.js'], from: ['tracker'] },
  { files: ['dist/web/index.html', 'dist/web/heatlens.js'], from: ['dashboard', 'components', 'worker'] },
  { files: ['build/heatlens.wasm'], from: ['assembly'] },
];

/** Names under a source folder that are not built from: dotfiles, generated/ (an output), Markdown. */
const notSource = (name) => name.startsWith('.') || name === 'generated' || name.endsWith('.md');

function buildNeeded() {
  for (const { files, from } of OUTPUTS) {
    const missing = files.find((f) => !existsSync(join(root, f)));
    if (missing) return `missing ${missing}`;
    const built = Math.min(...files.map((f) => statSync(join(root, f)).mtimeMs));
    const changed = from.find((d) => newestMtime(join(root, d), notSource) > built);
    if (changed) return `${changed}/ changed since ${files[0]} was built`;
  }
  return null;
}

const why = buildNeeded();
if (why) {
  process.stderr.write(`heatlens: building (${why})\n`);
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
}

const server = spawn(process.execPath, [join(root, 'bin/heatlens.js'), 'serve', '--demo', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(signal ? 0 : (code ?? 0)));
