/**
 * `heatlens attention`: cursor samples → attention map (DESIGN.md "Attention",
 * docs/attention.md) in seconds of attention per px², written as raw float32, JSON or a
 * colormapped PNG — the same outputs as `heatlens density`, written by its code.
 */
import { colormapNames } from '../../components/colormaps.js';
import type { AttentionParams, AttentionResult } from '../../worker/api.js';
import { ATTENTION_DEFAULTS } from '../../worker/attention-defaults.js';
import { MAX_LAG_MS } from '../../worker/attention-request.js';
import { MAX_GRID_SIDE } from '../../worker/request.js';
import { parseFlags, UsageError } from '../main.js';
import { readAttention } from '../read-attention.js';
import { checkInput, checkOutputDir, gridFlags, readInput, writeOutput } from './density.js';

const D = ATTENTION_DEFAULTS;

export const usage = `Usage: heatlens attention --in FILE --width W --height H [flags] --out OUT

Attention map of cursor samples, in seconds of attention per px² (a region's integral is the
seconds visitors spent looking there; divided by "total", its share of all attention). Each
sample weighs the time to its session's next sample (capped), fast ballistic moves weigh less,
the weight is placed where the cursor is a lag later (the cursor trails the eyes), and spread
by a Gaussian of the typical gaze–cursor distance. Defaults come from eye-tracking studies of
web pages (docs/attention.md cites each).

Flags:
  --in FILE              samples: CSV with a header naming session,ts,x,y (any order, other
                         columns ignored) or NDJSON ({"session":…,"ts":…,"x":…,"y":…} per
                         line); session is any text, ts in ms since the epoch or an
                         ISO 8601 date (as <attention-map src> reads it), x and y in page px
  --width W              grid columns (positive integer, at most ${MAX_GRID_SIDE})
  --height H             grid rows (positive integer, at most ${MAX_GRID_SIDE})
  --extent x0,y0,x1,y1   page area covered by the grid, in px (default: 0,0,W,H)
  --spread PX            σ of the Gaussian, the gaze–cursor distance (default ${D.spread})
  --lag MS               how far the cursor trails gaze, 0–${MAX_LAG_MS} (default ${D.lag})
  --speed-threshold PXS  speed in px/s above which a move is ballistic (default ${D.speedThreshold})
  --fast-weight F        weight factor 0–1 of ballistic moves (default ${D.fastWeight})
  --idle-cap S           longest dwell of one sample, in seconds (default ${D.idleCap})
  --per-session          every session contributes the same total (the mean; still seconds)
  --colormap NAME        PNG colours: ${colormapNames.join(', ')} (default: viridis)
  --out OUT              .f32  raw little-endian float32, row-major, W×H×4 bytes
                         .json {width,height,extent,max,total,sessions,kept,dropped,
                                idleCapped,reordered,counts,params,values}
                         .png  W×H RGBA image, transparent where attention is negligible
  -h, --help             show this help

Samples with a non-finite value or an unusable session, a negative time, a second sample at
the same time, or alone in their session are dropped and counted by reason; sessions are put
in time order, and the samples that stepped back in time are counted (reordered), as are the
ballistic moves (fast); malformed rows are skipped and reported.`;

const FLAGS = {
  in: 'string',
  out: 'string',
  width: 'string',
  height: 'string',
  extent: 'string',
  spread: 'string',
  lag: 'string',
  'speed-threshold': 'string',
  'fast-weight': 'string',
  'idle-cap': 'string',
  'per-session': 'boolean',
  colormap: 'string',
  help: 'boolean',
} as const;

/** A number flag within [min, max] (min excluded when `open`), or undefined when absent. */
function parseNumberFlag(text: string | boolean | undefined, flag: string, what: string, min: number, max: number, open: boolean): number | undefined {
  if (typeof text !== 'string') return undefined;
  const v = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(v) || v < min || (open && v === min) || v > max) throw new UsageError(`--${flag} must be ${what}, got "${text}"`);
  return v;
}

function params(flags: Record<string, string | boolean | undefined>): AttentionParams {
  return {
    spread: parseNumberFlag(flags.spread, 'spread', 'a positive number of px', 0, Infinity, true),
    lag: parseNumberFlag(flags.lag, 'lag', `a number of ms from 0 to ${MAX_LAG_MS}`, 0, MAX_LAG_MS, false),
    speedThreshold: parseNumberFlag(flags['speed-threshold'], 'speed-threshold', 'a positive number of px/s', 0, Infinity, true),
    fastWeight: parseNumberFlag(flags['fast-weight'], 'fast-weight', 'a number from 0 to 1', 0, 1, false),
    idleCap: parseNumberFlag(flags['idle-cap'], 'idle-cap', 'a positive number of seconds', 0, Infinity, true),
    perSession: flags['per-session'] === true,
  };
}

function head(r: AttentionResult, malformed: number): object {
  const { width, height, extent, max, total, sessions, kept, dropped, idleCapped, reordered, counts, params: used } = r;
  return { width, height, extent, unit: 's/px²', max, total, sessions, kept, dropped, idleCapped, reordered, counts, malformed, params: used };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export async function run(argv: string[]): Promise<number> {
  const started = performance.now();
  const flags = parseFlags(argv, FLAGS, 'attention');
  if (flags.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  // Everything cheap is checked before a possibly large input is read.
  const { input, out, kind, width, height, extent, lut } = gridFlags(flags, 'attention');
  const model = params(flags);
  await checkInput(input);
  await checkOutputDir(out);
  const data = await readInput(input, readAttention, 'samples');

  const { createEngine } = await import('../../worker/node.js');
  const engine = await createEngine();
  let result: AttentionResult;
  try {
    const { session, ts, x, y } = data;
    result = await engine.attention({ samples: { session, ts, x, y }, width, height, extent, ...model });
  } finally {
    await engine.close();
  }
  await writeOutput(out, kind, result, lut, head(result, data.malformed));
  if (result.sessions === 0) process.stderr.write(`heatlens: warning: no session in ${input} has two usable samples\n`);
  else if (result.total === 0) process.stderr.write(`heatlens: warning: no attention inside the extent ${extent.join(',')}\n`);

  const d = result.dropped;
  const back = result.counts.reordered;
  const ms = Math.round(performance.now() - started);
  process.stderr.write(
    `heatlens: ${out}: ${width}×${height}, ${plural(result.sessions, 'session')}, kept ${result.kept}, ` +
      `dropped ${d.total} (non-finite ${d.nonFinite}, backwards ${d.backwards}, duplicate ${d.duplicate}, single-sample ${d.singleSample}), ` +
      `idle-capped ${result.idleCapped}, fast ${result.counts.fast}, ` +
      `reordered ${plural(back.samples, 'sample')} in ${plural(back.sessions, 'session')}, malformed ${data.malformed}, ${result.total.toPrecision(6)} s of attention, ${ms} ms\n`,
  );
  return 0;
}
