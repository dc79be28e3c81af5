/**
 * A scroll map's depth markers in the PNG export: the 75 / 50 / 25 % reach lines and the
 * average fold, drawn as the element draws them (a dashed line, solid for the fold, with its
 * label above it on the left). The element lists them in page px (`el.markers`); the export
 * places them by the map's extent, like the element does on screen.
 */

export interface DepthMarker {
  kind: string;
  /** Page px from the top of the document. */
  depth: number;
  label: string;
}

export interface MarkerRow extends DepthMarker {
  /** Px below the top of the map as drawn in the export. */
  y: number;
}

/** The page's vertical range the map covers, from its `extent` ("x0,y0,x1,y1" or "w,h"). */
export function extentRows(extent: unknown): [number, number] | null {
  const values = Array.isArray(extent) ? extent.map(Number) : String(extent ?? '').split(',').map((v) => Number(v.trim()));
  if (values.some((v) => !Number.isFinite(v))) return null;
  if (values.length === 4 && values[3] > values[1]) return [values[1], values[3]];
  if (values.length === 2 && values[1] > 0) return [0, values[1]];
  return null;
}

/** Where each marker falls on a map `height` px tall; markers outside the map are left out. */
export function markerRows(markers: readonly DepthMarker[], rows: [number, number], height: number): MarkerRow[] {
  const [y0, y1] = rows;
  return markers
    .filter((m) => Number.isFinite(m.depth) && m.depth >= y0 && m.depth <= y1)
    .map((m) => ({ ...m, y: ((m.depth - y0) / (y1 - y0)) * height }));
}

/** Draws the markers of `map` (a `<scroll-map>`; other maps have none) over its box. */
export function drawMarkers(ctx: CanvasRenderingContext2D, map: HTMLElement, x: number, top: number, w: number, h: number): void {
  const el = map as HTMLElement & { markers?: DepthMarker[]; extent?: unknown };
  const rows = extentRows(el.extent);
  if (!Array.isArray(el.markers) || !rows) return;
  ctx.save();
  ctx.font = '12px system-ui, sans-serif';
  for (const m of markerRows(el.markers, rows, h)) {
    // Whole-pixel rows: a 1 px line on a half pixel covers exactly one row of the PNG.
    const y = top + Math.min(h - 1, Math.round(m.y)) + 0.5;
    ctx.setLineDash(m.kind === 'fold' ? [] : [6, 4]);
    ctx.lineWidth = 3;
    ctx.strokeStyle = 'rgb(0 0 0 / 0.35)';
    line(ctx, x, x + w, y);
    ctx.lineWidth = 1;
    ctx.strokeStyle = '#ffffff';
    line(ctx, x, x + w, y);
    const text = ctx.measureText(m.label).width;
    ctx.fillStyle = 'rgb(0 0 0 / 0.78)';
    // Above its line, as on screen; a line at the very top keeps its label inside the map.
    const labelTop = Math.max(top, y - 20);
    ctx.fillRect(x + 6, labelTop, text + 10, 17);
    ctx.fillStyle = '#ffffff';
    ctx.fillText(m.label, x + 11, labelTop + 13);
  }
  ctx.restore();
}

function line(ctx: CanvasRenderingContext2D, x0: number, x1: number, y: number): void {
  ctx.beginPath();
  ctx.moveTo(x0, y);
  ctx.lineTo(x1, y);
  ctx.stroke();
}
