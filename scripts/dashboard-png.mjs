// Takes the README's picture of the dashboard (docs/dashboard.png): starts `heatlens serve
// --demo` on a free port with a fresh store seeded like `npm start` seeds it, opens the
// dashboard in headless Chromium and saves a screenshot. `--url URL` photographs a running
// server instead; `--seed N` (sessions), `--query '?page=…'` and `--out FILE` change the rest.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from './find-chromium.mjs';
import { ROOT, startDemoServer } from './demo-server.mjs';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    seed: { type: 'string', default: '80000' },
    query: { type: 'string', default: '?page=%2Fdemo%2F' },
    out: { type: 'string', default: join(ROOT, 'docs/dashboard.png') },
  },
});

execFileSync(process.execPath, [join(ROOT, 'scripts/build-web.mjs')], { cwd: ROOT, stdio: 'inherit' });
const server = values.url
  ? null
  : await startDemoServer({ args: ['--seed', values.seed], timeoutMs: 30 * 60_000, onOutput: (text) => process.stderr.write(text) });
const origin = values.url ?? server.url;
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(`${origin}/${values.query}`);
  // Every map panel has finished: ready, empty or an error (each says so in words).
  await page.waitForFunction(
    () => {
      const panels = [...document.querySelectorAll('.panel')];
      return panels.length > 0 && panels.every((p) => p.dataset.status && p.dataset.status !== 'loading');
    },
    undefined,
    { timeout: 120_000 },
  );
  await page.waitForSelector('#ranking tbody tr', { timeout: 60_000 });
  await page.screenshot({ path: values.out });
  console.log(`heatlens: saved ${values.out}`);
} finally {
  await browser.close();
  await server?.stop();
}
