// The package as an application gets it from npm: `npm pack`'s tarball, unpacked into a new
// project's node_modules/heatlens, is (1) type-checked against and (2) bundled by Vite from
// `import 'heatlens/components'` and `import { createEngine } from 'heatlens/engine/browser'`,
// and (3) a page without a bundler loads the tarball's dist/web/heatlens.js. Chromium then
// draws a <click-map> on both pages. The project's other dependencies (lit, regl, comlink) are
// links to this repository's node_modules, and Vite and TypeScript are this repository's: an
// `npm install` of the tarball would need the registry and would fetch DuckDB's native
// binaries, which no browser page uses.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/find-chromium.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'heatlens-embed-'));
const app = join(dir, 'app');
const installed = join(app, 'node_modules/heatlens');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** Runs a Node script to completion; rejects with its output when it fails. */
function node(args: string[], cwd: string): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => (code === 0 ? done(output) : fail(new Error(`node ${args.join(' ')} exited with ${code}:\n${output}`))));
  });
}

const CONSUMER_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>embed</title></head>
<body style="margin:0">
<click-map style="display:block;width:400px;height:300px"></click-map>
<script type="module" src="./main.ts"></script>
</body></html>
`;

// What an application writes: the typed element, its properties, the engine on its own.
const CONSUMER_MAIN = `import 'heatlens/components';
import type { ClickMap, RenderDetail } from 'heatlens/components';
import { createEngine, type Engine } from 'heatlens/engine/browser';

const el: ClickMap = document.querySelector('click-map')!;
const report = window as unknown as Record<string, unknown>;
el.addEventListener('heatlens-render', (e) => { const detail: RenderDetail = e.detail; report.rendered = detail; });
el.addEventListener('heatlens-error', (e) => { report.failed = e.detail; });
const n = 500;
const x = new Float32Array(n);
const y = new Float32Array(n);
for (let i = 0; i < n; i++) { x[i] = 100 + (i % 50) * 4; y[i] = 60 + Math.floor(i / 50) * 15; }
el.bandwidth = 12;
// @ts-expect-error: the declarations are real types, not \`any\`
el.bandwidth = 'wide';
el.bandwidth = 12;
el.points = { x, y };

