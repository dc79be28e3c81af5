// Three projects: `unit` (Node), `browser` (the system Chromium, driven by Playwright) and
// `e2e` (the server and Chromium, both from Node). `npm test` runs all three;
// `npx vitest run --project unit|browser|e2e` runs one.
import { playwright } from '@vitest/browser-playwright';
import { defineConfig, mergeConfig } from 'vitest/config';
import { CHROMIUM_ARGS, findChromium, MISSING_CHROMIUM_MESSAGE } from './scripts/find-chromium.mjs';
import viteConfig from './vite.config.js';

const executablePath = findChromium();
if (!executablePath) throw new Error(MISSING_CHROMIUM_MESSAGE);

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      // Sized for a 2-core CI machine: unit files share the cores first, then the browser
      // files run one at a time (software WebGL is CPU-bound and some tests time frames).
      maxWorkers: '100%',
      reporters: ['default', './tests/support/summary-reporter.ts'],
      teardownTimeout: 20_000,
      projects: [
        {
          extends: true,
          test: {
            name: 'unit',
            environment: 'node',
            include: ['tests/unit/**/*.test.ts'],
            testTimeout: 30_000,
            sequence: { groupOrder: 0 },
          },
        },
        {
          extends: true,
          // Cross-origin isolation, as a production page that wants kernel threads serves it:
          // SharedArrayBuffer exists and the engine shares its memory with helper workers.
          server: {
            headers: {
              'Cross-Origin-Opener-Policy': 'same-origin',
              'Cross-Origin-Embedder-Policy': 'require-corp',
            },
          },
          test: {
            name: 'browser',
            include: ['tests/browser/**/*.test.ts'],
            // WebGL runs on SwiftShader (CPU), so GPU tests are slow by GPU standards.
            testTimeout: 60_000,
            hookTimeout: 60_000,
            fileParallelism: false,
            sequence: { groupOrder: 1 },
            browser: {
              enabled: true,
              headless: true,
              // Failure screenshots would land next to the tests; opt in with
              // `--browser.screenshotFailures` when debugging a rendering test.
              screenshotFailures: false,
              viewport: { width: 1280, height: 800 },
              // launch() (not a persistent context) gives Chromium a fresh temporary profile
              // directory per run, which Playwright deletes when the browser closes.
              provider: playwright({
                launchOptions: {
                  executablePath,
                  args: [...CHROMIUM_ARGS],
                },
              }),
              instances: [{ browser: 'chromium' }],
            },
          },
        },
        {
          extends: true,
          // End to end: `heatlens serve --demo` as a child process and the system Chromium
          // driven from Node (playwright-core), after the browser project has released the CPU.
          test: {
            name: 'e2e',
            environment: 'node',
            include: ['tests/e2e/**/*.test.ts'],
            testTimeout: 240_000,
            hookTimeout: 120_000,
            fileParallelism: false,
            sequence: { groupOrder: 2 },
          },
        },
      ],
    },
  }),
);
