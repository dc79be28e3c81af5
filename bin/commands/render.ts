/**
 * `heatlens render`: the picture the dashboard shows, from the command line — a click,
 * attention or scroll map of one page, computed by the engine exactly as the elements compute
 * it, coloured at page resolution by their colour stage, optionally over a screenshot, as PNG.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { colormapLUT, colormapNames } from '../../components/colormaps.js';
import { DEFAULT_MAX, parseMax, parseScale, resolveMax, scaleNames, type ScaleName } from '../../components/gl/colour-scale.js';
import type { Engine } from '../../worker/api.js';
import { MAX_GRID_CELLS, MAX_GRID_SIDE } from '../../worker/request.js';
import { CliError, parseFlags, UsageError, type Flags } from '../main.js';
import { writeAtomically } from '../write-atomic.js';
import { encodePNG } from '../png.js';
import { decodePNG, PngError, type DecodedPNG } from '../png-decode.js';
import { readAttention } from '../read-attention.js';
import { readPoints } from '../read-points.js';
import { readScroll } from '../read-scroll.js';
import { colourPage, compositeOver, scaleToWidth, type PageGrid } from '../render-image.js';
import { fetchClicks, fetchMoves, fetchPageSize, fetchScrollSamples, type Segment } from '../render-source.js';
import { checkInput, checkOutputDir, parseBandwidth, parseSide, readInput } from './density.js';

export const usage = `Usage: heatlens render --url URL --site SITE --path PATH [flags] --out MAP.png
       heatlens render --in FILE --width W --height H [flags] --out MAP.png

Draws a page's heatmap as the dashboard does — the engine's grid of --cell px cells over the
page, sampled bilinearly at every page pixel and coloured like <click-map>, <attention-map> and
<scroll-map> — optionally composited over a screenshot, into a W×H PNG (1 px per page px).

Data (one of):
  --url URL            a running heatlens server; with --site SITE --path PATH and the
                       segment filters --device desktop,mobile  --from T  --to T
                       --vwmin N  --vwmax N  --selector CSS (click maps)  --token T
  --in FILE            local data: CSV/NDJSON as heatlens density (x,y[,w]), attention
                       (session,ts,x,y) or scroll (session,ts,y,vh,dh) read it

Map:
  --map KIND           click (default), attention or scroll
  --width W --height H page size in px (default with --url: the page's typical size, GET /v1/pages)
  --cell PX            grid cell size in page px (default 4)
  --bandwidth σ        click maps: kernel σ in px, "σx,σy" or auto (default 15)
  --spread PX          attention maps: gaze–cursor σ in px (default: the engine's)
  --time-in-view       scroll maps: a band on the right edge coloured by mean seconds in view,
                       as <scroll-map time-in-view> draws it (colour max: the longest)

Colour:
  --colormap NAME      ${colormapNames.join(', ')} (default: viridis)
  --opacity A          above 0, at most 1 (default 0.85)
  --scale NAME         ${scaleNames.join(', ')} (default: linear)
  --max M              a percentile of the non-zero cells such as ${DEFAULT_MAX} (default; scroll: 1,
                       every visitor) or an absolute value (events/px², s/px², share)
  --under PNG          screenshot underneath (any PNG: palette, 16-bit, interlaced…), scaled to W px
                       wide if it differs; without it the map keeps its transparency
  --out MAP.png        the image to write
  -h, --help           show this help`;

const FLAGS = {
  url: 'string', site: 'string', path: 'string', device: 'string', from: 'string', to: 'string',
  vwmin: 'string', vwmax: 'string', selector: 'string', token: 'string',
  in: 'string', map: 'string', width: 'string', height: 'string', cell: 'string',
  bandwidth: 'string', spread: 'string', colormap: 'string', opacity: 'string', scale: 'string',
  max: 'string', under: 'string', out: 'string', help: 'boolean', 'time-in-view': 'boolean',
} as const;

type MapKind = 'click' | 'attention' | 'scroll';
const MAP_KINDS: readonly MapKind[] = ['click', 'attention', 'scroll'];
const DEFAULT_BANDWIDTH = 15; // <click-map>'s default
const DEFAULT_OPACITY = 0.85;
/** The scroll engine's bin limit, as <scroll-map> caps it. */
const MAX_SCROLL_BINS = 100_000;
/** Columns of a scroll map with its time-in-view band, the band the last one (as <scroll-map>). */
const SCROLL_COLUMNS = 12;

