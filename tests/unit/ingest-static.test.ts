// Static serving beside the API, on a real server: the dashboard build (a temporary dist/web
// here), the demo site (the real demo-site/ folder), MIME types, caching with ETags, HEAD,
// cross-origin isolation headers and CSP, the missing-build message, and every traversal trick
// sent as raw bytes on the wire (fetch would normalise them away before sending).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticFiles } from '../../ingest/static-files.js';
import { startHarness, type Harness } from './ingest-support.js';

const ROOT = resolve(import.meta.dirname, '../..');
const web = mkdtempSync(join(tmpdir(), 'heatlens-web-'));
const INDEX = '<!doctype html><title>dashboard</title><script type="module" src="/assets/index-Bx7hQ2kd.js"></script>';
let h: Harness;
let bare: Harness;

beforeAll(async () => {
  mkdirSync(join(web, 'assets'));
  writeFileSync(join(web, 'index.html'), INDEX);
  writeFileSync(join(web, 'heatlens.js'), 'export const x = 1;');
  writeFileSync(join(web, 'assets/index-Bx7hQ2kd.js'), 'console.log(1);');
  writeFileSync(join(web, 'assets/engine.worker-Cq81ZzAa.js'), 'self.onmessage = null;');
  writeFileSync(join(web, 'assets/index-D-u1S5Zg.css'), 'a{}');
  writeFileSync(join(web, 'assets/my-long-name.js'), '');
  writeFileSync(join(web, 'assets/kernels.wasm'), new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
  writeFileSync(join(web, 'assets/shot.png'), new Uint8Array([137, 80, 78, 71]));
  writeFileSync(join(web, 'assets/manifest.json'), '{}');
  writeFileSync(join(web, 'assets/.env'), 'SECRET=1');
  symlinkSync(join(ROOT, 'package.json'), join(web, 'assets/escape.json'));
  mkdirSync(join(web, 'assets/sub'));
  writeFileSync(join(web, 'assets/sub/deep.css'), 'a{}');
  h = await startHarness({
    files: staticFiles({ webDir: web, demoDir: join(ROOT, 'demo-site') }),
    asset: async (name) => (name === 'tracker.js' ? new TextEncoder().encode('/* tracker */') : null),
  });
  bare = await startHarness({ files: staticFiles({ webDir: join(web, 'missing') }) });
});
afterAll(async () => {
  await h?.close();
  await bare?.close();
  rmSync(web, { recursive: true, force: true });
});

/** A request whose path goes on the wire exactly as given. */
function raw(url: string, path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((ok, fail) => {
    const req = request({ host: hostname, port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('the dashboard build', () => {
  it.each(['/', '/index.html'])('%s is the dashboard, cross-origin isolated, with a CSP that lets the engine work', async (path) => {
    const r = await fetch(`${h.url}${path}`);
    expect(r.status).toBe(200);
    expect(await r.text()).toBe(INDEX);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(r.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(r.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(r.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    // The dashboard page itself is not for other origins to read.
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('cache-control')).toBe('no-cache');
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).toContain("frame-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  });

  it.each([
    ['/heatlens.js', 'text/javascript; charset=utf-8', 'no-cache'],
    ['/assets/index-Bx7hQ2kd.js', 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable'],
    ['/assets/engine.worker-Cq81ZzAa.js', 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable'],
    ['/assets/index-D-u1S5Zg.css', 'text/css; charset=utf-8', 'public, max-age=31536000, immutable'],
    ['/assets/my-long-name.js', 'text/javascript; charset=utf-8', 'no-cache'],
    ['/assets/kernels.wasm', 'application/wasm', 'no-cache'],
    ['/assets/shot.png', 'image/png', 'no-cache'],
    ['/assets/manifest.json', 'application/json; charset=utf-8', 'no-cache'],
    ['/assets/sub/deep.css', 'text/css; charset=utf-8', 'no-cache'],
  ])('%s is %s, cached as %s, isolated, and open to pages on other origins (CORS, CORP cross-origin)', async (path, type, cache) => {
    const r = await fetch(`${h.url}${path}`, { headers: { origin: 'http://admin.example' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe(type);
    expect(r.headers.get('cache-control')).toBe(cache);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(r.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('etag')).toMatch(/^"[\w-]+"$/);
  });

  it('answers a matching If-None-Match with 304 and no body, and a changed file with a new ETag', async () => {
    const first = await fetch(`${h.url}/heatlens.js`);
    const etag = first.headers.get('etag')!;
    const again = await fetch(`${h.url}/heatlens.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    // A cross-origin page revalidating its cached copy must be allowed to use it.
    expect(again.headers.get('access-control-allow-origin')).toBe('*');
    expect(again.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    writeFileSync(join(web, 'heatlens.js'), 'export const x = 2;');
    const changed = await fetch(`${h.url}/heatlens.js`, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(await changed.text()).toBe('export const x = 2;');
  });

  it('HEAD answers the headers of GET without a body', async () => {
    const r = await raw(h.url, '/assets/kernels.wasm', 'HEAD');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/wasm');
    expect(r.headers['content-length']).toBe('8');
    expect(r.body).toBe('');
  });

  it('without a build, says to run npm run build: an HTML page for browsers, JSON otherwise', async () => {
    const page = await fetch(`${bare.url}/`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('npm run build');
    const j = await fetch(`${bare.url}/heatlens.js`);
    expect(j.status).toBe(404);
    const body = await j.json();
    expect(body.error.code).toBe('not_built');
    expect(body.error.message).toContain('npm run build');
    // And no demo site without --demo.
    expect((await fetch(`${bare.url}/demo/`)).status).toBe(404);
  });
});

describe('the demo site', () => {
  it.each([
    ['/demo/', 'Lumen — heatmaps your team understands'],
    ['/demo/index.html', 'Lumen — heatmaps your team understands'],
    ['/demo/pricing', 'Pricing — Lumen'],
    ['/demo/docs', 'Getting started — Lumen docs'],
    ['/demo/signup.html', 'Sign up — Lumen'],
  ])('%s is served from demo-site/, isolated, with the tracker allowed by its CSP', async (path, title) => {
    const r = await fetch(`${h.url}${path}`);
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain(`<title>${title}</title>`);
    expect(html).toContain('<script src="/tracker.js" data-site="demo" data-endpoint=""');
    expect(r.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(r.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'self'");
  });

  it('/demo redirects to /demo/; styles and icons have their types', async () => {
    const r = await fetch(`${h.url}/demo?x=1`, { redirect: 'manual' });
    expect([r.status, r.headers.get('location')]).toEqual([308, '/demo/?x=1']);
    expect((await fetch(`${h.url}/demo/site.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await fetch(`${h.url}/demo/favicon.svg`)).headers.get('content-type')).toBe('image/svg+xml');
    expect((await fetch(`${h.url}/demo/nothing-here`)).status).toBe(404);
  });

  it('one element is marked data-heatlens-ignore, and the pages link to each other', async () => {
    const signup = await (await fetch(`${h.url}/demo/signup`)).text();
    expect(signup.match(/data-heatlens-ignore/g)).toHaveLength(1);
    const landing = await (await fetch(`${h.url}/demo/`)).text();
    for (const link of ['/demo/pricing', '/demo/docs', '/demo/signup']) expect(landing).toContain(`href="${link}"`);
  });
});

describe('paths that must not escape', () => {
  it.each([
    ['/assets/..%2f..%2fpackage.json', 400],
    ['/assets/..%5c..%5cpackage.json', 400],
    ['/demo/%00.html', 400],
    ['/demo/%E0%A4%A', 400],
    ['/assets/.env', 404],
    ['/demo/.git/config', 404],
    ['/assets/', 404],
    ['/assets/sub/', 404],
    ['/assets//kernels.wasm', 404],
    ['/assets/escape.json', 404],
    ['/demo/../package.json', 404],
    ['/demo/%2e%2e/package.json', 404],
    ['/assets/../../../../etc/passwd', 404],
  ])('%s → %i, JSON error, nothing from outside', async (path, status) => {
    const r = await raw(h.url, path);
    expect(r.status).toBe(status);
    expect(r.body).not.toContain('"name": "heatlens"');
    expect(r.body).not.toContain('root:');
    expect(JSON.parse(r.body).error.code).toMatch(status === 400 ? /^bad_path$/ : /^not_found$/);
  });

  it('keeps serving afterwards', async () => {
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
  });
});

describe('the dashboard routes from other origins', () => {
  it.each(['/v1/moves', '/v1/elements', '/v1/pages'])('%s answers a preflight and carries CORS headers, like /v1/points', async (route) => {
    const pre = await fetch(`${h.url}${route}?site=x`, { method: 'OPTIONS', headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'GET' } });
    expect([pre.status, pre.headers.get('access-control-allow-origin'), pre.headers.get('access-control-allow-methods')]).toEqual([204, '*', 'GET']);
    const r = await fetch(`${h.url}${route}?site=x`, { headers: { origin: 'https://elsewhere.example' } });
    expect([r.status, r.headers.get('access-control-allow-origin')]).toEqual([200, '*']);
    expect((await fetch(`${h.url}${route}?site=x`, { method: 'POST' })).status).toBe(405);
  });
});

describe('the tracker', () => {
  it('/tracker.js may be embedded cross-origin, even by isolated pages', async () => {
    const r = await fetch(`${h.url}/tracker.js`);
    expect(r.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
