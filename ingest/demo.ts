/**
 * Seeds the site `demo` with synthetic traffic (ingest/demo-traffic.ts) for `heatlens serve
 * --demo`, when the store has none of it yet. Rows go straight into the store in large batches —
 * for the embedded store, DuckDB appenders inside one transaction per batch — not through HTTP,
 * so a first start stores millions of rows in seconds.
 */
import { DEMO_SITE, demoSession, mulberry32, sessionId, sessionStart } from './demo-traffic.js';
import type { EventRow } from './schema.js';
import type { Store } from './store.js';

export { DEMO_SITE } from './demo-traffic.js';

/** The id of the empty batch stored when a seeding is complete. */
const SEEDED_MARKER = 'demo_seed_complete';
/** Default sessions: enough for a million clicks on the landing page (demo-seed.test.ts counts them). */
export const DEFAULT_DEMO_SESSIONS = 80_000;
/** Rows per stored batch: large enough that commits cost little, small enough to report progress. */
const BATCH_ROWS = 250_000;
/** Rows generated between two turns of the event loop. */
const SLICE_ROWS = 20_000;
const SEED = 0x6ea71e25;

export interface SeedProgress {
  sessions: number;
  totalSessions: number;
  /** Events stored so far. */
  events: number;
}

export interface SeedOptions {
  sessions?: number;
  now?: number;
  /** Called after each stored batch, and once at the end. */
  onProgress?: (p: SeedProgress) => void;
}

/**
 * The demo traffic, `sessions` sessions in order, handed out in batches of about `batchRows`
 * rows (whole sessions). Generating is deterministic: the same arguments, the same rows.
 */
export function* demoBatches(sessions: number, now: number, batchRows = BATCH_ROWS): Generator<{ rows: EventRow[]; sessions: number }> {
  const rand = mulberry32(SEED);
  let rows: EventRow[] = [];
  for (let s = 0; s < sessions; s++) {
    const id = sessionId(rand);
    for (const r of demoSession(rand, id, sessionStart(rand, now))) rows.push(r);
    if (rows.length >= batchRows || s === sessions - 1) {
      yield { rows, sessions: s + 1 };
      rows = [];
    }
  }
}

/** Seeds the demo site unless a seeding completed before; resolves to the events stored. */
export async function seedDemo(store: Store, options: SeedOptions = {}): Promise<number> {
  const sessions = options.sessions ?? DEFAULT_DEMO_SESSIONS;
  const now = options.now ?? Date.now();
  if (sessions <= 0) return 0;
  // A complete seeding ends with a marker batch (no events). Without it, seed — resuming an
  // interrupted seeding, whose stored batches the store skips by their ids.
  if (await store.hasBatch(DEMO_SITE, SEEDED_MARKER)) return 0;
  let events = 0;
  let n = 0;
  let rows: EventRow[] = [];
  // One batch in flight while the next is generated. Generation runs in slices with a turn of
  // the event loop between them, so the store's appends start at once and its commit (off the
  // main thread: WAL write, fsync) overlaps with building the next rows.
  let pending: Promise<void> = Promise.resolve();
  for (const slice of demoBatches(sessions, now, SLICE_ROWS)) {
    for (const r of slice.rows) rows.push(r);
    if (rows.length >= BATCH_ROWS || slice.sessions === sessions) {
      await pending;
      const batch = `demo_seed_${String(n++).padStart(6, '0')}`;
      const done = slice.sessions;
      pending = store.write({ site: DEMO_SITE, batch, received: now, rows }).then((r) => {
        events += r.accepted;
        options.onProgress?.({ sessions: done, totalSessions: sessions, events });
      });
      rows = [];
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  await pending;
  await store.write({ site: DEMO_SITE, batch: SEEDED_MARKER, received: now, rows: [] });
  return events;
}
