// `heatlens serve` as a real child process for the tests that restart or kill it: started on
// a free port, resolved once it prints the URL it listens on, and killed after the file's tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll } from 'vitest';
import { BIN } from './cli.js';

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}

/** A `serve(args)` for one test file, run in `cwd`; every child still running is killed at the end. */
export function useServeProcesses(cwd: string): (args: string[]) => Promise<ServeProcess> {
  const children = new Set<ChildProcess>();
  afterAll(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });
  return (args) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '';
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
    return new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`serve did not start: ${err}`)), 20_000);
      child.stdout!.on('data', (d) => {
        out += d;
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          ok({ child, url: m[1], exited, stderr: () => err });
        }
      });
      void exited.then(({ code }) => {
        clearTimeout(timer);
        fail(new Error(`serve exited with ${code} before listening: ${err}`));
      });
    });
  };
}
