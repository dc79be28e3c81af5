/**
 * The map's legend in the PNG export: the same colour bar and labels the element shows (read
 * from its `<heatlens-legend>`), drawn onto the export canvas at the map's top right corner.
 */
import { colormapLUT } from '../components/index.js';

const BAR_W = 160;
const BAR_H = 10;

export function drawLegend(ctx: CanvasRenderingContext2D, map: HTMLElement & { colormap: string }, right: number, top: number): void {
  const legend = map.shadowRoot?.querySelector('heatlens-legend')?.shadowRoot;
  if (!legend) return;
  const labels = Array.from(legend.querySelectorAll('[part~="label"]'), (e) => e.textContent?.trim() ?? '');
  const title = legend.querySelector('[part~="title"]')?.textContent?.trim() ?? '';
  const lut = colormapLUT(map.colormap);
  const x = right - BAR_W - 16;
  const y = top + 8;
  ctx.fillStyle = 'rgb(255 255 255 / 0.92)';
  ctx.fillRect(x - 6, y - 4, BAR_W + 12, BAR_H + 34);
  for (let i = 0; i < BAR_W; i++) {
    const k = Math.round((i / (BAR_W - 1)) * 255);
    ctx.fillStyle = `rgb(${lut[3 * k]} ${lut[3 * k + 1]} ${lut[3 * k + 2]})`;
    ctx.fillRect(x + i, y, 1, BAR_H);
  }
  ctx.fillStyle = '#222';
  ctx.font = '11px system-ui, sans-serif';
  labels.forEach((text, i) => {
    const at = labels.length > 1 ? i / (labels.length - 1) : 0;
    ctx.textAlign = at === 0 ? 'left' : at === 1 ? 'right' : 'center';
    ctx.fillText(text, x + at * BAR_W, y + BAR_H + 12);
  });
  ctx.textAlign = 'left';
  ctx.fillText(title, x, y + BAR_H + 25);
}
