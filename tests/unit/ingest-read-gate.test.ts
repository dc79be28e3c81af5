// Read admission over a real HTTP server on 127.0.0.1 and a real DuckDB file: at most
// `concurrency` store reads run, `queue` wait, the next is told 503 busy with Retry-After, while
// batch writes, HEADs and 304s go on being answered. The store's queries are held open by a
// proxy that passes every call on to the real store once the test lets it.
import { afterEach, describe, expect, it } from 'vitest';
import { DuckDBStore } from '../../ingest/duckdb-store.js';
import { ReadGate } from '../../ingest/read-gate.js';
import type { Store } from '../../ingest/store.js';
import { batch, click, post, startHarnessWith, view, type Harness } from './ingest-support.js';

const QUERIES = new Set(['points', 'scrollSamples', 'scrollCurve', 'moves', 'elements', 'pages']);

/** The real store, whose queries wait for `release()`; `entered` counts queries that started. */
function holdingStore(inner: DuckDBStore): Store & { entered: number; release(): void } {
  let open!: () => void;
  const held = new Promise<void>((resolve) => (open = resolve));
  const state = { entered: 0, release: () => open() };
  return new Proxy(inner, {
    get(target, key) {
      if (key === 'entered' || key === 'release') return state[key];
      const value = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      if (!QUERIES.has(String(key))) return value.bind(target);
      return async (...args: unknown[]) => {
        state.entered++;
        await held;
        return value.apply(target, args);
      };
    },
  }) as unknown as Store & { entered: number; release(): void };
}

let h: Harness<ReturnType<typeof holdingStore>> | undefined;
afterEach(async () => {
  h?.store.release();
  await h?.close();
  h = undefined;
});

async function start(concurrency: number, queue: number) {
  h = await startHarnessWith(async (dir) => holdingStore(await DuckDBStore.open(dir)), { reads: { concurrency, queue } });
  expect((await post(h.url, batch([view(), click(100, 200), click(300, 400)], { site: 'gate' }))).status).toBe(200);
  return h;
}

const points = (h: Harness<ReturnType<typeof holdingStore>>, init: RequestInit = {}) => fetch(`${h.url}/v1/points?site=gate&kind=click&format=json`, init);

async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Waits until /healthz reports this many reads running and waiting. */
function untilLoad(h: Harness<ReturnType<typeof holdingStore>>, load: { running: number; waiting: number }): Promise<void> {
  return until(`reads ${JSON.stringify(load)}`, async () => {
    const health = (await (await fetch(`${h.url}/healthz`)).json()) as { reads: { running: number; waiting: number } };
    return health.reads.running === load.running && health.reads.waiting === load.waiting;
  });
}

describe('read admission', () => {
  it('runs `concurrency` reads, queues `queue`, refuses the next with 503 busy and Retry-After; writes and HEADs go on', async () => {
    const h = await start(2, 2);
    const admitted = [points(h), points(h), points(h), points(h)];
    await untilLoad(h, { running: 2, waiting: 2 });
    expect(h.store.entered).toBe(2);

    const refused = await points(h);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
    expect(refused.headers.get('etag')).toBeNull();
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: 'busy',
      message: 'the server is answering 2 reads with 2 waiting; retry in 1 s',
      path: '',
    });

    // Ingest is not a read: it is answered while every read slot is taken.
    expect((await post(h.url, batch([click(500, 600)], { site: 'gate' }))).status).toBe(200);
    // Neither are HEAD and 304: they need the revision only.
    const head = await points(h, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(h.store.entered).toBe(2);

    h.store.release();
    const answers = await Promise.all(admitted);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as Array<{ n: number }>;
    // The two held reads started before the third click; the queued two may see it.
    expect(bodies.map((b) => b.n).every((n) => n === 2 || n === 3)).toBe(true);
    expect(h.store.entered).toBe(4);
    // And the gate is free again.
    expect((await points(h)).status).toBe(200);
  });

  it('lets a waiting read whose client hung up leave the queue, without running its query', async () => {
    const h = await start(1, 1);
    const running = points(h);
    await until('one running query', () => h.store.entered === 1);
    const hangUp = new AbortController();
    const waiting = points(h, { signal: hangUp.signal });
    // The queue (one place) is full: a third read is refused.
    await untilLoad(h, { running: 1, waiting: 1 });
    expect((await points(h)).status).toBe(503);
    hangUp.abort();
    await expect(waiting).rejects.toThrow();
    await untilLoad(h, { running: 1, waiting: 0 });
    // Its place is free again: the next read waits instead of being refused.
    const next = points(h);
    await untilLoad(h, { running: 1, waiting: 1 });
    h.store.release();
    expect([(await running).status, (await next).status]).toEqual([200, 200]);
    // The abandoned read never reached the store.
    expect(h.store.entered).toBe(2);
  });

  it('answers a refused read with the read routes’ CORS headers, so another origin can read why', async () => {
    const h = await start(4, 64);
    h.store.release();
    const bad = await fetch(`${h.url}/v1/points?site=gate&kind=nope`, { headers: { origin: 'https://dash.example' } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('ReadGate limits', () => {
  it('refuses limits that cannot work', () => {
    expect(() => new ReadGate({ concurrency: 0, queue: 1 })).toThrow('read concurrency must be a whole number ≥ 1, got 0');
    expect(() => new ReadGate({ concurrency: 2, queue: -1 })).toThrow('read queue must be a whole number ≥ 0, got -1');
    expect(() => new ReadGate({ concurrency: 1.5, queue: 1 })).toThrow('read concurrency must be a whole number ≥ 1, got 1.5');
  });
});
