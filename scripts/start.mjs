// `npm start`: builds what is missing, then runs `heatlens serve --demo` on
// http://127.0.0.1:8787 with its store in ./heatlens-data, seeded with synthetic traffic when
// empty (DESIGN.md, "Contracts"). Ctrl-C stops it.
import { execFileSync, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });

const server = spawn(process.execPath, [join(root, 'bin/heatlens.js'), 'serve', '--demo', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(signal ? 0 : (code ?? 0)));
