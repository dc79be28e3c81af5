/**
 * Export of what the dashboard shows as one PNG: each panel's title and legends, the page
 * underneath (when the browser lets the dashboard read it, see page-raster.ts), the map's own
 * pixels and a scroll map's depth markers, side by side when comparing. The map pixels come from the element (`readPixels`), so the export is
 * exactly the frame on screen, not a re-render.
 */
import type { MapPanel } from './map-panel.js';
import { drawLegends, LEGEND_HEIGHT, legendsWidth, readLegends } from './export-legend.js';
import { drawMarkers } from './export-markers.js';
import { drawUnderlay } from './page-raster.js';

/** The caption line, then each panel's strip: its title on the left, its legends on the right. */
const CAPTION = 26;
const STRIP = LEGEND_HEIGHT + 8;
const HEADER = CAPTION + STRIP;
const GAP = 16;
const PAD = 16;

export interface ExportResult {
  blob: Blob;
  width: number;
  height: number;
  /** Why a page underneath was left out, per panel (empty when every underlay was drawn). */
  notes: string[];
}

function mapImage(panel: MapPanel): HTMLCanvasElement | null {
  const pixels = panel.element?.readPixels();
  if (!pixels || !pixels.width || !pixels.height) return null;
  const canvas = document.createElement('canvas');
  canvas.width = pixels.width;
  canvas.height = pixels.height;
  const image = new ImageData(pixels.width, pixels.height);
  image.data.set(pixels.data);
  canvas.getContext('2d')!.putImageData(image, 0, 0);
  return canvas;
}

export async function exportPanels(panels: MapPanel[], caption: string): Promise<ExportResult> {
  const items = panels.filter((p) => p.element).map((panel) => {
    const el = panel.element!;
    const box = el.getBoundingClientRect();
    return { panel, el, w: Math.round(box.width), h: Math.round(box.height) };
  });
  if (!items.length) throw new Error('There is no map to export yet.');
  const scale = Math.min(2, window.devicePixelRatio || 1);
  const width = PAD * 2 + items.reduce((sum, i) => sum + i.w, 0) + GAP * (items.length - 1);
  const height = PAD + HEADER + Math.max(...items.map((i) => i.h)) + PAD;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d')!;
  ctx.scale(scale, scale);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#17202c';
  ctx.font = '600 15px system-ui, sans-serif';
  ctx.fillText(caption, PAD, PAD + 14);
  const notes: string[] = [];
  let x = PAD;
  for (const { panel, el, w, h } of items) {
    const legends = readLegends(el);
    const room = w - legendsWidth(ctx, legends) - 12;
    ctx.fillStyle = '#4a5565';
    ctx.font = '13px system-ui, sans-serif';
    ctx.fillText(fit(ctx, panel.root.querySelector('.panel-title')?.textContent ?? '', room), x, PAD + CAPTION + 14);
    drawLegends(ctx, legends, x + w, PAD + HEADER - 8);
    const top = PAD + HEADER;
    ctx.fillStyle = '#f3f5f8';
    ctx.fillRect(x, top, w, h);
    const why = await drawUnderlay(ctx, el.querySelector('.underlay'), x, top, w, h);
    if (why) notes.push(`${panel.root.querySelector('.panel-title')?.textContent}: page left out — ${why}.`);
    const map = mapImage(panel);
    if (map) {
      // Blend as on screen (scroll maps multiply over the page).
      const blend = getComputedStyle(el).getPropertyValue('--heatlens-blend-mode').trim();
      ctx.globalCompositeOperation = blend === 'multiply' ? 'multiply' : 'source-over';
      ctx.drawImage(map, x, top, w, h);
      ctx.globalCompositeOperation = 'source-over';
    }
    drawMarkers(ctx, el, x, top, w, h);
    x += w + GAP;
  }
  const blob = await new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The browser could not encode the PNG.'))), 'image/png'),
  );
  return { blob, width: canvas.width, height: canvas.height, notes };
}

/** The text, cut with an ellipsis to fit `width` px in the current font. */
function fit(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let n = text.length;
  while (n > 0 && ctx.measureText(`${text.slice(0, n)}…`).width > width) n--;
  return n > 0 ? `${text.slice(0, n)}…` : '';
}

/** Saves a blob as a download with the given file name. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
