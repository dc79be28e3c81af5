/**
 * `heatlens scroll`: per-session scroll samples → scroll depth (DESIGN.md "Scroll depth"): the
 * reach curve, the fold and the time each depth band spent in view, written as JSON.
 */
import { stat, writeFile } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import type { DepthUnit, ScrollDepthResult } from '../../worker/api.js';
import { MAX_SCROLL_BINS } from '../../worker/scroll-request.js';
import { DEFAULT_IDLE_CAP_S } from '../../worker/scroll-engine.js';
import { CliError, parseFlags, UsageError } from '../main.js';
import { writeAtomically } from '../write-atomic.js';
import { PointsFormatError } from '../read-points.js';
import { readScroll } from '../read-scroll.js';

export const usage = `Usage: heatlens scroll --in FILE --bins N [flags] --out FILE.json

Scroll depth of a set of sessions: per depth bin, the share of sessions whose viewport bottom
reached it (1 at the top, never increasing); the fold (each session's first viewport height:
mean and quartiles); and the mean seconds each bin spent inside the viewport.

Flags:
  --in FILE        samples: CSV with a header naming session,ts,y,vh,dh (any order, other
                   columns ignored) or NDJSON ({"session":…,"ts":…,"y":…,"vh":…,"dh":…} per
                   line); session is any text, ts in ms, y = scrollY, vh = viewport height and
                   dh = document height in CSS px
  --bins N         depth bins (integer from 1 to ${MAX_SCROLL_BINS})
  --unit U         percent (of each sample's document height; default) or px
  --max-depth PX   with --unit px: the depth the bins cover (default: the tallest document)
  --idle-cap S     longest gap between two samples counted as time in view, in seconds
                   (default ${DEFAULT_IDLE_CAP_S}: a tab left open must not dominate)
  --out FILE.json  {bins, unit, binEdges, reached, timeInView, fold: {mean, p25, p50, p75},
                   sessions, timedSessions, samples, dropped, clamped, reordered, malformed,
                   maxDepth, idleCap}
  -h, --help       show this help

Samples with a non-finite value, a negative time, or a viewport or document height ≤ 0 are
dropped and counted; scrollY outside [0, dh − vh] is clamped and counted; each session's samples
are put in time order. A session with one sample reached its first screen; its time in view
is unknown, so time means are over sessions with two samples or more (timedSessions).`;

const FLAGS = {
  in: 'string',
  out: 'string',
  bins: 'string',
  unit: 'string',
  'max-depth': 'string',
  'idle-cap': 'string',
  help: 'boolean',
} as const;

const HINT = '(see heatlens scroll --help)';

function required(value: string | boolean | undefined, flag: string, what: string): string {
  if (typeof value !== 'string') throw new UsageError(`missing --${flag} ${what} ${HINT}`);
  return value;
}

function parseBins(text: string): number {
  const n = /^\+?\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0 || n > MAX_SCROLL_BINS) {
    throw new UsageError(`--bins must be a positive integer up to ${MAX_SCROLL_BINS}, got "${text}"`);
  }
  return n;
}

function parsePositive(text: string | undefined, flag: string, what: string): number | undefined {
  if (text === undefined) return undefined;
  const v = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(v) || v <= 0) throw new UsageError(`--${flag} must be a positive number of ${what}, got "${text}"`);
  return v;
}

function parseUnit(text: string | undefined): DepthUnit {
  if (text === undefined) return 'percent';
  if (text === 'px' || text === 'percent') return text;
  throw new UsageError(`--unit must be px or percent, got "${text}"`);
}

/** The result as JSON: typed arrays become lists; an undefined fold (no session) becomes null. */
function toJSON(r: ScrollDepthResult, malformed: number): string {
  const { timings: _timings, ...rest } = r;
  const body = {
    ...rest,
    binEdges: [...r.binEdges],
    reached: [...r.reached],
    timeInView: [...r.timeInView],
    malformed,
  };
  return `${JSON.stringify(body)}\n`;
}

async function writeOutput(out: string, text: string): Promise<void> {
  await writeAtomically(out, (tmp) => writeFile(tmp, text));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export async function run(argv: string[]): Promise<number> {
  const started = performance.now();
  const flags = parseFlags(argv, FLAGS, 'scroll');
  if (flags.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const input = required(flags.in, 'in', 'FILE');
  const out = required(flags.out, 'out', 'FILE.json');
  if (extname(out).toLowerCase() !== '.json') throw new UsageError(`unsupported output extension "${extname(out) || out}" for --out (use .json)`);
  const bins = parseBins(required(flags.bins, 'bins', 'N'));
  const unit = parseUnit(flags.unit as string | undefined);
  const maxDepth = parsePositive(flags['max-depth'] as string | undefined, 'max-depth', 'px');
  if (maxDepth !== undefined && unit !== 'px') throw new UsageError(`--max-depth needs --unit px ${HINT}`);
  const idleCap = parsePositive(flags['idle-cap'] as string | undefined, 'idle-cap', 'seconds');

  const s = await stat(input).catch(() => undefined);
  if (!s) throw new CliError(`input file not found: ${input}`);
  if (!s.isFile()) throw new CliError(`input is not a file: ${input}`);
  const dir = await stat(dirname(out)).catch(() => undefined);
  if (!dir?.isDirectory()) throw new CliError(`cannot write ${out}: directory ${dirname(out)} does not exist`);

  let data;
  try {
    data = await readScroll(input);
  } catch (err) {
    if (err instanceof PointsFormatError) throw new CliError(`${input}: ${err.message}`);
    throw new CliError(`cannot read ${input}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const skipped = `${plural(data.malformed, 'malformed row')} (first at line ${data.firstMalformedLine})`;
  if (data.rows === 0) throw new CliError(data.malformed > 0 ? `no valid rows in ${input}: ${skipped}` : `no samples in ${input}`);
  if (data.malformed > 0) process.stderr.write(`heatlens: skipped ${skipped}\n`);

  const { createEngine } = await import('../../worker/node.js');
  // One pass over the samples on one thread: kernel threads would only cost start-up time.
  const engine = await createEngine({ threads: 1 });
  let result: ScrollDepthResult;
  try {
    const { session, ts, y, vh, dh } = data;
    result = await engine.scrollDepth({ samples: { session, ts, y, vh, dh }, bins, unit, maxDepth, idleCap });
  } finally {
    await engine.close();
  }
  await writeOutput(out, toJSON(result, data.malformed));
  if (result.sessions === 0) process.stderr.write(`heatlens: warning: no valid samples in ${input} (all ${data.rows} dropped)\n`);
  const ms = Math.round(performance.now() - started);
  process.stderr.write(
    `heatlens: ${out}: ${bins} bins (${unit}), ${plural(result.sessions, 'session')}, dropped ${result.dropped}, ` +
      `clamped ${result.clamped}, reordered ${result.reordered}, malformed ${data.malformed}, ${ms} ms\n`,
  );
  return 0;
}
