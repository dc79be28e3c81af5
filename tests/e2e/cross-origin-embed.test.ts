// A developer's page on one origin (its own static server here) that imports /heatlens.js from
// a `heatlens serve` on another: the elements must work there, not only on pages the server
// itself serves. Browsers start workers only from the page's origin, so the engine worker is
// started from a blob: module that imports the server's script (worker/browser.ts), which needs
// the server's CORS headers on /heatlens.js and /assets/…, and the read API's on /v1/points.
// Once with the page cross-origin isolated (COOP + COEP require-corp: kernel threads), once
// without, once under a Content-Security-Policy that allows such workers, and once under one
// that does not — which must end in a clear heatlens-error, not a map that never draws.
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/find-chromium.mjs';
import { ROOT, startDemoServer, type DemoServer } from '../../scripts/demo-server.mjs';
import { batch, click, post } from '../unit/ingest-support.js';

const SITE = 'embed-site';
const PATH = '/pricing';
/** Clicks stored on the heatlens server, all inside the maps' 320×240 extent. */
const STORED = [
  [60, 50],
  [64, 54],
  [160, 120],
  [170, 118],
  [250, 200],
] as const;
/** Points the page hands to the second map as typed arrays. */
const GIVEN_X = [40, 44, 48, 200, 210, 220, 280];
const GIVEN_Y = [30, 36, 40, 150, 160, 170, 210];

type Variant = 'isolated' | 'plain' | 'csp-blob' | 'csp-no-blob';

function headersFor(variant: Variant, api: string): Record<string, string> {
  if (variant === 'isolated') return { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
  if (variant === 'plain') return {};
  // What a careful admin app sends: scripts from itself and the heatlens server, WebAssembly and
  // regl's compiled draw commands allowed; workers from itself, and (or not) from blob: and the
  // heatlens server — a module worker's imports are checked against worker-src too.
  const workers = variant === 'csp-blob' ? `'self' blob: ${api}` : "'self'";
  return {
    'Content-Security-Policy': `default-src 'self'; script-src 'self' ${api} 'wasm-unsafe-eval' 'unsafe-eval'; worker-src ${workers}; connect-src 'self' ${api}; style-src 'self' 'unsafe-inline'`,
  };
}

function pageHtml(api: string): string {
  const query = new URLSearchParams({ site: SITE, path: PATH, kind: 'click' });
  // page.js comes first: module scripts run in order, so its listeners are on the elements
  // before heatlens.js defines them and their first frame.
  return `<!doctype html><meta charset="utf-8"><title>admin app</title>
<click-map id="fetched" src="${api}/v1/points?${query}" style="display:block;width:320px;height:240px" bandwidth="12"></click-map>
<click-map id="given" style="display:block;width:320px;height:240px" bandwidth="12"></click-map>
<script type="module" src="page.js"></script>
<script type="module" src="${api}/heatlens.js"></script>`;
}

// Runs in the page: each map's first frame with a density, or its first error.
const PAGE_JS = `
const outcome = (el) => new Promise((resolve) => {
  el.addEventListener('heatlens-error', (e) => resolve({ error: { code: e.detail.code, message: e.detail.message } }));
  el.addEventListener('heatlens-render', (e) => {
    if (e.detail.density) resolve({ events: e.detail.events, dropped: e.detail.dropped, renderer: e.detail.renderer });
  });
});
const fetched = document.getElementById('fetched');
const given = document.getElementById('given');
window.__outcome = Promise.all([outcome(fetched), outcome(given)]).then(([a, b]) => ({ fetched: a, given: b, isolated: self.crossOriginIsolated }));
given.points = { x: new Float32Array(${JSON.stringify(GIVEN_X)}), y: new Float32Array(${JSON.stringify(GIVEN_Y)}) };
`;

interface MapOutcome {
  events?: number;
  dropped?: number;
  renderer?: string;
  error?: { code: string; message: string };
}

let heatlens: DemoServer;
let site: Server;
let siteUrl = '';
let browser: Browser;

beforeAll(async () => {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-web.mjs')], { cwd: ROOT, stdio: 'inherit' });
  heatlens = await startDemoServer({ args: ['--seed', '0'] });
  const stored = await post(heatlens.url, batch(STORED.map(([x, y]) => click(x, y, { path: PATH })), { site: SITE }));
  expect(stored.status, JSON.stringify(stored.json)).toBe(200);

  const api = heatlens.url;
  site = createServer((req, res) => {
    const [, variant, file] = new URL(req.url ?? '/', 'http://x').pathname.split('/');
    if (!['isolated', 'plain', 'csp-blob', 'csp-no-blob'].includes(variant)) {
      res.writeHead(404).end();
      return;
    }
    const headers = headersFor(variant as Variant, api);
    if (file === '') {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' }).end(pageHtml(api));
    } else if (file === 'page.js') {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' }).end(PAGE_JS);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await new Promise((resolve) => (site ? site.close(resolve) : resolve(undefined)));
  await heatlens?.stop();
});

async function open(variant: Variant): Promise<{ outcome: { fetched: MapOutcome; given: MapOutcome; isolated: boolean }; problems: string[]; workerIsolated: boolean | null }> {
  const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  try {
    await page.goto(`${siteUrl}/${variant}/`);
    // Two origins really are in play: the page's and the heatlens server's.
    expect(new URL(siteUrl).origin).not.toBe(new URL(heatlens.url).origin);
    const outcome = (await page.evaluate('window.__outcome')) as { fetched: MapOutcome; given: MapOutcome; isolated: boolean };
    // The engine worker, where one started: a blob: module of this page's origin, isolated when
    // the page is (so its memory can be shared with kernel threads).
    const engine = page.workers().find((w) => w.url().startsWith(`blob:${siteUrl}/`));
    const workerIsolated = engine ? ((await engine.evaluate('self.crossOriginIsolated')) as boolean) : null;
    return { outcome, problems, workerIsolated };
  } finally {
    await page.close();
  }
}

describe('a page on another origin that imports heatlens.js from heatlens serve', () => {
  it.each([
    ['cross-origin isolated (COOP + COEP require-corp)', 'isolated', true],
    ['not isolated', 'plain', false],
    ['with a Content-Security-Policy whose worker-src allows blob: and the heatlens server', 'csp-blob', false],
  ] as const)('%s: both maps draw a density of the right events, from src and from el.points', async (_name, variant, isolated) => {
    const { outcome, problems, workerIsolated } = await open(variant);
    expect(outcome.fetched.error).toBeUndefined();
    expect(outcome.given.error).toBeUndefined();
    expect(outcome.isolated).toBe(isolated);
    expect(workerIsolated).toBe(isolated);
    expect(outcome.fetched.events).toBeCloseTo(STORED.length, 3);
    expect(outcome.fetched.dropped).toBe(0);
    expect(outcome.given.events).toBeCloseTo(GIVEN_X.length, 3);
    expect(outcome.given.dropped).toBe(0);
    expect(problems).toEqual([]);
  });

  it('under a Content-Security-Policy without worker-src blob:, each map fires heatlens-error "engine" saying what to allow', async () => {
    const { outcome, problems } = await open('csp-no-blob');
    for (const map of [outcome.fetched, outcome.given]) {
      expect(map.error?.code).toBe('engine');
      expect(map.error?.message).toContain('worker-src blob:');
      expect(map.error?.message).toContain(new URL(heatlens.url).origin);
    }
    expect(problems).toEqual([]);
  });
});
