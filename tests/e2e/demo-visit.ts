// The visit the dashboard end-to-end files start from: on a fresh `heatlens serve --demo`, a
// desktop visitor reads the pricing plans, clicks one button 40 times, scrolls to a known depth
// and leaves (the real tracker sends it all); then the server is polled until it holds it.
import type { Browser } from 'playwright-core';
import type { DemoServer } from '../../scripts/demo-server.mjs';

export const DEMO_PAGE = '/demo/pricing';
/** A button that does not navigate: 40 clicks on it stay on the page. */
export const TARGET = '.billing .billing-option:nth-of-type(2)';
export const CLICKS = 40;
const SCROLL_TO = 900;
export const VISITOR = { width: 1280, height: 800 };

export interface Visit {
  /** Where each click landed, in page px. */
  clicked: { x: number; y: number }[];
  /** The target button's box on the visitor's (desktop) layout, in page px. */
  targetBox: { x: number; y: number; width: number; height: number };
  /** The deepest viewport bottom the visitor reached, in page px. */
  viewportBottom: number;
}

export async function api<T>(server: DemoServer, path: string): Promise<T> {
  const res = await fetch(`${server.url}${path}`);
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Polls until the server holds what the visitor did (the tracker delivers asynchronously). */
export async function until(server: DemoServer, what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function visitDemoPage(browser: Browser, server: DemoServer): Promise<Visit> {
  const clicked: { x: number; y: number }[] = [];
  // The visitor: a fresh context (its own session), a desktop viewport.
  const visitor = await browser.newContext({ viewport: VISITOR });
  const page = await visitor.newPage();
  await page.goto(`${server.url}${DEMO_PAGE}`);
  await page.waitForFunction(() => document.readyState === 'complete');
  const box = await page.locator(TARGET).boundingBox();
  if (!box) throw new Error(`${TARGET} is not visible on ${DEMO_PAGE}`);
  const scrollY = await page.evaluate(() => window.scrollY);
  const targetBox = { x: box.x, y: box.y + scrollY, width: box.width, height: box.height };
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  // Read the plans first: the cursor rests on each plan for a while (attention), then goes to
  // the button.
  for (const [x, y] of [[300, 500], [640, 520], [980, 540]]) {
    await page.mouse.move(x, y, { steps: 8 });
    await page.waitForTimeout(400);
  }
  await page.mouse.move(cx, cy, { steps: 8 });
  // A small deterministic scatter around the button's centre, well inside the button.
  for (let i = 0; i < CLICKS; i++) {
    const dx = ((i * 7) % 13) - 6;
    const dy = ((i * 5) % 9) - 4;
    await page.mouse.click(cx + dx, cy + dy);
    clicked.push({ x: cx + dx, y: cy + dy + scrollY });
  }
  await page.evaluate((y) => window.scrollTo(0, y), SCROLL_TO);
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 1, SCROLL_TO);
  const viewportBottom = (await page.evaluate(() => window.scrollY + window.innerHeight)) as number;
  // Let the tracker's scroll throttle fire, then leave: the page hide flushes the batch.
  await page.waitForTimeout(1200);
  await page.goto(`${server.url}/demo/`);
  await page.waitForFunction(() => document.readyState === 'complete');
  await visitor.close();

  await until(server, 'the 40 clicks', async () => {
    const r = await api<{ total: number }>(server, `/v1/points?site=demo&path=${encodeURIComponent(DEMO_PAGE)}&format=json`);
    return r.total >= CLICKS;
  });
  await until(server, 'the scroll to the known depth', async () => {
    const r = await api<{ y: number[]; vh: number[] }>(server, `/v1/scroll?site=demo&path=${encodeURIComponent(DEMO_PAGE)}&mode=samples&format=json`);
    return r.y.some((y, i) => y + r.vh[i] >= viewportBottom);
  });
  return { clicked, targetBox, viewportBottom };
}
