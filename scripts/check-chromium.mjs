#!/usr/bin/env node
// `npm test` runs this first: the browser tests need a system Chromium, and a missing one
// should cost the reader one clear line rather than a Playwright stack trace.
import { findChromium, MISSING_CHROMIUM_MESSAGE } from './find-chromium.mjs';

if (!findChromium()) {
  console.error(MISSING_CHROMIUM_MESSAGE);
  process.exit(1);
}
