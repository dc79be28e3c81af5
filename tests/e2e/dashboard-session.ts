// The set-up every dashboard end-to-end file shares: the web bundle built, a fresh
// `heatlens serve --demo --seed 0` on a free port with an empty store, one Chromium, and an
// analyst's browser context; optionally the desktop visit of demo-visit.ts first. Registers its
// own beforeAll/afterAll, so a file calls it once at the top level and reads the session later.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from '../../scripts/find-chromium.mjs';
import { ROOT, startDemoServer, type DemoServer } from '../../scripts/demo-server.mjs';
import { visitDemoPage, type Visit } from './demo-visit.js';

export const ARTIFACTS = join(ROOT, 'test-artifacts', 'e2e');

/** A dashboard page that remembers the uncaught errors it threw (`problems`). */
export type DashboardPage = Page & { problems: string[] };

export interface DashboardSession {
  server: DemoServer;
  browser: Browser;
  analyst: BrowserContext;
  /** What the desktop visitor did; only with `{ visit: true }`. */
  visit: Visit;
}

export function useDashboardSession(options: { visit?: boolean } = {}): DashboardSession {
  const session = {} as DashboardSession;
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    execFileSync(process.execPath, [join(ROOT, 'scripts/build-web.mjs')], { cwd: ROOT, stdio: 'inherit' });
    session.server = await startDemoServer({ args: ['--seed', '0'] });
    session.browser = await launchChromium();
    session.analyst = await session.browser.newContext({ viewport: { width: 1600, height: 1000 }, acceptDownloads: true });
    if (options.visit) session.visit = await visitDemoPage(session.browser, session.server);
  }, 180_000);
  afterAll(async () => {
    await session.analyst?.close().catch(() => undefined);
    await session.browser?.close().catch(() => undefined);
    await session.server?.stop();
  });
  return session;
}

/** Opens the dashboard with this query string in the analyst's context. */
export async function openDashboard(session: DashboardSession, query: string): Promise<DashboardPage> {
  const page = (await session.analyst.newPage()) as DashboardPage;
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(e.message));
  await page.goto(`${session.server.url}/${query}`);
  return page;
}

/** Saves what the page shows as test-artifacts/e2e/NAME.png. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: false });
}
