/**
 * `heatlens import --from rrweb|posthog|csv FILE --site S`: recorded interactions from other
 * tools into the store, all or nothing (one transaction); bad records skipped and reported.
 */
import { resolve } from 'node:path';
import { CliError, parseFlags, UsageError } from '../main.js';

export const usage = `Usage: heatlens import --from rrweb|posthog|csv FILE --site SITE [--data DIR]

Imports clicks, moves, scrolls and page views into the store under --data, in one
transaction: either every valid record is stored, or (on any failure) nothing is.
Bad records are skipped, counted and reported; importing the same file into the same site
again stores nothing twice.

Formats:
  rrweb    an rrweb recording (JSON array of events, or {"events": [...]}): mouse clicks,
           mouse/touch moves and page scrolls → clicks, moves, scrolls; Meta → page views.
           One recording is one session.
  posthog  PostHog heatmap data: rows of its heatmaps table (JSON, NDJSON or CSV) or events
           carrying $heatmap_data; click, rageclick, mousemove, scrolldepth
  csv      CSV with a header, or NDJSON, using the batch format's field names: t, ts, path,
           session, device, x, y, vw, vh, dw, dh, sel, fx, fy, ia, rage, ref
           (ts in ms since the epoch or ISO 8601; device defaults from vw)

Flags:
  --from FORMAT   rrweb, posthog or csv
  --site SITE     the site id to store the events under
  --data DIR      store directory (default ./heatlens-data); stop heatlens serve first
  -h, --help      show this help`;

const FLAGS = { from: 'string', site: 'string', data: 'string', help: 'boolean' } as const;
const HINT = '(see heatlens import --help)';

/** Takes the one positional FILE out of argv; the rest goes to the shared flag parser. */
function splitFile(argv: readonly string[]): { file: string | undefined; rest: string[] } {
  const rest: string[] = [];
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--') || a === '-h') {
      rest.push(a);
      const name = a.slice(2);
      const takesValue = !a.includes('=') && Object.hasOwn(FLAGS, name) && FLAGS[name as keyof typeof FLAGS] === 'string';
      if (takesValue && i + 1 < argv.length && !argv[i + 1].startsWith('--')) rest.push(argv[++i]);
    } else if (file === undefined) file = a;
    else throw new UsageError(`unexpected argument "${a}": import takes one FILE ${HINT}`);
  }
  return { file, rest };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export async function run(argv: string[]): Promise<number> {
  const { file, rest } = splitFile(argv);
  const flags = parseFlags(rest, FLAGS, 'import');
  if (flags.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const { IMPORT_FORMATS, ImportError, importFile } = await import('../../ingest/importers/index.js');
  const { SITE_RE } = await import('../../ingest/schema.js');
  const from = flags.from as string | undefined;
  if (from === undefined) throw new UsageError(`missing --from rrweb|posthog|csv ${HINT}`);
  const format = IMPORT_FORMATS.find((f) => f === from);
  if (!format) throw new UsageError(`--from must be rrweb, posthog or csv, got "${from}"`);
  if (file === undefined) throw new UsageError(`missing FILE to import ${HINT}`);
  const site = flags.site as string | undefined;
  if (site === undefined) throw new UsageError(`missing --site SITE ${HINT}`);
  if (!SITE_RE.test(site)) throw new UsageError(`--site must be 1–64 chars of A-Z a-z 0-9 _ . -, got "${site}"`);

  // Parse and validate before opening the store: a broken file never touches it.
  const { DuckDBStore } = await import('../../ingest/duckdb-store.js');
  const { StoreError } = await import('../../ingest/errors.js');
  let store;
  try {
    store = await DuckDBStore.open(resolve((flags.data as string | undefined) ?? 'heatlens-data'));
  } catch (e) {
    if (e instanceof StoreError) throw new CliError(e.message);
    throw e;
  }
  let result;
  try {
    result = await importFile(store, format, file, site);
  } catch (e) {
    if (e instanceof ImportError) throw new CliError(`${file}: ${e.message}; nothing imported`);
    if (e instanceof StoreError) throw new CliError(`${e.message}; nothing imported`);
    throw e;
  } finally {
    await store.close();
  }

  const c = result.counts;
  const what = `${plural(c.click, 'click')}, ${plural(c.move, 'move')}, ${plural(c.scroll, 'scroll')}, ${plural(c.view, 'page view')}`;
  if (result.skipped > 0) {
    const reasons = Object.entries(result.reasons)
      .map(([r, n]) => `${n} ${r}`)
      .join('; ');
    const first = result.firstSkipped ? ` (first: ${result.firstSkipped.record} ${result.firstSkipped.reason})` : '';
    process.stderr.write(`heatlens: skipped ${plural(result.skipped, 'bad record')}${first}: ${reasons}\n`);
  }
  if (result.rows.length === 0) throw new CliError(`no valid records in ${file}; nothing imported`);
  if (result.duplicate) {
    process.stderr.write(`heatlens: ${file} was already imported into site ${site}; nothing imported again\n`);
    return 0;
  }
  process.stderr.write(
    `heatlens: imported ${what} from ${file} into site ${site}` + (result.ignored ? ` (${result.ignored} other records ignored)` : '') + '\n',
  );
  return 0;
}
