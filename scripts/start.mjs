// `npm start`: builds what is missing or out of date, then runs `heatlens serve --demo` on
// http://127.0.0.1:8787 with its store in ./heatlens-data, seeded with synthetic traffic when
// empty (DESIGN.md, "Contracts"): the dashboard at /, the demo site at /demo/. Extra arguments
// go to `heatlens serve` (`npm start -- --port 9000 --seed 0`). Ctrl-C stops it.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** What serving needs from the build. */
const OUTPUTS = ['dist/bin/main.js', 'dist/ingest/handler.js', 'dist/tracker/tracker.js', 'dist/web/index.html', 'dist/web/heatlens.js'];
/** Where the build reads from; a file here newer than the oldest output means a rebuild. */
const SOURCES = ['assembly', 'worker', 'components', 'tracker', 'ingest', 'bin', 'dashboard', 'scripts'];

function newest(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name === 'generated') continue; // generated/ is a build output
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function buildNeeded() {
  const outputs = OUTPUTS.map((f) => join(root, f));
  const missing = outputs.filter((f) => !existsSync(f));
  if (missing.length) return `missing ${missing.map((f) => f.slice(root.length + 1)).join(', ')}`;
  const built = Math.min(...outputs.map((f) => statSync(f).mtimeMs));
  const changed = SOURCES.find((d) => newest(join(root, d)) > built);
  return changed ? `${changed}/ changed since the last build` : null;
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
