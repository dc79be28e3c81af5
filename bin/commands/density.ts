/**
 * `heatlens density`: points file → kernel density grid (DESIGN.md "Density") written as raw
 * float32, JSON or a colormapped PNG.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { dirname, extname } from 'node:path';
import { colormapLUT, colormapNames } from '../../components/colormaps.js';
import type { Bandwidth, DensityResult, Extent } from '../../worker/api.js';
import { colorize } from '../colorize.js';
import { MAX_GRID_CELLS, MAX_GRID_SIDE } from '../../worker/request.js';
import { CliError, parseFlags, UsageError, type Flags } from '../main.js';
import { writeAtomically } from '../write-atomic.js';
import { encodePNG } from '../png.js';
import { PointsFormatError, readPoints } from '../read-points.js';

// The engine's own limits, checked here too so the user gets a usage error before any work.
const MAX_SIDE = MAX_GRID_SIDE;
const MAX_CELLS = MAX_GRID_CELLS;

export const usage = `Usage: heatlens density --in FILE --width W --height H [flags] --out OUT

Computes the Gaussian kernel density f(c) = Σ w·exp(-|c-p|²/2σ²)/(2πσ²) (weight per px²)
at the centres of a W×H grid covering the extent, row 0 at the top.

Flags:
  --in FILE            points: CSV with a header naming x,y[,w] (any order, other columns
                       ignored) or NDJSON ({"x":…,"y":…,"w":…} per line); picked by the
                       extension .csv / .ndjson / .jsonl, otherwise sniffed
  --width W            grid columns (positive integer, at most ${MAX_SIDE})
  --height H           grid rows (positive integer, at most ${MAX_SIDE})
  --bandwidth σ        kernel σ in px: a number, "σx,σy", or auto (default: auto)
  --extent x0,y0,x1,y1 area covered by the grid, in px (default: 0,0,W,H)
  --colormap NAME      PNG colours: ${colormapNames.join(', ')} (default: viridis)
  --out OUT            .f32  raw little-endian float32, row-major, W×H×4 bytes
                       .json {width,height,extent,bandwidth,max,total,kept,dropped,values}
                       .png  W×H RGBA image, transparent where the density is negligible
  -h, --help           show this help

Points outside the extent or with non-finite values are dropped and counted; malformed rows
are skipped and reported.`;

const FLAGS = {
  in: 'string',
  out: 'string',
  width: 'string',
  height: 'string',
  bandwidth: 'string',
  extent: 'string',
  colormap: 'string',
  help: 'boolean',
} as const;

const OUTPUTS = ['.f32', '.json', '.png'] as const;
type OutputKind = (typeof OUTPUTS)[number];


export function parseSide(text: string, flag: string): number {
  const n = /^\+?\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0 || n > MAX_SIDE) {
    throw new UsageError(`--${flag} must be a positive integer up to ${MAX_SIDE}, got "${text}"`);
  }
  return n;
}

export function parseBandwidth(text: string | undefined): Bandwidth {
  if (text === undefined || text.trim().toLowerCase() === 'auto') return 'auto';
  const parts = text.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
  const ok = (parts.length === 1 || parts.length === 2) && parts.every((v) => Number.isFinite(v) && v > 0);
  if (!ok) throw new UsageError(`--bandwidth must be a positive number of px, "σx,σy" or auto, got "${text}"`);
  return parts.length === 1 ? parts[0] : [parts[0], parts[1]];
}

export function parseExtent(text: string | undefined, width: number, height: number): Extent {
  if (text === undefined) return [0, 0, width, height];
  const v = text.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
  if (v.length !== 4 || !v.every(Number.isFinite)) {
    throw new UsageError(`--extent must be 4 finite numbers x0,y0,x1,y1, got "${text}"`);
  }
  const [x0, y0, x1, y1] = v;
  if (!(x1 > x0) || !(y1 > y0)) {
    throw new UsageError(`--extent needs x1 > x0 and y1 > y0, got "${text}"`);
  }
  return [x0, y0, x1, y1];
}

export function outputKind(out: string): OutputKind {
  const ext = extname(out).toLowerCase();
  const kind = OUTPUTS.find((k) => k === ext);
  if (!kind) {
    throw new UsageError(`unsupported output extension "${ext || out}" for --out (use .f32, .json or .png)`);
  }
  return kind;
}

/** Float32 values as little-endian bytes, without a copy on little-endian hosts. */
function littleEndianBytes(values: Float32Array): Uint8Array {
  if (endianness() === 'LE') return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return bytes;
}

/** 9 significant digits round-trip any float32 and avoid the 17-digit noise of its double. */
function f32(v: number): string {
  return String(Number(v.toPrecision(9)));
}

/** A grid to write: its cells, and the fields that precede `values` in JSON. */
export interface GridOutput {
  width: number;
  height: number;
  max: number;
  values: Float32Array;
}

function densityHead(r: DensityResult): object {
  return { width: r.width, height: r.height, extent: r.extent, bandwidth: r.bandwidth, max: r.max, total: r.total, kept: r.kept, dropped: r.dropped };
}