function positive(text: string | boolean | undefined, flag: string, fallback: number | undefined, max = Infinity): number | undefined {
  if (typeof text !== 'string') return fallback;
  const v = text.trim() === '' ? NaN : Number(text);
  if (!(v > 0 && v <= max && Number.isFinite(v))) throw new UsageError(`--${flag} must be a positive number${max < Infinity ? ` up to ${max}` : ''}, got "${text}"`);
  return v;
}

function usageOf<T>(flag: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new UsageError(`--${flag}: ${(err as Error).message}`);
  }
}

/** Everything the command line says, checked before any request or file read. */
function options(flags: Flags) {
  const str = (name: string) => (typeof flags[name] === 'string' ? (flags[name] as string) : undefined);
  const map = (str('map') ?? 'click') as MapKind;
  if (!MAP_KINDS.includes(map)) throw new UsageError(`--map must be one of ${MAP_KINDS.join(', ')}, got "${map}"`);
  const out = str('out');
  if (!out) throw new UsageError('missing --out MAP.png (see heatlens render --help)');
  if (extname(out).toLowerCase() !== '.png') throw new UsageError(`--out must name a .png file, got "${out}"`);
  const url = str('url');
  const input = str('in');
  if ((url === undefined) === (input === undefined)) throw new UsageError('give either --url URL or --in FILE (see heatlens render --help)');
  let segment: Segment | undefined;
  if (url !== undefined) {
    if (!/^https?:\/\//i.test(url)) throw new UsageError(`--url must be an http:// or https:// address, got "${url}"`);
    const site = str('site');
    const path = str('path');
    if (!site || !path) throw new UsageError('--url needs --site SITE and --path PATH');
    segment = { site, path, device: str('device'), from: str('from'), to: str('to'), vwmin: str('vwmin'), vwmax: str('vwmax'), selector: str('selector'), token: str('token') };
  } else {
    for (const f of ['site', 'path', 'device', 'from', 'to', 'vwmin', 'vwmax', 'selector', 'token']) {
      if (flags[f] !== undefined) throw new UsageError(`--${f} filters server data: it needs --url, not --in`);
    }
    if (flags.width === undefined || flags.height === undefined) throw new UsageError('--in needs --width W and --height H (the page size in px)');
  }
  if (flags.selector !== undefined && map !== 'click') throw new UsageError('--selector applies to click maps only');
  if (flags.bandwidth !== undefined && map !== 'click') throw new UsageError('--bandwidth applies to click maps (attention: --spread)');
  if (flags.spread !== undefined && map !== 'attention') throw new UsageError('--spread applies to attention maps only');
  if (flags['time-in-view'] !== undefined && map !== 'scroll') throw new UsageError('--time-in-view applies to scroll maps only');
  return {
    map, out, url, input, segment,
    width: flags.width === undefined ? undefined : parseSide(str('width')!, 'width'),
    height: flags.height === undefined ? undefined : parseSide(str('height')!, 'height'),
    cell: positive(flags.cell, 'cell', 4, 1000)!,
    bandwidth: flags.bandwidth === undefined ? DEFAULT_BANDWIDTH : parseBandwidth(str('bandwidth')),
    spread: positive(flags.spread, 'spread', undefined),
    lut: usageOf('colormap', () => colormapLUT(str('colormap') ?? 'viridis')),
    opacity: positive(flags.opacity, 'opacity', DEFAULT_OPACITY, 1)!,
    scale: usageOf('scale', () => parseScale(str('scale') ?? 'linear')) as ScaleName,
    max: usageOf('max', () => parseMax(str('max') ?? (map === 'scroll' ? '1' : DEFAULT_MAX))),
    under: str('under'),
    timeInView: flags['time-in-view'] === true,
  };
}

type Options = ReturnType<typeof options>;

/** The grid of one map, and what the summary line says about its data. */
interface Computed extends PageGrid {
  peak: number;
  events: string;
  dropped: number;
}

/** Grid columns and rows of `cell` px over the page, as the elements size theirs. */
function cells(o: Options, width: number, height: number) {
  return { gw: Math.max(1, Math.ceil(width / o.cell)), gh: Math.max(1, Math.ceil(height / o.cell)) };
}

/** The page and its grid within the engine's limits, refused before any data is fetched. */
function checkSize(o: Options, width: number, height: number): void {
  if (width > MAX_GRID_SIDE || height > MAX_GRID_SIDE || width * height > MAX_GRID_CELLS) {
    throw new UsageError(`page ${width}×${height} px is larger than ${MAX_GRID_CELLS} px or ${MAX_GRID_SIDE} px a side: give a smaller --width/--height`);
  }
  const { gw, gh } = cells(o, width, height);
  if (gw > MAX_GRID_SIDE || gh > MAX_GRID_SIDE || gw * gh > MAX_GRID_CELLS) {
    throw new UsageError(`--cell ${o.cell} makes a ${gw}×${gh} grid, beyond the engine's ${MAX_GRID_CELLS} cells or ${MAX_GRID_SIDE} a side: use a larger --cell`);
  }
}

async function clickGrid(engine: Engine, o: Options, width: number, height: number): Promise<Computed> {
  let points: { x: Float32Array; y: Float32Array; w?: Float32Array };
  if (o.segment) points = await fetchClicks(o.url!, o.segment);
  else points = await readInput(o.input!, readPoints, 'points');
  const { gw, gh } = cells(o, width, height);
  const r = await engine.density({ points: { x: points.x, y: points.y, w: points.w }, extent: [0, 0, width, height], width: gw, height: gh, bandwidth: o.bandwidth });
  return { ...r, peak: r.max, events: `${Number(r.total.toPrecision(6))} clicks`, dropped: r.dropped };
}

async function attentionGrid(engine: Engine, o: Options, width: number, height: number): Promise<Computed> {
  let samples: { session: Uint32Array | Int32Array; ts: Float64Array; x: Float32Array; y: Float32Array };
  if (o.segment) {
    const m = await fetchMoves(o.url!, o.segment);
    samples = { session: m.visit, ts: m.t, x: m.x, y: m.y };
  } else samples = await readInput(o.input!, readAttention, 'samples');
  const { gw, gh } = cells(o, width, height);
  const r = await engine.attention({ samples, extent: [0, 0, width, height], width: gw, height: gh, spread: o.spread });
  return { ...r, peak: r.max, events: `${r.kept} cursor samples of ${r.sessions} sessions, ${r.total.toPrecision(4)} s`, dropped: r.dropped.total };
}

/**
 * The reach gradient of <scroll-map>: each row the share of visitors reaching its centre; with
 * --time-in-view the last of SCROLL_COLUMNS columns holds each row's mean time in view relative
 * to the longest, as the element draws its band.
 */
async function scrollGrid(engine: Engine, o: Options, width: number, height: number): Promise<Computed> {
  let samples: { session: Uint32Array | Int32Array; ts: Float64Array; y: Float32Array; vh: Float32Array; dh: Float32Array };
  if (o.segment) {
    const s = await fetchScrollSamples(o.url!, o.segment);
    samples = { session: s.visit, ts: s.t, y: s.y, vh: s.vh, dh: s.dh };
  } else samples = await readInput(o.input!, readScroll, 'samples');
  const { gh } = cells(o, width, height);
  const bins = Math.min(MAX_SCROLL_BINS, gh);
  const r = await engine.scrollDepth({ samples, bins, unit: 'px', maxDepth: height });
  const columns = o.timeInView ? SCROLL_COLUMNS : 1;
  let tMax = 0;
  for (let i = 0; i < r.bins; i++) tMax = Math.max(tMax, r.timeInView[i]);
  const values = new Float32Array(gh * columns);
  for (let j = 0; j < gh && r.sessions > 0; j++) {
    const depth = ((j + 0.5) * height) / gh;
    const bin = Math.min(r.bins - 1, Math.floor((depth / r.maxDepth) * r.bins));
    values.fill(r.reached[bin], j * columns, (j + 1) * columns);
    if (o.timeInView) values[(j + 1) * columns - 1] = tMax > 0 ? r.timeInView[bin] / tMax : 0;
  }
  const band = o.timeInView ? `, longest mean time in view ${tMax.toPrecision(3)} s` : '';
  return { values, width: columns, height: gh, extent: [0, 0, width, height], peak: 1, events: `${r.sessions} visits${band}`, dropped: r.dropped };
}

async function readScreenshot(path: string, width: number): Promise<DecodedPNG> {
  let image: DecodedPNG;
  try {
    image = decodePNG(await readFile(path));
  } catch (err) {
    if (err instanceof PngError) throw new CliError(`${path}: ${err.message}`);
    throw new CliError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (image.width !== width) {
    const scaled = scaleToWidth(image, width);
    process.stderr.write(`heatlens: ${path} is ${image.width}×${image.height}; scaled to ${scaled.width}×${scaled.height} to match the page width\n`);
    return scaled;
  }
  return image;
}

/** Written next to the target and renamed, so a failed run never leaves a truncated image. */
function writePNG(out: string, bytes: Uint8Array): Promise<void> {
  return writeAtomically(out, (tmp) => writeFile(tmp, bytes));
}

export async function run(argv: string[]): Promise<number> {
  const started = performance.now();
  const flags = parseFlags(argv, FLAGS, 'render');
  if (flags.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const o = options(flags);
  if (o.width !== undefined && o.height !== undefined) checkSize(o, o.width, o.height);
  await checkOutputDir(o.out);
  if (o.input !== undefined) await checkInput(o.input);
  if (o.under !== undefined) await checkInput(o.under);
  const size = o.width !== undefined && o.height !== undefined ? { width: o.width, height: o.height } : await fetchPageSize(o.url!, o.segment!);
  const width = o.width ?? size.width;
  const height = o.height ?? size.height;
  checkSize(o, width, height);
  const under = o.under === undefined ? undefined : await readScreenshot(o.under, width);

  const { createEngine } = await import('../../worker/node.js');
  const engine = await createEngine();
  let grid: Computed;
  try {
    const compute = o.map === 'click' ? clickGrid : o.map === 'attention' ? attentionGrid : scrollGrid;
    grid = await compute(engine, o, width, height);
  } catch (err) {
    // The engine's own refusals (grid too large, bad parameters) are one line like the rest.
    if (err instanceof CliError || err instanceof UsageError) throw err;
    throw new CliError((err as Error).message);
  } finally {
    await engine.close();
  }

  const max = resolveMax(o.max, grid.values, grid.peak);
  const map = colourPage(grid, width, height, { lut: o.lut, max, opacity: o.opacity, scale: o.scale });
  const rgba = under ? compositeOver(map, under, width, height) : map;
  await writePNG(o.out, encodePNG(width, height, rgba));
  if (!(grid.peak > 0)) process.stderr.write(`heatlens: warning: nothing to draw: no ${o.map} data in the page area ${width}×${height}\n`);
  const ms = Math.round(performance.now() - started);
  process.stderr.write(
    `heatlens: ${o.out}: ${o.map} map ${width}×${height} px (grid ${grid.width}×${grid.height}), ${grid.events}, ` +
      `dropped ${grid.dropped}, max ${max.toPrecision(4)}${under ? ', over the screenshot' : ''}, ${ms} ms\n`,
  );
  return 0;
}
