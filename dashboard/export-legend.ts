/**
 * The map's legends in the PNG export: every colour scale the element shows (a scroll map has
 * two: the share of visitors and the seconds in view), read from its `<heatlens-legend>`s and
 * drawn in the strip above the map, right-aligned, as the dashboard shows them. A legend the
 * page hides (a map with no data) is left out here too.
 */
import { colormapLUT } from '../components/index.js';

const BAR_W = 140;
const BAR_H = 10;
const PAD = 6;
const GAP = 10;
/** A legend's height in the export: bar, tick labels, unit line. */
export const LEGEND_HEIGHT = 4 + BAR_H + 14 + 14 + 4;

export interface LegendReading {
  colormap: string;
  labels: string[];
  title: string;
}

/** The legends a map element shows, in its order (the main scale first). */
export function readLegends(map: HTMLElement): LegendReading[] {
  const legends = Array.from(map.shadowRoot?.querySelectorAll<HTMLElement>('heatlens-legend') ?? []);
  return legends
    .filter((legend) => legend.getClientRects().length > 0 && legend.shadowRoot)
    .map((legend) => {
      const root = legend.shadowRoot!;
      return {
        colormap: legend.getAttribute('colormap') ?? 'viridis',
        labels: Array.from(root.querySelectorAll('[part~="label"]'), (e) => e.textContent?.trim() ?? ''),
        title: root.querySelector('[part~="title"]')?.textContent?.trim() ?? '',
      };
    });
}

function boxWidth(ctx: CanvasRenderingContext2D, legend: LegendReading): number {
  ctx.font = '11px system-ui, sans-serif';
  return Math.ceil(Math.max(BAR_W, ctx.measureText(legend.title).width)) + 2 * PAD;
}

/** How wide the legends are side by side (0 without any). */
export function legendsWidth(ctx: CanvasRenderingContext2D, legends: LegendReading[]): number {
  return legends.reduce((sum, l, i) => sum + boxWidth(ctx, l) + (i ? GAP : 0), 0);
}

/** Draws the legends right to left from `right`, their boxes ending at `bottom`. */
export function drawLegends(ctx: CanvasRenderingContext2D, legends: LegendReading[], right: number, bottom: number): void {
  let x1 = right;
  for (const legend of legends) {
    const w = boxWidth(ctx, legend);
    drawLegend(ctx, legend, x1 - w, bottom - LEGEND_HEIGHT, w);
    x1 -= w + GAP;
  }
}

function drawLegend(ctx: CanvasRenderingContext2D, legend: LegendReading, left: number, top: number, w: number): void {
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(left, top, w, LEGEND_HEIGHT);
  ctx.strokeStyle = '#dde2ea';
  ctx.lineWidth = 1;
  ctx.strokeRect(left + 0.5, top + 0.5, w - 1, LEGEND_HEIGHT - 1);
  let lut: Uint8Array;
  try {
    lut = colormapLUT(legend.colormap);
  } catch {
    lut = colormapLUT('viridis'); // what the element itself falls back to
  }
  const x = left + PAD;
  const y = top + 4;
  for (let i = 0; i < BAR_W; i++) {
    const k = Math.round((i / (BAR_W - 1)) * 255);
    ctx.fillStyle = `rgb(${lut[3 * k]} ${lut[3 * k + 1]} ${lut[3 * k + 2]})`;
    ctx.fillRect(x + i, y, 1, BAR_H);
  }
  ctx.fillStyle = '#222222';
  ctx.font = '11px system-ui, sans-serif';
  legend.labels.forEach((text, i) => {
    const at = legend.labels.length > 1 ? i / (legend.labels.length - 1) : 0;
    ctx.textAlign = at === 0 ? 'left' : at === 1 ? 'right' : 'center';
    ctx.fillText(text, x + at * BAR_W, y + BAR_H + 12);
  });
  ctx.textAlign = 'left';
  ctx.fillText(legend.title, x, y + BAR_H + 26);
}
