// Locates a system Chromium for the browser tests, the benchmarks and the CLI's PNG output.
// heatlens never downloads a browser: it uses the one the machine already has.
import { accessSync, constants, statSync } from 'node:fs';

/** The one line printed (or thrown) when no Chromium can be found. */
export const MISSING_CHROMIUM_MESSAGE =
  'heatlens: browser tests need Chromium — install it (apt-get install -y chromium) or set CHROME_PATH';

/** Fixed install locations, in order of preference, after $CHROME_PATH and $CHROMIUM_PATH. */
export const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
];

/**
 * Flags every headless run needs here: no sandbox (root), and no background traffic to hosts
 * a closed network refuses.
 */
export const CHROMIUM_BASE_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Flags for tests on machines without a GPU. WebGL 1 and 2 come from SwiftShader (software
 * rendering); without `--enable-unsafe-swiftshader` current Chromium refuses to fall back to it
 * and WebGL context creation fails.
 */
export const CHROMIUM_ARGS = [
  ...CHROMIUM_BASE_ARGS,
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
  '--ignore-gpu-blocklist',
];

function isExecutableFile(path) {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The first existing executable among $CHROME_PATH, $CHROMIUM_PATH and the usual install
 * locations, or null when there is none.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string | null}
 */
export function findChromium(env = process.env) {
  const candidates = [env.CHROME_PATH, env.CHROMIUM_PATH, ...CHROMIUM_CANDIDATES];
  for (const candidate of candidates) {
    if (candidate && isExecutableFile(candidate)) return candidate;
  }
  return null;
}

/**
 * Launches the system Chromium headless through playwright-core with CHROMIUM_ARGS.
 * Playwright gives every launched browser a fresh profile directory in the OS temp dir and
 * deletes it again on `browser.close()`, so nothing leaks between runs.
 * @param {{ args?: string[], headless?: boolean, timeout?: number }} [options]
 * @returns {Promise<import('playwright-core').Browser>}
 */
export async function launchChromium(options = {}) {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(MISSING_CHROMIUM_MESSAGE);
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
    headless: options.headless ?? true,
    timeout: options.timeout ?? 60_000,
  });
}
