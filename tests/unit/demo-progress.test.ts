// The seeding progress that `heatlens serve --demo` prints on stderr: one line rewritten in place
// on a terminal, a line per quarter otherwise.
import { describe, expect, it } from 'vitest';
import { seedProgress } from '../../bin/commands/serve.js';

function run(isTTY: boolean): string {
  let out = '';
  const report = seedProgress({ isTTY, write: (s: string | Uint8Array) => ((out += String(s)), true) });
  for (let s = 1000; s <= 10_000; s += 1000) report({ sessions: s, totalSessions: 10_000, events: s * 40 });
  return out;
}

describe('seeding progress', () => {
  it('on a terminal: one line, rewritten in place, ended once at 100%', () => {
    const out = run(true);
    const frames = out.split('\r').filter(Boolean);
    expect(frames).toHaveLength(10);
    expect(frames[0]).toBe('heatlens: demo: seeding 10% (1,000 of 10,000 sessions, 40,000 events)\x1b[K');
    expect(frames.at(-1)).toBe('heatlens: demo: seeding 100% (10,000 of 10,000 sessions, 400,000 events)\x1b[K\n');
    expect(out.split('\n')).toHaveLength(2);
  });

  it('elsewhere: a plain line at each quarter', () => {
    expect(run(false).split('\n').filter(Boolean)).toEqual([
      'heatlens: demo: seeding 30% (3,000 of 10,000 sessions, 120,000 events)',
      'heatlens: demo: seeding 50% (5,000 of 10,000 sessions, 200,000 events)',
      'heatlens: demo: seeding 80% (8,000 of 10,000 sessions, 320,000 events)',
      'heatlens: demo: seeding 100% (10,000 of 10,000 sessions, 400,000 events)',
    ]);
  });
});
