/**
 * PostHog heatmap exports, in either of the shapes PostHog keeps them:
 *
 * - rows of its `heatmaps` table (a HogQL export as JSON, NDJSON or CSV): `type`, `x`, `y`,
 *   `scale_factor`, `viewport_width`, `viewport_height`, `pointer_target_fixed`,
 *   `current_url`, `session_id`, `timestamp`. PostHog divides coordinates and viewport sizes
 *   by `scale_factor` (16) when it stores them; they are multiplied back here, so they are
 *   good to ±scale_factor/2 px.
 * - raw events whose `properties.$heatmap_data` maps URLs to `[{x, y, target_fixed, type}]`
 *   in page px, with `$viewport_width`, `$viewport_height` and `$session_id` beside it.
 *
 * Types: click → click, rageclick → click with rage, mousemove → move, scrolldepth → scroll
 * (y is the deepest scroll position). Points on fixed-position targets are in viewport
 * coordinates, which no page position can be recovered from: they are skipped and counted.
 */
import { Collector, deviceOf, ImportError, pathOf, timeOf, type ImportReport } from './collect.js';
import { parseCSV } from './csv.js';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v.trim())) return Number(v);
  return undefined;
}

function boolOf(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === '1' || v === 1) return true;
  if (v === 'false' || v === '0' || v === 0) return false;
  return undefined;
}

interface Point {
  type: unknown;
  x: unknown;
  y: unknown;
  fixed: unknown;
  scale: number;
  vw: unknown;
  vh: unknown;
  url: unknown;
  session: unknown;
  ts: unknown;
}

function addPoint(c: Collector, record: string, p: Point): void {
  const kind = p.type === 'click' || p.type === 'rageclick' ? 'click' : p.type === 'mousemove' ? 'move' : p.type === 'scrolldepth' ? 'scroll' : null;
  if (kind === null) {
    if (typeof p.type === 'string') c.ignore();
    else c.skip(record, 'has no heatmap type');
    return;
  }
  const fixed = boolOf(p.fixed);
  if (fixed) {
    c.skip(record, 'is on a fixed-position target (viewport coordinates)');
    return;
  }
  const x = numberOf(p.x);
  const y = numberOf(p.y);
  const vwRaw = numberOf(p.vw);
  const vhRaw = numberOf(p.vh);
  const vw = vwRaw === undefined ? undefined : Math.round(vwRaw * p.scale);
  const vh = vhRaw === undefined ? undefined : Math.round(vhRaw * p.scale);
  const row: Json = {
    t: kind,
    ts: timeOf(p.ts) ?? p.ts,
    path: pathOf(p.url),
    session: typeof p.session === 'string' ? p.session : p.session === undefined ? undefined : String(p.session),
    device: deviceOf(vw),
    vw,
    y: y === undefined ? p.y : y * p.scale,
  };
  if (kind === 'scroll') row.vh = vh;
  else {
    row.x = x === undefined ? p.x : x * p.scale;
    if (kind === 'click') {
      row.vh = vh;
      row.rage = p.type === 'rageclick';
    }
  }
  c.add(record, row);
}

function addRecord(c: Collector, record: string, r: Json): void {
  const props = isObj(r.properties) ? r.properties : undefined;
  if (props && '$heatmap_data' in props) {
    const data = props.$heatmap_data;
    if (!isObj(data)) {
      c.skip(record, '$heatmap_data is not an object of URL → points');
      return;
    }
    for (const [url, items] of Object.entries(data)) {
      if (!Array.isArray(items)) {
        c.skip(`${record} ${url}`, 'heatmap points are not an array');
        continue;
      }
      items.forEach((it: unknown, k: number) => {
        const at = `${record} point ${k + 1}`;
        if (!isObj(it)) {
          c.skip(at, 'is not an object');
          return;
        }
        addPoint(c, at, {
          type: it.type,
          x: it.x,
          y: it.y,
          fixed: it.target_fixed,
          scale: 1,
          vw: props.$viewport_width,
          vh: props.$viewport_height,
          url,
          session: props.$session_id,
          ts: r.timestamp,
        });
      });
    }
    return;
  }
  if ('type' in r && 'x' in r && 'y' in r) {
    const scale = numberOf(r.scale_factor) ?? 1;
    if (!(scale > 0)) {
      c.skip(record, 'scale_factor must be positive');
      return;
    }
    addPoint(c, record, {
      type: r.type,
      x: r.x,
      y: r.y,
      fixed: r.pointer_target_fixed,
      scale,
      vw: r.viewport_width,
      vh: r.viewport_height,
      url: r.current_url,
      session: r.session_id,
      ts: r.timestamp,
    });
    return;
  }
  if (typeof r.event === 'string') c.ignore();
  else c.skip(record, 'is neither a heatmaps row nor an event with $heatmap_data');
}

export function importPostHog(text: string, site: string, name: string): ImportReport {
  const c = new Collector(site);
  const body = text.replace(/^\uFEFF/, '');
  const head = body.trimStart()[0];
  if (head === '[' || (head === '{' && !name.toLowerCase().match(/\.(ndjson|jsonl)$/) && !body.trim().includes('\n'))) {
    let doc: unknown;
    try {
      doc = JSON.parse(body);
    } catch (e) {
      throw new ImportError(`not JSON: ${(e as Error).message.split('\n')[0]}`);
    }
    const list = Array.isArray(doc) ? doc : isObj(doc) && Array.isArray(doc.results) ? doc.results : [doc];
    list.forEach((r: unknown, i: number) => {
      if (isObj(r)) addRecord(c, `record ${i + 1}`, r);
      else c.skip(`record ${i + 1}`, 'is not an object');
    });
  } else if (head === '{') {
    body.split(/\r?\n/).forEach((line, i) => {
      if (line.trim() === '') return;
      let r: unknown;
      try {
        r = JSON.parse(line);
      } catch {
        c.skip(`line ${i + 1}`, 'is not valid JSON');
        return;
      }
      if (isObj(r)) addRecord(c, `line ${i + 1}`, r);
      else c.skip(`line ${i + 1}`, 'is not an object');
    });
  } else {
    const records = parseCSV(body);
    if (records.length < 1) throw new ImportError('the file is empty');
    const header = records[0].fields.map((h) => h.trim());
    for (const need of ['type', 'x', 'y', 'current_url', 'session_id', 'timestamp']) {
      if (!header.includes(need)) throw new ImportError(`the CSV header has no "${need}" column`);
    }
    for (let k = 1; k < records.length; k++) {
      const { fields, line } = records[k];
      if (fields.length !== header.length) {
        c.skip(`line ${line}`, `has ${fields.length} fields, the header ${header.length}`);
        continue;
      }
      const r: Json = {};
      header.forEach((h, i) => (r[h] = fields[i]));
      addRecord(c, `line ${line}`, r);
    }
  }
  if (c.report.rows.length + c.report.skipped + c.report.ignored === 0) throw new ImportError('no records in the file');
  return c.report;
}
