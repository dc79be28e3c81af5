// Cross-origin isolation and CSP as a real browser applies them: a dashboard page served by the
// real server is cross-origin isolated (SharedArrayBuffer for the engine's kernel threads), may
// start blob: workers and compile WebAssembly, cannot run inline script, and frames a demo page
// same-origin under COEP, whose tracker loads and runs under the demo pages' CSP.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assetReader } from '../../ingest/assets.js';
import { staticFiles } from '../../ingest/static-files.js';
import { launchChromium } from '../../scripts/find-chromium.mjs';
import { startHarness, type Harness } from './ingest-support.js';

const ROOT = resolve(import.meta.dirname, '../..');
const web = mkdtempSync(join(tmpdir(), 'heatlens-isolation-'));
let h: Harness;
let browser: Browser;

const PROBE = `
const out = { isolated: crossOriginIsolated, sab: typeof SharedArrayBuffer };
const url = URL.createObjectURL(new Blob(['postMessage(typeof SharedArrayBuffer)'], { type: 'text/javascript' }));
const worker = new Worker(url);
out.worker = await new Promise((done) => {
  worker.onmessage = (e) => done(e.data);
  worker.onerror = () => done('refused');
  setTimeout(() => done('timeout'), 5000);
});
out.wasm = await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(() => 'ok', (e) => String(e));
window.probe = out;
`;

beforeAll(async () => {
  mkdirSync(join(web, 'assets'));
  writeFileSync(
    join(web, 'index.html'),
    `<!doctype html><title>probe</title>
<script>window.inlineRan = true;</script>
<script type="module" src="/assets/probe-Xy12ab34.js"></script>
<iframe id="live" src="/demo/pricing" width="1280" height="800"></iframe>`,
  );
  writeFileSync(join(web, 'assets/probe-Xy12ab34.js'), PROBE);
  h = await startHarness({ files: staticFiles({ webDir: web, demoDir: join(ROOT, 'demo-site') }), asset: assetReader(ROOT) });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
  rmSync(web, { recursive: true, force: true });
});

it('the dashboard is isolated, runs blob: workers and WebAssembly, no inline script, and frames the demo site', async () => {
  const page = await browser.newPage();
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  try {
    await page.goto(`${h.url}/`);
    await page.waitForFunction(() => (window as { probe?: unknown }).probe !== undefined, null, { timeout: 15_000 });
    const probe = await page.evaluate(() => (window as { probe?: unknown }).probe);
    expect(probe).toEqual({ isolated: true, sab: 'function', worker: 'function', wasm: 'ok' });
    expect(await page.evaluate(() => (window as { inlineRan?: boolean }).inlineRan)).toBeUndefined();
    expect(violations.some((v) => /inline/i.test(v))).toBe(true);

    const frame = page.frame({ url: /\/demo\/pricing$/ });
    expect(frame).not.toBeNull();
    await frame!.waitForFunction(() => (window as { heatlens?: unknown }).heatlens !== undefined, null, { timeout: 15_000 });
    expect(await frame!.title()).toBe('Pricing — Lumen');
    expect(await frame!.evaluate(() => crossOriginIsolated)).toBe(true);
  } finally {
    await page.close();
  }
}, 60_000);
