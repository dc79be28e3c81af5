// Builds everything the CLI, the server and the tests need: the WebAssembly kernels, the
// TypeScript for Node (dist/), the tracker's browser builds (dist/tracker/) and the
// custom-elements manifest (dist/custom-elements.json).
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (script, args = []) => execFileSync(process.execPath, [join(root, script), ...args], { cwd: root, stdio: 'inherit' });

run('scripts/build-wasm.mjs', process.argv.slice(2));
run('node_modules/typescript/bin/tsc', ['-p', 'tsconfig.build.json']);
run('scripts/build-tracker.mjs');
run('scripts/build-web.mjs');
run('scripts/build-manifest.mjs');
