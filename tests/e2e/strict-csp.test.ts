// Embedding the elements on a page whose Content-Security-Policy forbids `eval`: regl cannot
// compile its draw commands there, so the maps must draw through Canvas2D instead — still in
// the right place — rather than hang or throw. The page loads the production bundle
// (dist/web/heatlens.js) from a plain static server, as a site embedding heatlens would.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/find-chromium.mjs';
import { ROOT } from '../../scripts/demo-server.mjs';

const WEB = join(ROOT, 'dist/web');
/** What a careful site sends: no inline scripts, no eval; WebAssembly and workers allowed. */
const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'";
const CLUSTER = { x: 120, y: 90 };

const PAGE = `<!doctype html><meta charset="utf-8"><title>strict CSP</title>
<click-map id="map" style="display:block;width:320px;height:240px" opacity="1" colormap="greys" max="100%" bandwidth="10"></click-map>
<script type="module" src="/page.js"></script>`;

// Runs in the page: clustered clicks, then the first frame's detail and where the map is hottest.
const PAGE_JS = `import '/heatlens.js';
const el = document.getElementById('map');
const n = 600, x = new Float32Array(n), y = new Float32Array(n);
for (let i = 0; i < n; i++) {
  const a = i * 2.399963, r = 12 * Math.sqrt((i + 0.5) / n);
  x[i] = ${CLUSTER.x} + r * Math.cos(a);
  y[i] = ${CLUSTER.y} + r * Math.sin(a);
}
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));
window.__result = new Promise((resolve) => {
  el.addEventListener('heatlens-error', (e) => resolve({ error: e.detail }));
  el.addEventListener('heatlens-render', (e) => {
    if (!e.detail.density) return;
    const p = el.readPixels();
    // Opacity saturates near the peak: take the centre of the brightest pixels.
    let best = -1;
    for (let i = 3; i < p.data.length; i += 4) best = Math.max(best, p.data[i]);
    let sx = 0, sy = 0, count = 0;
    for (let i = 3; i < p.data.length; i += 4) {
      if (p.data[i] < best) continue;
      const at = (i - 3) / 4;
      sx += at % p.width; sy += Math.floor(at / p.width); count++;
    }
    const k = 320 / p.width;
    resolve({ renderer: e.detail.renderer, alpha: best, x: (sx / count + 0.5) * k, y: (sy / count + 0.5) * k });
  });
});
el.points = { x, y };
`;

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };

let server: Server;
let origin = '';
let browser: Browser;

beforeAll(async () => {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-web.mjs')], { cwd: ROOT, stdio: 'inherit' });
  server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': STRICT_CSP });
      res.end(PAGE);
      return;
    }
    if (path === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(PAGE_JS);
      return;
    }
    const file = normalize(join(WEB, path));
    if (!file.startsWith(WEB + '/') || !(path === '/heatlens.js' || path.startsWith('/assets/'))) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await new Promise((resolve) => server?.close(resolve));
});

describe('a page that forbids eval (Content-Security-Policy)', () => {
  it('draws <click-map> through Canvas2D, hottest pixel on the cluster', async () => {
    const page = await browser.newPage({ viewport: { width: 640, height: 480 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(origin);
    const result = (await page.evaluate('window.__result')) as { renderer?: string; alpha?: number; x?: number; y?: number; error?: unknown };
    expect(result.error).toBeUndefined();
    expect(result.renderer).toBe('canvas2d');
    expect(result.alpha).toBeGreaterThan(200);
    expect(Math.hypot(result.x! - CLUSTER.x, result.y! - CLUSTER.y)).toBeLessThan(6);
    // The one refused evaluation is the element's own probe; nothing else broke.
    expect(await page.evaluate('window.__violations')).toEqual(['script-src']);
    expect(errors).toEqual([]);
    await page.close();
  });
});
