// `heatlens serve --demo` as a child process for end-to-end tests: a free port on 127.0.0.1, a
// temporary store, and a stop that always runs (SIGTERM, then SIGKILL if it hangs).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface DemoServer {
  url: string;
  dir: string;
  /** Everything the server printed (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/** Starts the server and resolves once it prints the URL it listens on. */
export async function startDemoServer(args: string[] = ['--seed', '0'], timeoutMs = 60_000): Promise<DemoServer> {
  if (!existsSync(join(ROOT, 'dist/bin/main.js'))) throw new Error('heatlens is not built: run npm run build first');
  const dir = mkdtempSync(join(tmpdir(), 'heatlens-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin/heatlens.js'), 'serve', '--demo', ...args, '--host', '127.0.0.1', '--port', '0', '--data', dir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`heatlens serve did not start within ${timeoutMs} ms:\n${log}`)), timeoutMs);
      const read = (chunk: Buffer) => {
        log += chunk.toString();
        const m = /listening on (http:\/\/\S+)/.exec(log);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      child.stdout!.on('data', read);
      child.stderr!.on('data', read);
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