/** Streams the JSON so a multi-million-cell grid never becomes one giant string. */
async function writeJSON(path: string, r: GridOutput, head: object): Promise<void> {
  const stream = createWriteStream(path);
  const failed = once(stream, 'error').then(([err]) => Promise.reject(err as Error));
  failed.catch(() => {}); // observed below via Promise.race
  const write = async (s: string) => {
    if (!stream.write(s)) await Promise.race([once(stream, 'drain'), failed]);
  };
  await write(`${JSON.stringify(head).slice(0, -1)},"values":[`);
  const CHUNK = 1 << 16;
  for (let i = 0; i < r.values.length; i += CHUNK) {
    const part: string[] = [];
    for (let j = i; j < Math.min(i + CHUNK, r.values.length); j++) part.push(f32(r.values[j]));
    await write((i > 0 ? ',' : '') + part.join(','));
  }
  stream.end(']}\n');
  await Promise.race([once(stream, 'finish'), failed]);
}

export async function writeOutput(out: string, kind: OutputKind, r: GridOutput, colormap: Uint8Array, head: object = densityHead(r as DensityResult)): Promise<void> {
  await writeAtomically(out, async (tmp) => {
    if (kind === '.f32') await writeFile(tmp, littleEndianBytes(r.values));
    else if (kind === '.png') await writeFile(tmp, encodePNG(r.width, r.height, colorize(r.values, r.max, colormap)));
    else await writeJSON(tmp, r, head);
  });
}

export async function checkInput(path: string): Promise<void> {
  const s = await stat(path).catch(() => undefined);
  if (!s) throw new CliError(`input file not found: ${path}`);
  if (!s.isFile()) throw new CliError(`input is not a file: ${path}`);
}

export async function checkOutputDir(out: string): Promise<void> {
  const dir = dirname(out);
  const s = await stat(dir).catch(() => undefined);
  if (!s?.isDirectory()) throw new CliError(`cannot write ${out}: directory ${dir} does not exist`);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** What every grid command (density, attention) reads from its flags: files, grid and colours. */
export function gridFlags(flags: Flags, command: string) {
  const need = (value: string | boolean | undefined, flag: string, what: string): string => {
    if (typeof value !== 'string') throw new UsageError(`missing --${flag} ${what} (see heatlens ${command} --help)`);
    return value;
  };
  const input = need(flags.in, 'in', 'FILE');
  const out = need(flags.out, 'out', 'FILE.f32|FILE.json|FILE.png');
  const kind = outputKind(out);
  const width = parseSide(need(flags.width, 'width', 'W'), 'width');
  const height = parseSide(need(flags.height, 'height', 'H'), 'height');
  if (width * height > MAX_CELLS) {
    throw new UsageError(`grid ${width}×${height} has ${width * height} cells, more than ${MAX_CELLS}`);
  }
  const extent = parseExtent(flags.extent as string | undefined, width, height);
  let lut: Uint8Array;
  try {
    lut = colormapLUT((flags.colormap as string | undefined) ?? 'viridis');
  } catch (err) {
    throw new UsageError(`--colormap: ${(err as Error).message}`);
  }
  return { input, out, kind, width, height, extent, lut };
}

/**
 * Reads the input file with `read`: a file that cannot be read, or read as this format, is one
 * CliError line; malformed rows are reported on stderr; no valid row at all is an error.
 */
export async function readInput<T extends { rows: number; malformed: number; firstMalformedLine: number }>(
  input: string, read: (path: string) => Promise<T>, what: string,
): Promise<T> {
  let data: T;
  try {
    data = await read(input);
  } catch (err) {
    if (err instanceof PointsFormatError) throw new CliError(`${input}: ${err.message}`);
    throw new CliError(`cannot read ${input}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const skipped = `${plural(data.malformed, 'malformed row')} (first at line ${data.firstMalformedLine})`;
  if (data.rows === 0) throw new CliError(data.malformed > 0 ? `no valid rows in ${input}: ${skipped}` : `no ${what} in ${input}`);
  if (data.malformed > 0) process.stderr.write(`heatlens: skipped ${skipped}\n`);
  return data;
}

export async function run(argv: string[]): Promise<number> {
  const started = performance.now();
  const flags = parseFlags(argv, FLAGS, 'density');
  if (flags.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }

  // Validate everything cheap before reading a possibly large input.
  const { input, out, kind, width, height, extent, lut } = gridFlags(flags, 'density');
  const bandwidth = parseBandwidth(flags.bandwidth as string | undefined);
  await checkInput(input);
  await checkOutputDir(out);
  const points = await readInput(input, readPoints, 'points');

  const { createEngine } = await import('../../worker/node.js');
  const engine = await createEngine();
  let result: DensityResult;
  try {
    result = await engine.density({
      points: { x: points.x, y: points.y, w: points.w },
      extent,
      width,
      height,
      bandwidth,
    });
  } finally {
    await engine.close();
  }

  await writeOutput(out, kind, result, lut);
  if (result.kept === 0) {
    // Not an error (an empty map is a valid answer), but almost always a wrong --extent.
    process.stderr.write(`heatlens: warning: none of the ${points.rows} points lies inside the extent ${extent.join(',')}\n`);
  }

  const [sx, sy] = result.bandwidth;
  const sigma = sx === sy ? `σ=${sx.toPrecision(4)}` : `σ=${sx.toPrecision(4)},${sy.toPrecision(4)}`;
  const ms = Math.round(performance.now() - started);
  process.stderr.write(
    `heatlens: ${out}: ${width}×${height}, ${sigma} px, kept ${result.kept}, dropped ${result.dropped}, ` +
      `malformed ${points.malformed}, max ${result.max.toPrecision(4)}/px², ${ms} ms\n`,
  );
  return 0;
}
