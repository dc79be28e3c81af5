/**
 * `heatlens serve`: the ingest API (POST /v1/batch), the queries the dashboard and the elements
 * render (GET /v1/points, /v1/scroll, /v1/moves, /v1/elements, /v1/pages), /healthz, the built
 * tracker, the dashboard and its bundle, and with --demo the demo site and its seeded traffic,
 * over node:http, with the embedded DuckDB store under --data, or ClickHouse with --store.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError, parseFlags, UsageError } from '../main.js';

export const usage = `Usage: heatlens serve [--port 8787] [--host 127.0.0.1] [--data DIR] [--demo] [flags]

Serves the ingest API, the data the heatmap elements render, and the dashboard:
  POST /v1/batch     batches from the tracker (docs/batch-format.md)
  GET  /v1/points    click or move points, columnar binary or JSON (docs/points-format.md)
  GET  /v1/scroll    scroll samples or a scroll-depth curve
  GET  /v1/moves     cursor samples by visit, for attention maps
  GET  /v1/elements  the most clicked elements with their rage clicks
  GET  /v1/pages     a site's pages with their event counts and document size
  GET  /healthz      {"ok": true} while the store answers
  GET  /tracker.js   the built tracker (dist/tracker/tracker.js)
  GET  /             the dashboard; /heatlens.js the elements' bundle (dist/web/)
  GET  /demo/        with --demo: the demo site (demo-site/)

Flags:
  --port N               TCP port (default 8787; 0 picks a free one)
  --host ADDR            address to listen on (default 127.0.0.1)
  --data DIR             store directory, holds heatlens.duckdb (default ./heatlens-data)
  --store URL            store events in ClickHouse instead of DIR/heatlens.duckdb:
                         clickhouse://HOST:PORT/DB (HTTP port), and for a cluster
                         ?cluster=NAME&shards=HOST:PORT,HOST:PORT (see ingest/README.md)
  --sites FILE           allowed sites, origins, keys (JSON; see ingest/README.md);
                         default DIR/sites.json if present, else any site from any origin
  --retention-days N     delete events older than N days (at start, then hourly)
  --rate-limit R[,B]     batches per second per (site, IP) and burst (default 20,200), or off
  --reads N[,Q]          store reads at once and queued (default 4,64); past that, 503 busy
  --trust-proxy          take the client IP from X-Forwarded-For (only behind your own proxy)
  --demo                 serve the demo site at /demo/ and, when the store has no data
                         for the site "demo", seed it with synthetic traffic
  --seed N               sessions to seed with --demo (default 80000; 0: none)
  -h, --help             show this help

Prints "heatlens: listening on URL" when ready; stops cleanly on SIGINT or SIGTERM.`;

const FLAGS = {
  port: 'string',
  host: 'string',
  data: 'string',
  store: 'string',
  sites: 'string',
  'retention-days': 'string',
  'rate-limit': 'string',
  reads: 'string',
  'trust-proxy': 'boolean',
  demo: 'boolean',
  seed: 'string',
  help: 'boolean',
} as const;

const HOUR = 3_600_000;
const DAY = 86_400_000;

function parsePort(text: string | undefined): number {
  if (text === undefined) return 8787;
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port must be an integer 0–65535, got "${text}"`);
  return n;
}

function parseRetention(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(n > 0) || n > 100_000) throw new UsageError(`--retention-days must be a positive number of days, got "${text}"`);
  return n;
}

function parseRate(text: string | undefined): { perSecond: number; burst: number } | false | undefined {
  if (text === undefined) return undefined;
  if (text === 'off') return false;
  const [r, b] = text.split(',');
  const perSecond = Number(r);
  const burst = b === undefined ? Math.max(1, Math.ceil(perSecond * 10)) : Number(b);
  if (!(perSecond > 0) || !Number.isInteger(burst) || burst < 1) {
    throw new UsageError(`--rate-limit must be "PER_SECOND[,BURST]" (positive numbers) or off, got "${text}"`);
  }
  return { perSecond, burst };
}

function parseReads(text: string | undefined): { concurrency: number; queue?: number } | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)(?:,(\d+))?$/.exec(text);
  const concurrency = m ? Number(m[1]) : NaN;
  if (!m || concurrency < 1 || concurrency > 1024 || Number(m[2] ?? 0) > 100_000) {
    throw new UsageError(`--reads must be "CONCURRENT[,QUEUED]" (whole numbers, CONCURRENT 1–1024, QUEUED 0–100000), got "${text}"`);
  }
  return m[2] === undefined ? { concurrency } : { concurrency, queue: Number(m[2]) };
}

function parseStore(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (!/^clickhouse:\/\/[^/?#]+/.test(text)) {
    throw new UsageError(`--store must be clickhouse://HOST:PORT/DB[?cluster=NAME&shards=HOST:PORT,…], got "${text}"`);
  }
  return text;
}

function parseSeed(text: string | undefined, demo: boolean): number | undefined {
  if (text === undefined) return undefined;
  if (!demo) throw new UsageError('--seed applies with --demo only');
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n > 10_000_000) throw new UsageError(`--seed must be a number of sessions 0–10000000, got "${text}"`);
  return n;
}

/**
 * Progress of seeding on stderr: one line rewritten in place on a terminal; otherwise (a log
 * file, a CI job) a line at each quarter, so the log stays short.
 */
