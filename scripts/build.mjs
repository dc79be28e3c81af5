// Builds everything the CLI, the server and the tests need: the WebAssembly kernels, the
// TypeScript for Node (dist/), the library for bundler users (dist/lib/), the tracker's browser
// builds (dist/tracker/) and the custom-elements manifest (dist/custom-elements.json).
import { execFileSync, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (script, args = []) => execFileSync(process.execPath, [join(root, script), ...args], { cwd: root, stdio: 'inherit' });
/** The same as run(), without waiting: for steps that can share the machine's cores. */
const start = (script, args = []) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, script), ...args], { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${script} failed (${signal ?? `exit code ${code}`})`))));
  });

run('scripts/build-wasm.mjs', process.argv.slice(2));
// Both read the kernels generated above; neither reads the other's output.
const force = process.argv.includes('--force') ? ['--force'] : [];
const steps = await Promise.allSettled([start('node_modules/typescript/bin/tsc', ['-p', 'tsconfig.build.json']), start('scripts/build-lib.mjs', force)]);
const failed = steps.find((s) => s.status === 'rejected');
if (failed) {
  console.error(`heatlens: ${failed.reason.message}`);
  process.exit(1);
}
run('scripts/build-tracker.mjs');
run('scripts/build-web.mjs');
run('scripts/build-manifest.mjs');
