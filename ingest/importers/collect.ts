/**
 * What every importer shares: each candidate row is validated with the same event schema the
 * API uses (ingest/schema.ts); bad ones are skipped and counted by reason, with the first
 * one's record number kept for the report. A failure of the whole file (unreadable, not the
 * format at all) is an ImportError, and then nothing is stored.
 */
import { firstViolation, importIdentity, importRowSchema, type Device, type EventRow, type Kind } from '../schema.js';

export class ImportError extends Error {
  override name = 'ImportError';
}

export interface ImportReport {
  rows: EventRow[];
  counts: Record<Kind, number>;
  /** Records refused as bad, by reason. */
  skipped: number;
  reasons: Record<string, number>;
  firstSkipped?: { record: string; reason: string };
  /** Records that are valid but carry nothing a heatmap uses (other rrweb events, say). */
  ignored: number;
}

/** Device class from the viewport width, where a source does not record one. */
export function deviceOf(vw: number | undefined): Device {
  if (vw === undefined || !Number.isFinite(vw)) return 'desktop';
  return vw < 768 ? 'mobile' : vw < 1024 ? 'tablet' : 'desktop';
}

/** `https://x.org/a/b?q#f` → `/a/b`; a bare path is kept as is (without query or fragment). */
export function pathOf(url: unknown): string | undefined {
  if (typeof url !== 'string' || url === '') return undefined;
  if (url.startsWith('/')) return url.split(/[?#]/)[0];
  try {
    return new URL(url).pathname;
  } catch {
    return undefined;
  }
}

/** ms since the epoch from a number or a date string; undefined when neither. */
export function timeOf(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.round(v) : undefined;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim());
  // ClickHouse prints "2024-07-01 12:00:00.123" (UTC, no zone): read it as ISO in UTC.
  const iso = /^\d{4}-\d\d-\d\d \d/.test(v) && !/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? `${v.replace(' ', 'T')}Z` : v;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : undefined;
}

export class Collector {
  readonly report: ImportReport = {
    rows: [],
    counts: { view: 0, click: 0, move: 0, scroll: 0 },
    skipped: 0,
    reasons: {},
    ignored: 0,
  };

  constructor(readonly site: string) {}

  skip(record: string, reason: string): void {
    const r = this.report;
    r.skipped++;
    const key = reason.replace(/, got .*$/, '');
    r.reasons[key] = (r.reasons[key] ?? 0) + 1;
    r.firstSkipped ??= { record, reason };
  }

  ignore(): void {
    this.report.ignored++;
  }

  /** Validates one row (t, ts, path and the kind's fields, plus session and device). */
  add(record: string, candidate: Record<string, unknown>): void {
    const clean: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(candidate)) if (v !== undefined && v !== null && v !== '') clean[k] = v;
    const row = importRowSchema.safeParse(clean);
    if (!row.success) {
      const v = firstViolation(row.error, clean);
      this.skip(record, v.message);
      return;
    }
    const who = importIdentity.safeParse(clean);
    if (!who.success) {
      const v = firstViolation(who.error, clean);
      this.skip(record, v.message);
      return;
    }
    this.report.rows.push({ ...row.data, site: this.site, session: who.data.session, device: who.data.device });
    this.report.counts[row.data.t]++;
  }
}
