// The dashboard's selector words: the filter's example selectors match clicks the demo's
// visitors make (as the server matches them, against the paths the tracker records), and the
// ranking's long selector paths wrap between elements, never inside a name.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { selectorPieces } from '../../dashboard/ranking.js';
import { DEMO_LAYOUTS } from '../../ingest/demo-layout.js';
import { selectorFilter } from '../../ingest/selector.js';

const html = readFileSync(join(import.meta.dirname, '../../dashboard/index.html'), 'utf8');
const decode = (s: string) => s.replace(/&nbsp;/g, ' ').replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&');

/** Recorded target paths of the demo's home page on desktop (the dashboard's first page). */
const recorded = DEMO_LAYOUTS['/demo/'].desktop.targets.map((t) => t[0]);
const matches = (selector: string) => recorded.filter(selectorFilter(selector));

describe('the selector filter’s examples', () => {
  it('the placeholder’s example matches clicked elements on the demo', () => {
    const example = /id="selector"[^>]*placeholder="e\.g\. ([^"]+)"/.exec(html)?.[1];
    expect(example).toBe('#features a.card-link');
    expect(matches(decode(example!))).toHaveLength(6);
  });

  it('every example in the help matches clicked elements on the demo', () => {
    const help = /<p class="help">Clicks are recorded[\s\S]*?<\/p>/.exec(html)?.[0] ?? '';
    const examples = [...help.matchAll(/<code>([^<]+)<\/code>/g)].map((m) => decode(m[1])).filter((c) => c !== 'data-heatlens-id');
    expect(examples).toEqual(['section#features > div.wrap > a.card-link', '#features a', 'header a.button']);
    // The first is the shape of a recorded path (the demo nests the links one level deeper);
    // the others are what to type.
    expect(matches(examples[1]).length).toBeGreaterThan(0);
    expect(matches(examples[2])).toEqual(['header.site-header > div.wrap > a.button']);
  });

  it('the old example matches nothing the tracker records on the demo', () => {
    for (const page of Object.values(DEMO_LAYOUTS)) for (const layout of Object.values(page)) expect(layout.targets.map((t) => t[0]).filter(selectorFilter('#plans a.buy'))).toEqual([]);
  });
});

describe('ranking selector wrapping', () => {
  it('cuts after each child combinator and before pseudo-classes, keeping every name whole', () => {
    const path = 'main > section.pricing-head > div.wrap > div.billing > button.billing-option:nth-of-type(2)';
    expect(selectorPieces(path)).toEqual(['main >', ' section.pricing-head >', ' div.wrap >', ' div.billing >', ' button.billing-option', ':nth-of-type(2)']);
    expect(selectorPieces(path).join('')).toBe(path);
  });

  it('never cuts inside quotes or brackets, and cuts descendant and unspaced combinators too', () => {
    expect(selectorPieces('a[data-heatlens-id="plan:a > b"]')).toEqual(['a', '[data-heatlens-id="plan:a > b"]']);
    expect(selectorPieces('button.tab:not([x=":y"])')).toEqual(['button.tab', ':not([x=":y"])']);
    expect(selectorPieces('section#faq details>summary')).toEqual(['section#faq', ' details>', 'summary']);
    expect(selectorPieces('a#hero-cta')).toEqual(['a#hero-cta']);
  });
});
