// `heatlens serve --demo` as a child process, for the end-to-end test and the README's
// screenshot: a free port on 127.0.0.1, a temporary store (unless one is given), and a stop
// that always runs (SIGTERM, then SIGKILL if the server hangs).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Starts the server and resolves once it prints the URL it listens on.
 * @param {{ args?: string[], dataDir?: string, timeoutMs?: number, onOutput?: (text: string) => void }} [options]
 */
export async function startDemoServer(options = {}) {
  const { args = ['--seed', '0'], timeoutMs = 60_000, onOutput } = options;
  if (!existsSync(join(ROOT, 'dist/bin/main.js'))) throw new Error('heatlens is not built: run npm run build first');
  const owned = options.dataDir === undefined;
  const dir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'heatlens-demo-'));
  const child = spawn(process.execPath, [join(ROOT, 'bin/heatlens.js'), 'serve', '--demo', ...args, '--host', '127.0.0.1', '--port', '0', '--data', dir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
    if (owned) rmSync(dir, { recursive: true, force: true });
  };
  try {
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`heatlens serve did not start within ${timeoutMs} ms:\n${log}`)), timeoutMs);
      const read = (chunk) => {
        const text = chunk.toString();
        log += text;
        onOutput?.(text);
        const m = /listening on (http:\/\/\S+)/.exec(log);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`heatlens serve exited with ${code}:\n${log}`));
      });
    });
    return { url, dir, output: () => log, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
