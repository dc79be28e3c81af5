/**
 * The batch format, version 1 (docs/batch-format.md), as a zod schema: the single definition
 * of what the ingest API accepts. Importers validate their rows with the same event schemas,
 * so a click is a click whichever way it arrives.
 */
import { z } from 'zod';
import { jsonPath } from './errors.js';

/** Coordinates and sizes are CSS px; the format bounds both at a million. */
export const MAX_COORD = 1_000_000;
/** Events per batch allowed by the format; a server may lower it, never raise it. */
export const MAX_EVENTS = 1000;
/** The latest time a JS Date can hold, in ms since the epoch. */
const MAX_MS = 8.64e15;

export const DEVICES = ['desktop', 'tablet', 'mobile'] as const;
export type Device = (typeof DEVICES)[number];
export const KINDS = ['view', 'click', 'move', 'scroll'] as const;
export type Kind = (typeof KINDS)[number];

export const SITE_RE = /^[A-Za-z0-9_.-]{1,64}$/;
export const ID_RE = /^[A-Za-z0-9_-]{8,64}$/;

// z.number() refuses NaN and ±Infinity (JSON.parse turns 1e400 into Infinity), so every
// number below is finite.
const coord = z.number().min(0).max(MAX_COORD);
const size = z.int().min(1).max(MAX_COORD);
const fraction = z.number().min(0).max(1);
const ms = z.int().min(0).max(MAX_MS);
const path = z.string().min(1).max(512);

const base = { ts: ms, path };

export const viewEvent = z.object({
  t: z.literal('view'),
  ...base,
  vw: size,
  vh: size,
  dw: size,
  dh: size,
  ref: z.string().max(512).optional(),
});

export const clickEvent = z.object({
  t: z.literal('click'),
  ...base,
  x: coord,
  y: coord,
  vw: size,
  vh: size,
  dw: size,
  dh: size,
  sel: z.string().max(1024),
  fx: fraction,
  fy: fraction,
  ia: z.boolean(),
  rage: z.boolean(),
});

export const moveEvent = z.object({ t: z.literal('move'), ...base, x: coord, y: coord, vw: size, dh: size });

export const scrollEvent = z.object({ t: z.literal('scroll'), ...base, y: coord, vh: size, dh: size, vw: size });

export const eventSchema = z.discriminatedUnion('t', [viewEvent, clickEvent, moveEvent, scrollEvent]);
export type BatchEvent = z.infer<typeof eventSchema>;

/** The batch schema with a server's own cap on events (at most the format's 1000). */
export function batchSchema(maxEvents = MAX_EVENTS) {
  return z.object({
    v: z.literal(1),
    site: z.string().regex(SITE_RE),
    key: z.string().max(128).optional(),
    batch: z.string().regex(ID_RE),
    session: z.string().regex(ID_RE),
    device: z.enum(DEVICES),
    sent: ms,
    events: z.array(eventSchema).min(1).max(Math.min(maxEvents, MAX_EVENTS)),
  });
}
export type Batch = z.infer<ReturnType<typeof batchSchema>>;

/**
 * One event as every store keeps it: the batch's site, session and device folded in, and the
 * fields a kind does not have (or an importer could not recover) left undefined.
 */
export interface EventRow {
  t: Kind;
  site: string;
  path: string;
  session: string;
  device: Device;
  ts: number;
  x?: number;
  y?: number;
  vw?: number;
  vh?: number;
  dw?: number;
  dh?: number;
  sel?: string;
  fx?: number;
  fy?: number;
  ia?: boolean;
  rage?: boolean;
  ref?: string;
}

/**
 * A row from an importer: the kind's position fields are required (a click without x is
 * not a click), everything an old recording may lack is optional.
 */
const opt = <T extends z.ZodType>(s: T) => s.optional();
export const importRowSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('view'), ...base, vw: opt(size), vh: opt(size), dw: opt(size), dh: opt(size), ref: opt(z.string().max(512)) }),
  z.object({
    t: z.literal('click'),
    ...base,
    x: coord,
    y: coord,
    vw: opt(size),
    vh: opt(size),
    dw: opt(size),
    dh: opt(size),
    sel: opt(z.string().max(1024)),
    fx: opt(fraction),
    fy: opt(fraction),
    ia: opt(z.boolean()),
    rage: opt(z.boolean()),
  }),
  z.object({ t: z.literal('move'), ...base, x: coord, y: coord, vw: opt(size), dh: opt(size) }),
  z.object({ t: z.literal('scroll'), ...base, y: coord, vh: opt(size), dh: opt(size), vw: opt(size) }),
]);
export const importIdentity = z.object({ session: z.string().regex(ID_RE), device: z.enum(DEVICES) });

export interface Violation {
  code: string;
  message: string;
  path: string;
}

function valueAt(input: unknown, parts: ReadonlyArray<PropertyKey>): unknown {
  let v: unknown = input;
  for (const p of parts) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return v.length > 40 ? `a string of ${v.length} chars` : JSON.stringify(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : String(v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (v === null) return 'null';
  return typeof v === 'object' ? 'an object' : String(v);
}

/** The first zod issue as the API's error: a stable code, a sentence, the JSON path. */
export function firstViolation(error: z.ZodError, input: unknown): Violation {
  const issue = error.issues[0];
  const path = jsonPath(issue.path);
  const got = valueAt(input, issue.path);
  const where = path || 'body';
  switch (issue.code) {
    case 'invalid_type':
      if (got === undefined) return { code: 'missing_field', message: `${where} is required`, path };
      return { code: 'invalid_type', message: `${where} must be ${article(issue.expected)}, got ${describe(got)}`, path };
    case 'too_small':
    case 'too_big': {
      const big = issue.code === 'too_big';
      const bound = big ? (issue as { maximum: number | bigint }).maximum : (issue as { minimum: number | bigint }).minimum;
      const what = issue.origin === 'array' ? 'items' : issue.origin === 'string' ? 'chars' : '';
      const rel = big ? '≤' : '≥';
      const subject = what ? `${where} must have ${rel} ${bound} ${what}` : `${where} must be ${rel} ${bound}`;
      const size = Array.isArray(got) ? got.length : typeof got === 'string' ? got.length : undefined;
      return { code: 'out_of_range', message: `${subject}, got ${size ?? describe(got)}`, path };
    }
    case 'invalid_format':
      return { code: 'invalid_format', message: `${where} does not match the format, got ${describe(got)}`, path };
    case 'invalid_union':
      return { code: 'unknown_kind', message: `${where} must be one of view, click, move, scroll, got ${describe(got)}`, path };
    case 'invalid_value':
      return {
        code: 'invalid_value',
        message: `${where} must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describe(got)}`,
        path,
      };
    default:
      return { code: 'invalid_field', message: `${where}: ${issue.message}`, path };
  }
}

function article(expected: string): string {
  if (expected === 'int') return 'an integer';
  if (expected === 'object' || expected === 'array') return `an ${expected}`;
  return `a ${expected}`;
}

/**
 * Folds a validated batch into store rows. `shift` moves client times onto the server's clock.
 * The events are zod's own copies, so they are completed in place rather than copied again.
 */
export function batchRows(batch: Batch, shift: number): EventRow[] {
  const rows = batch.events as unknown as EventRow[];
  for (const r of rows) {
    r.site = batch.site;
    r.session = batch.session;
    r.device = batch.device;
    r.ts = Math.max(0, r.ts + shift);
  }
  return rows;
}
