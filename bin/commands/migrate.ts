/**
 * `heatlens migrate --from DIR --to clickhouse://…`: the embedded store's events and batch ids
 * into a ClickHouse store, in chunks; a re-run copies only what is not there yet.
 */
import { resolve } from 'node:path';
import { CliError, parseFlags, UsageError } from '../main.js';

export const usage = `Usage: heatlens migrate --from DIR --to clickhouse://HOST:PORT/DB[?cluster=NAME&shards=…]

Copies every event and batch id of the embedded store DIR/heatlens.duckdb (opened read-only;
stop heatlens serve first) into ClickHouse, as heatlens serve --store URL would store them.
Events go in chunks (one table, site and hour each, at most 50,000 rows) written whole or not
at all; a re-run — after an interruption, say — skips the chunks already copied, so nothing
is copied twice. Batch ids follow, so retries of batches stored before the move are still
answered as duplicates. Prints progress on stderr, then one summary line.

Flags:
  --from DIR     store directory holding heatlens.duckdb (as heatlens serve --data)
  --to URL       clickhouse://HOST:PORT/DB (HTTP port), and for a cluster
                 ?cluster=NAME&shards=HOST:PORT,HOST:PORT (see ingest/README.md)
  -h, --help     show this help`;

const FLAGS = { from: 'string', to: 'string', help: 'boolean' } as const;
const HINT = '(see heatlens migrate --help)';

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

export async function run(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, FLAGS, 'migrate');
  if (flags.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const from = flags.from as string | undefined;
  const to = flags.to as string | undefined;
  if (from === undefined) throw new UsageError(`missing --from DIR ${HINT}`);
  if (to === undefined) throw new UsageError(`missing --to clickhouse://HOST:PORT/DB ${HINT}`);
  const { parseStoreUrl } = await import('../../ingest/clickhouse-sql.js');
  try {
    parseStoreUrl(to);
  } catch (e) {
    throw new UsageError(`--to: ${(e as Error).message}`);
  }

  const { migrate } = await import('../../ingest/migrate.js');
  const { StoreError } = await import('../../ingest/errors.js');
  const tty = process.stderr.isTTY === true;
  let shown = 0;
  let lastLine = '';
  const started = Date.now();
  const onProgress = ({ done, total }: { done: number; total: number }) => {
    const now = Date.now();
    if (done < total && now - shown < (tty ? 200 : 5000)) return;
    shown = now;
    const pct = total ? Math.floor((100 * done) / total) : 100;
    const line = `heatlens: migrate: ${fmt(done)} / ${fmt(total)} events (${pct}%)`;
    if (line === lastLine) return;
    lastLine = line;
    process.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
  };
  let r;
  try {
    r = await migrate(resolve(from), to, { onProgress });
  } catch (e) {
    if (tty && lastLine) process.stderr.write('\n');
    if (e instanceof StoreError) throw new CliError(e.message);
    throw e;
  }
  if (tty && lastLine) process.stderr.write('\n');
  const copied = r.copied.view + r.copied.click + r.copied.move + r.copied.scroll;
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  process.stderr.write(
    `heatlens: migrated ${fmt(copied)} events (${fmt(r.copied.click)} clicks, ${fmt(r.copied.move)} moves, ` +
      `${fmt(r.copied.scroll)} scrolls, ${fmt(r.copied.view)} page views) in ${fmt(r.chunks)} chunks and ${fmt(r.batches)} batch ids ` +
      `in ${secs} s; already there: ${fmt(r.skipped)} events, ${fmt(r.skippedBatches)} batch ids\n`,
  );
  return 0;
}
