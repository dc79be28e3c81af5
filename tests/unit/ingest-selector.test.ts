// The small languages of the query API — the CSS-selector subset matched against stored
// selector paths and the path globs — plus the rate limiter's arithmetic and the binary
// format's layout, each against answers worked out by hand.
import { describe, expect, it } from 'vitest';
import { globToRegExp, GlobError } from '../../ingest/glob.js';
import { encodePoints, decodePoints, HEADER_BYTES } from '../../ingest/points-format.js';
import { RateLimiter } from '../../ingest/rate-limit.js';
import { parseSelector, SelectorError, selectorFilter } from '../../ingest/selector.js';

describe('selector filter', () => {
  const stored = 'body > main#app > section.plans:nth-of-type(2) > div.plan[data-tier="pro plus"] > a.buy';
  const cases: Array<[string, boolean]> = [
    ['a', true],
    ['a.buy', true],
    ['.plans', true], // an ancestor matches: the click is inside .plans
    ['#app a', true],
    ['#app > a', false],
    ['main > section > div > a', true],
    ['main > div', false],
    ['section:nth-of-type(2)', true],
    ['section:nth-of-type(2n)', true],
    ['section:nth-of-type(2n+1)', false],
    ['section:first-of-type', false],
    ['section:nth-child(2)', false], // position among all children was not recorded
    ['[data-tier]', true],
    ['[data-tier="pro plus"]', true],
    ['[data-tier~="plus"]', true],
    ['[data-tier~="pro plus"]', false],
    ['[data-tier|="pro"]', false],
    ['[data-tier^="pro"]', true],
    ['[data-tier$="plus"]', true],
    ['[data-tier*="o p"]', true],
    ['[data-tier="PRO PLUS" i]', true],
    ['[data-tier="PRO PLUS"]', false],
    ['[class~="buy"]', true],
    ['[id=app]', true],
    ['div:not(.plan)', false],
    ['div:not(.basic, .free)', true],
    ['span, a.buy', true],
    ['html a', false], // html was not recorded above body
    ['*', true],
  ];
  it.each(cases)('%s → %s', (sel, want) => {
    expect(selectorFilter(sel)(stored)).toBe(want);
  });

  it('handles CSS escapes in stored ids and attribute strings', () => {
    expect(selectorFilter('#a\\:b')('div#a\\:b > span')).toBe(true);
    expect(selectorFilter('[data-x="a\\"b"]')('div[data-x="a\\"b"]')).toBe(true);
    expect(selectorFilter('#\\31 23')('div#\\31 23')).toBe(true);
  });

  it('an unreadable stored path matches nothing', () => {
    expect(selectorFilter('*')('div[unclosed')).toBe(false);
    expect(selectorFilter('*')('')).toBe(false);
  });

  it.each(['a + b', 'a ~ b', 'a:hover', 'a::before', 'a[', 'a)', '', ',', 'a:nth-child(x)'])('refuses %j', (sel) => {
    expect(() => parseSelector(sel)).toThrow(SelectorError);
  });
});

describe('path globs', () => {
  const cases: Array<[string, string, boolean]> = [
    ['/docs/*', '/docs/a', true],
    ['/docs/*', '/docs/a/b', false],
    ['/docs/*', '/docs/', true],
    ['/docs/**', '/docs/a/b', true],
    ['/docs/**/intro', '/docs/intro', true],
    ['/docs/**/intro', '/docs/a/b/intro', true],
    ['/docs/**/intro', '/docsintro', false],
    ['/p{ricing,lans}', '/plans', true],
    ['/p{ricing,lans}', '/p', false],
    ['/a?c', '/abc', true],
    ['/a?c', '/a/c', false],
    ['/a.b', '/axb', false],
    ['/x\\*', '/x*', true],
    ['/x\\*', '/xy', false],
    ['/(a)+[b]', '/(a)+[b]', true],
  ];
  it.each(cases)('%s on %s → %s', (glob, path, want) => {
    expect(globToRegExp(glob).test(path)).toBe(want);
  });
  it.each(['/a{b', '/a}b', '/a{b{c}}', '/a\\'])('refuses %j', (glob) => {
    expect(() => globToRegExp(glob)).toThrow(GlobError);
  });
});

describe('rate limiter', () => {
  it('grants the burst, then one token per 1/rate seconds, and says how long to wait', () => {
    let t = 0;
    const rl = new RateLimiter({ perSecond: 4, burst: 2 }, () => t);
    expect([rl.take('k'), rl.take('k'), rl.take('k')]).toEqual([0, 0, 1]);
    t += 250; // one token back
    expect([rl.take('k'), rl.take('k')]).toEqual([0, 1]);
    expect(rl.take('other')).toBe(0);
    const slow = new RateLimiter({ perSecond: 0.1, burst: 1 }, () => t);
    expect([slow.take('k'), slow.take('k')]).toEqual([0, 10]);
  });

  it('keeps at most maxBuckets keys, dropping the least recently used', () => {
    let t = 0;
    const rl = new RateLimiter({ perSecond: 1, burst: 1 }, () => t, 2);
    rl.take('a');
    rl.take('b');
    rl.take('a'); // a is now most recent (and empty)
    rl.take('c'); // evicts b
    expect(rl.take('a')).toBe(1);
    expect(rl.take('b')).toBe(0); // a fresh bucket
  });
});

describe('points binary format', () => {
  it('is a 32-byte little-endian header and three float32 columns', () => {
    const bytes = encodePoints({ x: Float64Array.of(1.5, 2), y: Float64Array.of(3, 4.25), w: Float64Array.of(1, 7), total: 8, aggregated: true, cell: 4 });
    expect(bytes.byteLength).toBe(HEADER_BYTES + 2 * 12);
    const v = new DataView(bytes.buffer);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('HLPT');
    expect([v.getUint16(4, true), v.getUint16(6, true), v.getUint32(8, true), v.getUint32(12, true)]).toEqual([1, 32, 1, 2]);
    expect([v.getFloat64(16, true), v.getFloat32(24, true)]).toEqual([8, 4]);
    expect([0, 1, 2, 3, 4, 5].map((i) => v.getFloat32(32 + 4 * i, true))).toEqual([1.5, 2, 3, 4.25, 1, 7]);
    expect(decodePoints(bytes)).toMatchObject({ n: 2, total: 8, aggregated: true, cell: 4 });
  });
});
