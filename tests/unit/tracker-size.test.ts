// The tracker's size budget (≤ 6 KB min+gzip) and what its bundles may contain, on a fresh
// build by scripts/build-tracker.mjs.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTracker } from '../fixtures/tracker/harness.js';

const BUDGET = 6144;
const dir = mkdtempSync(join(tmpdir(), 'heatlens-tracker-size-'));
let script = '';
let esm = '';

beforeAll(() => {
  buildTracker(dir);
  script = readFileSync(join(dir, 'tracker.js'), 'utf8');
  esm = readFileSync(join(dir, 'index.js'), 'utf8');
}, 30_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the built tracker', () => {
  it('fits 6 KB min+gzip, as a script tag and as an ES module', () => {
    const script_gz = gzipSync(script, { level: 9 }).length;
    const esm_gz = gzipSync(esm, { level: 9 }).length;
    console.log(`tracker.js ${script.length} B min, ${script_gz} B min+gzip; index.js ${esm.length} B min, ${esm_gz} B min+gzip`);
    expect(script_gz).toBeLessThanOrEqual(BUDGET);
    expect(esm_gz).toBeLessThanOrEqual(BUDGET);
  });

  it('is a classic script that defines nothing at the top level, and an ES module exporting the API', () => {
    // One expression: an arrow function called at once; its only global is window.heatlens.
    expect(script).toMatch(/^"use strict";\(\(\)=>\{/);
    expect(script.trimEnd()).toMatch(/\}\)\(\);\n\/\/# sourceMappingURL=tracker\.js\.map$/);
    expect(esm).toMatch(/export\{.*\binit\b.*\}/);
    expect(esm).not.toContain('heatlens=');
  });

  it('needs nothing a strict CSP forbids: no eval, no Function constructor, no inline styles or HTML', () => {
    for (const code of [script, esm]) {
      expect(code).not.toMatch(/\beval\(|new Function|Function\(|innerHTML|outerHTML|insertAdjacentHTML|document\.write|\.style\b|setAttribute\("style/);
    }
  });
});