createEngine().then(async (engine: Engine) => {
  const map = await engine.density({ points: { x: new Float32Array([4, 12]), y: new Float32Array([4, 12]) }, extent: [0, 0, 16, 16], width: 16, height: 16, bandwidth: 2 });
  report.engineTotal = map.total;
  await engine.close();
}, (e: unknown) => { report.engineError = String(e); });
`;

// Without a bundler: the prebuilt bundle, next to the page (the worker must be same-origin).
const PLAIN_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>plain</title>
<script type="module" src="./heatlens/heatlens.js"></script></head>
<body style="margin:0">
<click-map bandwidth="12" style="display:block;width:400px;height:300px"></click-map>
<script type="module">
  const el = document.querySelector('click-map');
  el.addEventListener('heatlens-render', (e) => { window.rendered = e.detail; });
  el.addEventListener('heatlens-error', (e) => { window.failed = e.detail; });
  const n = 500, x = new Float32Array(n), y = new Float32Array(n);
  for (let i = 0; i < n; i++) { x[i] = 100 + (i % 50) * 4; y[i] = 60 + Math.floor(i / 50) * 15; }
  el.points = { x, y };
</script>
</body></html>
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    strict: true,
    noEmit: true,
    // The package's declarations are checked as well, not only this file.
    skipLibCheck: false,
    types: [],
  },
  include: ['main.ts'],
};

// The application's production build: Vite with no configuration of its own.
const BUILD = `
const { build } = await import(${JSON.stringify(join(ROOT, 'node_modules/vite/dist/node/index.js'))});
await build({ root: process.cwd(), configFile: false, logLevel: 'error', mode: 'production', build: { outDir: 'dist', emptyOutDir: true } });
`;

let typecheck: Promise<Error | null>;
let tarball = '';
let packedFiles: string[] = [];
let server: Server;
let origin = '';
let browser: Browser;

beforeAll(async () => {
  // The library and the prebuilt bundle as the source is now (each skips when up to date).
  await node([join(ROOT, 'scripts/build-lib.mjs')], ROOT);
  await node([join(ROOT, 'scripts/build-web.mjs')], ROOT);
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      // Packing is local: no update check, no audit.
      env: { ...process.env, npm_config_update_notifier: 'false', npm_config_audit: 'false', npm_config_fund: 'false' },
    }),
  );
  tarball = join(dir, packed.filename);
  packedFiles = packed.files.map((f: { path: string }) => f.path);

  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
  for (const dep of ['lit', 'lit-html', 'lit-element', '@lit', 'regl', 'comlink']) {
    mkdirSync(join(app, 'node_modules', dep, '..'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', dep), join(app, 'node_modules', dep));
  }
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'embed-app', private: true, type: 'module' }));
  writeFileSync(join(app, 'index.html'), CONSUMER_HTML);
  writeFileSync(join(app, 'main.ts'), CONSUMER_MAIN);
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(TSCONFIG));

  writeFileSync(join(dir, 'build.mjs'), BUILD);

  // Alongside the build: its result is awaited by the type-checking test.
  typecheck = node([join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], app).then(
    () => null,
    (e: Error) => e,
  );
  const site = join(dir, 'site');
  const [, launched] = await Promise.all([
    node([join(dir, 'build.mjs')], app).then(() => {
      cpSync(join(app, 'dist'), site, { recursive: true });
      cpSync(join(installed, 'dist/web/heatlens.js'), join(site, 'heatlens/heatlens.js'));
      cpSync(join(installed, 'dist/web/assets'), join(site, 'heatlens/assets'), { recursive: true });
      writeFileSync(join(site, 'plain.html'), PLAIN_HTML);
    }),
    launchChromium(),
  ]);
  browser = launched;
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  server = createServer((req, res) => {
    const path = join(site, new URL(req.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(site) || !existsSync(path)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Opens a page and waits for its map's first heatlens-render (or heatlens-error) and, with
 * `withEngine`, for its own createEngine() call to answer too: the two run side by side.
 */
async function render(path: string, withEngine = false) {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(origin + path);
  await page
    .waitForFunction((engine) => 'failed' in window || ('rendered' in window && (!engine || 'engineTotal' in window || 'engineError' in window)), withEngine, { timeout: 30_000 })
    .catch(() => problems.push(`no heatlens-render${withEngine ? ' and engine answer' : ''} within 30 s`));
  const result = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    return { rendered: w.rendered as Record<string, unknown> | undefined, failed: w.failed, engineTotal: w.engineTotal, engineError: w.engineError };
  });
  return { page, problems, ...result };
}

describe('the npm package, embedded', () => {
  it('packs the built library, its declarations and the prebuilt bundle, and no TypeScript sources', () => {
    const targets = Object.values(pkg.exports as Record<string, string | Record<string, string>>).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)));
    for (const target of targets) expect(packedFiles, `export target ${target}`).toContain(target.replace(/^\.\//, ''));
    expect(packedFiles).toContain('dist/lib/engine.worker.js');
    expect(packedFiles).toContain('dist/web/heatlens.js');
    expect(packedFiles).toContain(pkg.bin.heatlens);
    expect(packedFiles.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it('type-checks an application that sets el.points and el.bandwidth against the declarations', async () => {
    // Its own compiler settings (no experimentalDecorators, no Node types) and skipLibCheck off.
    const error = await typecheck;
    if (error) throw error;
  }, 30_000);

  it("lets Vite bundle the elements and the engine's worker from the package", async () => {
    const assets = readdirSync(join(app, 'dist/assets'));
    expect(assets.some((f) => /^engine\.worker-.*\.js$/.test(f)), assets.join(', ')).toBe(true);
    const { page, problems, rendered, failed, engineTotal, engineError } = await render('/index.html', true);
    await page.close();
    expect(problems).toEqual([]);
    expect(failed).toBeUndefined();
    expect(engineError).toBeUndefined();
    expect(rendered).toMatchObject({ density: true, events: 500, dropped: 0, bandwidth: [12, 12] });
    expect(rendered!.max).toBeGreaterThan(0);
    // Two points, all of their weight inside the extent.
    expect(engineTotal).toBeCloseTo(2, 3);
  }, 40_000);

  it('draws from the prebuilt dist/web/heatlens.js on a page without a bundler', async () => {
    const { page, problems, rendered, failed } = await render('/plain.html');
    await page.close();
    expect(problems).toEqual([]);
    expect(failed).toBeUndefined();
    expect(rendered).toMatchObject({ density: true, events: 500, dropped: 0 });
    expect(rendered!.max).toBeGreaterThan(0);
  }, 40_000);
});
