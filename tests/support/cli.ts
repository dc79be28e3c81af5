// The command-line tests' workspace: the real `heatlens` CLI run in a child process (it needs
// `npm run build`) inside a temporary directory removed after the file's tests.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/heatlens.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A temporary directory for one test file, and the CLI run inside it. `built` is the dist/
 * file the tests need (a command's module), checked before any test runs.
 */
export function useCliWorkspace(prefix: string, built: string) {
  const dir = mkdtempSync(join(tmpdir(), `heatlens-${prefix}-`));
  beforeAll(() => {
    if (!existsSync(join(ROOT, built))) throw new Error(`${built} is missing: run npm run build first`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    /** Runs `heatlens …args` (or another entry script) in the workspace, without stack traces. */
    cli(args: string[], bin = BIN): CliResult {
      const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, HEATLENS_DEBUG: '' } });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    },
    /** Writes a file into the workspace; returns its name. */
    file(name: string, content: string): string {
      writeFileSync(join(dir, name), content);
      return name;
    },
  };
}
