// The attention benchmark's plain-JS contender (bench/attention-plain-fast.mjs) against the
// slow reference (bench/attention-plain.mjs): the same counts, and the same map within 0.2% of
// its peak, on shuffled random sessions with bad samples, with and without per-session weights.
import { describe, expect, it } from 'vitest';
import { fastPlainAttention } from '../../bench/attention-plain-fast.mjs';
import { plainAttentionDensity, plainAttentionWeights } from '../../bench/attention-plain.mjs';
import { mulberry32 } from '../../bench/data.mjs';
import { columns, push, rows } from './attention-support.js';
import { ATTENTION_DEFAULTS } from '../../worker/attention-defaults.js';

const GRID = { extent: [0, 0, 640, 480] as const, width: 160, height: 120 };

/** 60 sessions of 40 samples, interleaved at random, with NaNs, negative and repeated times. */
function messySessions(seed: number, sessionIds: 'numbers' | 'strings') {
  const rand = mulberry32(seed);
  const all: [number, number, number, number][] = [];
  for (let s = 0; s < 60; s++) {
    let t = rand() * 5000, x = 100 + rand() * 440, y = 80 + rand() * 320;
    for (let k = 0; k < 40; k++) {
      const bad = rand();
      all.push([s, bad < 0.01 ? -5 : bad < 0.02 ? t - 1 : Math.round(t), bad > 0.99 ? NaN : x, y]);
      const flick = rand() < 0.2;
      t += flick ? 40 : rand() < 0.1 ? 7000 : 100 + rand() * 300;
      x = Math.min(620, Math.max(20, x + (rand() - 0.5) * (flick ? 300 : 20)));
      y = Math.min(460, Math.max(20, y + (rand() - 0.5) * (flick ? 300 : 20)));
    }
  }
  // A random order: sessions interleave and times go back within sessions.
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  const r = rows();
  for (const [s, t, x, y] of all) push(r, sessionIds === 'numbers' ? s * 7 : `v${s}`, t, x, y);
  return columns(r);
}

describe('the fast plain-JS contender', () => {
  for (const [ids, perSession] of [['numbers', false], ['strings', true]] as const) {
    it(`gives the reference's counts and map (session ids as ${ids}, perSession ${perSession})`, () => {
      const samples = messySessions(11, ids);
      const params = { ...ATTENTION_DEFAULTS, spread: 24, lag: 300, speedThreshold: 400, fastWeight: 0.2, perSession };
      const reference = plainAttentionWeights(samples, params);
      const expected = plainAttentionDensity(reference, { ...GRID, spread: params.spread });
      const fast = fastPlainAttention(samples, params, GRID);
      expect([fast.sessions, fast.kept, fast.idleCapped, fast.reordered]).toEqual([reference.sessions, reference.kept, reference.idleCapped, true]);
      expect(fast.dropped).toEqual(reference.dropped);
      expect(reference.dropped.nonFinite + reference.dropped.backwards + reference.dropped.duplicate).toBeGreaterThan(0);
      expect(fast.total).toBeCloseTo(expected.total, 9);
      let err = 0;
      for (let c = 0; c < expected.values.length; c++) err = Math.max(err, Math.abs(fast.values[c] - expected.values[c]));
      expect(err / expected.max).toBeLessThanOrEqual(0.002);
    });
  }
});
