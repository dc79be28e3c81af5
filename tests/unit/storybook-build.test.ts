// `storybook build` works offline and holds a story for every attribute and state that issue 3
// asks for. The real CLI in a child process, into a temporary directory. Where the machine allows
// it (root on Linux with `unshare`), the build runs in a network namespace of its own with no
// interface but the loopback, so "offline" is a fact of the run, not a promise of the config.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { setPriority, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const STORYBOOK = join(ROOT, 'node_modules/storybook/dist/bin/dispatcher.js');
const out = mkdtempSync(join(tmpdir(), 'heatlens-storybook-'));

afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Whether `unshare -rn` can give a child process a network namespace of its own here. */
function canCutNetwork(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  return spawnSync('unshare', ['-rn', 'true'], { stdio: 'ignore' }).status === 0;
}
const OFFLINE = canCutNetwork();

/** The command line: the CLI itself, or the CLI inside a new, empty network namespace. */
function command(args: string[]): [string, string[]] {
  return OFFLINE ? ['unshare', ['-rn', process.execPath, ...args]] : [process.execPath, args];
}

/** Inside the wrapper: the loopback is the only interface, and the outside world is unreachable. */
function expectNoNetwork(): void {
  const [file, args] = command(['-e', "process.stdout.write(require('node:fs').readFileSync('/proc/net/dev', 'utf8'))"]);
  const dev = spawnSync(file, args, { encoding: 'utf8' });
  expect(dev.status, dev.stderr).toBe(0);
  const interfaces = dev.stdout.split('\n').slice(2).map((l) => l.split(':')[0].trim()).filter(Boolean);
  expect(interfaces).toEqual(['lo']);
  const [file2, args2] = command(['-e', "require('node:net').connect(80, '1.1.1.1').on('error', (e) => process.stdout.write(e.code))"]);
  const connect = spawnSync(file2, args2, { encoding: 'utf8', timeout: 10_000 });
  expect(connect.stdout).toBe('ENETUNREACH');
}

function build(): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const [file, args] = command([STORYBOOK, 'build', '--quiet', '--disable-telemetry', '-o', out]);
    const child = spawn(file, args, {
      cwd: ROOT,
      // Offline: no telemetry, no update check, no crash reports.
      env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1', CI: '1', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // A build is CPU-heavy for a few seconds; let the timing-sensitive tests running beside it
    // (the unit project runs files in parallel) go first. Threads it starts inherit this.
    try {
      if (child.pid) setPriority(child.pid, 19);
    } catch {
      // Not permitted here: run at normal priority.
    }
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => done({ code, output }));
  });
}

describe('storybook build', () => {
  it('builds the stories offline, with one for every attribute and state', { timeout: 120_000 }, async () => {
    // Without unshare (not root, not Linux) the build runs as it is: no telemetry, no update check.
    if (OFFLINE) expectNoNetwork();
    const { code, output } = await build();
    expect(code, output.slice(-3000)).toBe(0);
    expect(existsSync(join(out, 'iframe.html'))).toBe(true);
    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as { entries: Record<string, { title: string; name: string }> };
    const ids = Object.keys(index.entries);
    const required = [
      'slotted-screenshot',
      'colormap',
      'opacity',
      'scale-sqrt',
      'scale-log',
      'max-absolute',
      'bandwidth-wide',
      'cell-coarse',
      'extent',
      'readout-radius',
      'canvas-2-d-fallback',
      'web-gl-1-context',
      'half-float-textures',
      'quantised-textures',
      'from-src',
      'empty-data',
      'one-million-points',
      'tall-page',
      'error-state',
      'custom-styling',
      'label',
      'max-canvas-pixels',
    ];
    for (const story of required) expect(ids, story).toContain(`maps-click-map--${story}`);
    for (const story of ['linear', 'log', 'unit-area', 'share', 'value']) expect(ids, story).toContain(`maps-heatlens-legend--${story}`);
    for (const story of ['slotted-screenshot', 'normal', 'time-in-view', 'empty-data', 'error-state', 'fetch-error']) expect(ids, story).toContain(`maps-scroll-map--${story}`);
    const attention = ['slotted-screenshot', 'spread-narrow', 'no-lag', 'speed-threshold-low', 'fast-weight', 'idle-cap', 'per-session', 'from-binary-src', 'empty-data', 'large-data-set', 'error-state', 'fetch-error'];
    for (const story of attention) expect(ids, story).toContain(`maps-attention-map--${story}`);
    // The engine worker (with its WASM kernels inlined) is bundled as its own ES module.
    expect(readdirSync(join(out, 'assets')).some((f) => /^engine\.worker-.*\.js$/.test(f))).toBe(true);
  });
});
