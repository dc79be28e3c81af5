/**
 * Plain CSV (RFC 4180: quoted fields, `""` inside quotes, CRLF or LF) or NDJSON, one event per
 * record, with the batch format's field names (`t`, `ts`, `path`, `session`, `device`, `x`,
 * `y`, `vw`, `vh`, `dw`, `dh`, `sel`, `fx`, `fy`, `ia`, `rage`, `ref`) plus a few common
 * aliases. `ts` is ms since the epoch or an ISO date; `device` defaults from `vw`.
 */
import { Collector, deviceOf, ImportError, timeOf, type ImportReport } from './collect.js';

const ALIASES: Record<string, string> = {
  kind: 't',
  type: 't',
  time: 'ts',
  timestamp: 'ts',
  session_id: 'session',
  selector: 'sel',
};
const NUMERIC = new Set(['x', 'y', 'vw', 'vh', 'dw', 'dh', 'fx', 'fy']);
const BOOLEAN = new Set(['ia', 'rage']);
const KNOWN = new Set(['t', 'ts', 'path', 'session', 'device', 'ref', 'sel', ...NUMERIC, ...BOOLEAN]);

/** Splits CSV text into records of fields; throws ImportError on an unterminated quote. */
export function parseCSV(text: string): { fields: string[]; line: number }[] {
  const out: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let i = 0;
  const n = text.length;
  let any = false;
  while (i < n) {
    const c = text[i];
    if (c === '"' && field === '') {
      const open = line;
      i++;
      for (;;) {
        if (i >= n) throw new ImportError(`unterminated quoted field starting on line ${open}`);
        const q = text[i];
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\n') line++;
        field += q;
        i++;
      }
      any = true;
      continue;
    }
    if (c === ',') {
      fields.push(field);
      field = '';
      any = true;
      i++;
    } else if (c === '\n' || c === '\r') {
      if (any || field !== '') {
        fields.push(field);
        out.push({ fields, line: start });
      }
      fields = [];
      field = '';
      any = false;
      if (c === '\r' && text[i + 1] === '\n') i++;
      i++;
      line++;
      start = line;
    } else {
      field += c;
      any = true;
      i++;
    }
  }
  if (any || field !== '') {
    fields.push(field);
    out.push({ fields, line: start });
  }
  return out;
}

function typed(name: string, raw: unknown): unknown {
  if (raw === '' || raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') return name === 'ts' ? timeOf(raw) ?? raw : raw;
  const s = raw.trim();
  if (name === 'ts') return timeOf(s) ?? s;
  if (NUMERIC.has(name)) return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) ? Number(s) : s;
  if (BOOLEAN.has(name)) return s === 'true' || s === '1' ? true : s === 'false' || s === '0' ? false : s;
  return raw;
}

function addRecord(c: Collector, record: string, obj: Record<string, unknown>): void {
  const row: Record<string, unknown> = {};
  for (const [k0, v] of Object.entries(obj)) {
    const k = ALIASES[k0] ?? k0;
    if (KNOWN.has(k)) row[k] = typed(k, v);
  }
  if (row.device === undefined) row.device = deviceOf(typeof row.vw === 'number' ? row.vw : undefined);
  c.add(record, row);
}

export function importCSV(text: string, site: string): ImportReport {
  const c = new Collector(site);
  const records = parseCSV(text.replace(/^\uFEFF/, ''));
  if (records.length === 0) throw new ImportError('the file is empty');
  const header = records[0].fields.map((h) => {
    const k = h.trim().toLowerCase();
    return ALIASES[k] ?? k;
  });
  for (const need of ['t', 'ts', 'path', 'session']) {
    if (!header.includes(need)) throw new ImportError(`the CSV header has no "${need}" column (header: ${records[0].fields.join(',')})`);
  }
  for (let r = 1; r < records.length; r++) {
    const { fields, line } = records[r];
    if (fields.length !== header.length) {
      c.skip(`line ${line}`, `has ${fields.length} fields, the header ${header.length}`);
      continue;
    }
    const obj: Record<string, unknown> = {};
    header.forEach((h, i) => (obj[h] = fields[i]));
    addRecord(c, `line ${line}`, obj);
  }
  return c.report;
}

export function importNDJSON(text: string, site: string): ImportReport {
  const c = new Collector(site);
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let records = 0;
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    records++;
    let obj: unknown;
    try {
      obj = JSON.parse(raw);
    } catch {
      c.skip(`line ${i + 1}`, 'is not valid JSON');
      return;
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      c.skip(`line ${i + 1}`, 'is not a JSON object');
      return;
    }
    addRecord(c, `line ${i + 1}`, obj as Record<string, unknown>);
  });
  if (records === 0) throw new ImportError('the file is empty');
  return c.report;
}

/** CSV or NDJSON, by extension (.csv, .ndjson, .jsonl) or else by the first character. */
export function importPlain(text: string, site: string, name: string): ImportReport {
  const lower = name.toLowerCase();
  const ndjson = lower.endsWith('.ndjson') || lower.endsWith('.jsonl') || (!lower.endsWith('.csv') && text.trimStart().startsWith('{'));
  return ndjson ? importNDJSON(text, site) : importCSV(text, site);
}