export function seedProgress(stream: Pick<NodeJS.WriteStream, 'isTTY' | 'write'>) {
  let quarter = 0;
  return (p: { sessions: number; totalSessions: number; events: number }) => {
    const pct = Math.floor((100 * p.sessions) / p.totalSessions);
    const line = `heatlens: demo: seeding ${pct}% (${p.sessions.toLocaleString('en-US')} of ${p.totalSessions.toLocaleString('en-US')} sessions, ${p.events.toLocaleString('en-US')} events)`;
    if (stream.isTTY) stream.write(`\r${line}\x1b[K${p.sessions === p.totalSessions ? '\n' : ''}`);
    else if (pct >= (quarter + 1) * 25) {
      quarter = Math.floor(pct / 25);
      stream.write(`${line}\n`);
    }
  };
}

export async function run(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, FLAGS, 'serve');
  if (flags.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const port = parsePort(flags.port as string | undefined);
  const host = (flags.host as string | undefined) ?? '127.0.0.1';
  const dataDir = resolve((flags.data as string | undefined) ?? 'heatlens-data');
  const retentionDays = parseRetention(flags['retention-days'] as string | undefined);
  const rateLimit = parseRate(flags['rate-limit'] as string | undefined);
  const reads = parseReads(flags.reads as string | undefined);
  const storeUrl = parseStore(flags.store as string | undefined);
  const seedSessions = parseSeed(flags.seed as string | undefined, flags.demo === true);

  const { parseSites, openSites } = await import('../../ingest/sites.js');
  let sitesFile = flags.sites as string | undefined;
  if (sitesFile === undefined && existsSync(join(dataDir, 'sites.json'))) sitesFile = join(dataDir, 'sites.json');
  let sites: import('../../ingest/sites.js').Sites = openSites;
  if (sitesFile !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(sitesFile, 'utf8'));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new CliError(`cannot read --sites ${sitesFile}: ${code ?? (e as Error).message.split('\n')[0]}`);
    }
    try {
      sites = parseSites(json);
    } catch (e) {
      throw new CliError(`${sitesFile}: ${(e as Error).message}`);
    }
  }
  if (flags.demo && !sites.open && !sites.get('demo')) {
    // The demo site must accept the demo page's batches whatever else is configured.
    const { DEMO_SITE } = await import('../../ingest/demo.js');
    const base = sites;
    const demo = { origins: ['*'] };
    sites = { open: false, get: (s) => (s === DEMO_SITE ? demo : base.get(s)), anyAllows: () => true };
  }

  const { StoreError } = await import('../../ingest/errors.js');
  let store;
  try {
    if (storeUrl !== undefined) {
      const { ClickHouseStore } = await import('../../ingest/clickhouse-store.js');
      store = await ClickHouseStore.open(storeUrl);
    } else {
      const { DuckDBStore } = await import('../../ingest/duckdb-store.js');
      store = await DuckDBStore.open(dataDir);
    }
  } catch (e) {
    if (e instanceof StoreError) throw new CliError(e.message);
    throw e;
  }

  const log = (line: string) => process.stderr.write(`heatlens: ${line}\n`);
  let retentionTimer: NodeJS.Timeout | undefined;
  try {
    if (flags.demo) {
      const { seedDemo } = await import('../../ingest/demo.js');
      const started = Date.now();
      const seeded = await seedDemo(store, { sessions: seedSessions, onProgress: seedProgress(process.stderr) });
      if (seeded > 0) {
        log(`demo: seeded site "demo" with ${seeded.toLocaleString('en-US')} synthetic events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      }
    }
    if (retentionDays !== undefined) {
      const sweep = async () => {
        try {
          const n = await store.deleteBefore(Date.now() - retentionDays * DAY);
          if (n > 0) log(`retention: deleted ${n} events older than ${retentionDays} days`);
        } catch (e) {
          log((e as Error).message);
        }
      };
      await sweep();
      retentionTimer = setInterval(() => void sweep(), HOUR);
      retentionTimer.unref();
    }

    const { createHandler } = await import('../../ingest/handler.js');
    const { startServer } = await import('../../ingest/server.js');
    const { assetReader, packageRoot } = await import('../../ingest/assets.js');
    const { staticFiles } = await import('../../ingest/static-files.js');
    const root = packageRoot();
    const handler = createHandler({
      files: staticFiles({ webDir: join(root, 'dist/web'), demoDir: flags.demo ? join(root, 'demo-site') : undefined }),
      store,
      sites,
      rateLimit,
      reads,
      trustProxy: flags['trust-proxy'] === true,
      asset: assetReader(),
      log: (line) => process.stderr.write(`${line}\n`),
    });
    let server;
    try {
      server = await startServer(handler, port, host);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new CliError(`cannot listen on ${host}:${port}: ${code ?? (e as Error).message}`);
    }
    if (sites.open) log('no sites configured (--sites): accepting batches for any site from any origin');
    process.stdout.write(`heatlens: listening on ${server.url} (store ${store.file})\n`);
    if (flags.demo) log(`dashboard ${server.url}/ · demo site ${server.url}/demo/`);

    const signal = await new Promise<NodeJS.Signals>((done) => {
      process.once('SIGINT', () => done('SIGINT'));
      process.once('SIGTERM', () => done('SIGTERM'));
    });
    log(`${signal}: stopping`);
    await server.close();
    return 0;
  } finally {
    if (retentionTimer) clearInterval(retentionTimer);
    await store.close();
  }
}
