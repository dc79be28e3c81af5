// The tracker's settings: defaults in one place, read from `init(options)` or from the script
// tag's data attributes (`data-site`, `data-endpoint`, `data-move-hz`… one per option).

export interface Options {
  /** Site id, 1–64 characters of [A-Za-z0-9_.-]. */
  site: string;
  /** Ingest origin (or a full URL ending in /v1/batch). Defaults to the script's origin. */
  endpoint?: string;
  /** The site's public key, when the ingest server requires one. */
  key?: string;
  /** Share of sessions tracked, 0–1. */
  sample?: number;
  /** Cursor samples per second at most; 0 turns cursor capture off. */
  moveHz?: number;
  /** Minimum ms between scroll samples. */
  scrollMs?: number;
  /** Ms after the first queued event before a batch is sent. */
  interval?: number;
  /** Events that trigger a send, and the most one batch holds (≤ 1000). */
  maxEvents?: number;
  /** Queued bytes that trigger a send, and the largest batch body sent by fetch. */
  maxBytes?: number;
  /** The largest body of one sendBeacon call; larger flushes are split. */
  beaconLimit?: number;
  /** Hard cap on events held in memory; beyond it the oldest are dropped and counted. */
  maxQueue?: number;
  /** Honour Global Privacy Control and Do Not Track: capture nothing when either is on. */
  respectDnt?: boolean;
  /** Keep the query string in `path`. */
  query?: boolean;
  /** Keep the fragment in `path` (hash-routed single-page apps). */
  hash?: boolean;
}

export type Settings = Required<Options> & { url: string };

const DEFAULTS: Required<Options> = {
  site: '',
  endpoint: '',
  key: '',
  sample: 1,
  moveHz: 10,
  scrollMs: 250,
  interval: 5000,
  maxEvents: 200,
  maxBytes: 30_000,
  // Chromium refuses a beacon once the keepalive requests in flight pass 64 KiB.
  beaconLimit: 60_000,
  maxQueue: 2000,
  respectDnt: false,
  query: false,
  hash: false,
};

/** Options from a script tag's data attributes (`data-move-hz` → `moveHz`). */
export function fromScript(script: HTMLScriptElement): Options {
  const o: Record<string, unknown> = {};
  const data = script.dataset;
  for (const k in DEFAULTS) {
    const v = data[k];
    const d = DEFAULTS[k as keyof Options];
    if (v != null) o[k] = typeof d == 'number' ? +v : typeof d == 'boolean' ? v != 'false' : v;
  }
  if (!o.endpoint && script.src) o.endpoint = new URL(script.src, location.href).origin;
  return o as unknown as Options;
}

const clamp = (v: unknown, d: number, lo: number, hi: number): number =>
  typeof v == 'number' && v === v ? Math.min(hi, Math.max(lo, v)) : d;

/** Defaults filled in and numbers clamped to what the batch format allows. */
export function settle(options: Options): Settings {
  const o = { ...DEFAULTS, ...options };
  if (!/^[\w.-]{1,64}$/.test(o.site)) throw new Error('heatlens: site must be 1-64 characters of [A-Za-z0-9_.-]');
  if (!o.endpoint) throw new Error('heatlens: endpoint is required');
  const base = o.endpoint.replace(/\/+$/, '');
  const maxEvents = clamp(o.maxEvents, 200, 1, 1000);
  return {
    ...o,
    sample: clamp(o.sample, 1, 0, 1),
    moveHz: clamp(o.moveHz, 10, 0, 60),
    scrollMs: clamp(o.scrollMs, 250, 16, 1e4),
    interval: clamp(o.interval, 5000, 50, 6e5),
    maxEvents,
    maxBytes: clamp(o.maxBytes, 30_000, 2048, 1e6),
    beaconLimit: clamp(o.beaconLimit, 60_000, 2048, 65_536),
    maxQueue: clamp(o.maxQueue, 2000, maxEvents, 1e5),
    url: /\/v1\/batch$/.test(base) ? base : base + '/v1/batch',
  };
}
