/**
 * Validation of attention requests and samples: every bad field gets a HeatlensError whose
 * message names the field and its value. The grid part (width, height, extent, into) is the
 * density request's own check, so both kinds of map refuse the same things the same way.
 */
import type { AttentionParams, AttentionRequest, AttentionSamples } from './api.js';
import { ATTENTION_DEFAULTS } from './attention-defaults.js';
import { HeatlensError } from './errors.js';
import { checkGrid } from './request.js';

export interface AttentionSpec {
  width: number;
  height: number;
  extent: [number, number, number, number];
  params: Required<AttentionParams>;
}

/** Longest lag accepted, in ms: a minute is far past any gaze–cursor coordination. */
export const MAX_LAG_MS = 60_000;

type Column = ArrayLike<unknown> & { length: number };

function isColumn(value: unknown): value is Column {
  return ArrayBuffer.isView(value) ? !(value instanceof DataView) : Array.isArray(value);
}

export function checkAttentionRequest(request: AttentionRequest): AttentionSpec {
  if (!request || typeof request !== 'object') throw invalid('the attention request must be an object');
  const { width, height, extent } = checkGrid({ width: request.width, height: request.height, extent: request.extent, into: request.into });
  if (request.dataset === undefined && request.samples === undefined) {
    throw invalid('an attention request needs either dataset (an id from loadAttention) or samples');
  }
  return { width, height, extent, params: checkAttentionParams(request) };
}

/** The parameters with defaults filled in; throws naming the first bad one. */
export function checkAttentionParams(given: AttentionParams): Required<AttentionParams> {
  const p = { ...ATTENTION_DEFAULTS };
  for (const key of Object.keys(ATTENTION_DEFAULTS) as (keyof AttentionParams)[]) {
    const value = given[key];
    if (value !== undefined) (p as Record<string, unknown>)[key] = value;
  }
  const positive = (v: number) => typeof v === 'number' && Number.isFinite(v) && v > 0;
  if (!positive(p.idleCap)) throw invalid(`idleCap must be a positive number of seconds, got ${show(p.idleCap)}`);
  if (!positive(p.speedThreshold)) throw invalid(`speedThreshold must be a positive number of px/s, got ${show(p.speedThreshold)}`);
  if (!(typeof p.fastWeight === 'number' && p.fastWeight >= 0 && p.fastWeight <= 1)) {
    throw invalid(`fastWeight must be a number from 0 to 1, got ${show(p.fastWeight)}`);
  }
  if (!(typeof p.lag === 'number' && p.lag >= 0 && p.lag <= MAX_LAG_MS)) {
    throw invalid(`lag must be a number of ms from 0 to ${MAX_LAG_MS}, got ${show(p.lag)}`);
  }
  if (!positive(p.spread)) throw invalid(`spread must be a positive number of px, got ${show(p.spread)}`);
  if (typeof p.perSession !== 'boolean') throw invalid(`perSession must be true or false, got ${show(p.perSession)}`);
  return p;
}

/** Checks the columns' types and lengths; returns the number of samples. */
export function checkAttentionSamples(samples: AttentionSamples | undefined): number {
  if (!samples || typeof samples !== 'object') throw badSamples('samples must be an object {session, ts, x, y} of arrays');
  if (!isColumn(samples.session)) {
    throw badSamples('samples.session must be an Int32Array, Uint32Array, Float64Array, or an array of numbers or strings');
  }
  const n = samples.session.length;
  for (const key of ['ts', 'x', 'y'] as const) {
    const column = samples[key];
    if (!isColumn(column)) throw badSamples(`samples.${key} must be a Float32Array, Float64Array or array of numbers`);
    if (column.length !== n) throw badSamples(`samples.${key} has ${column.length} values but samples.session has ${n}`);
  }
  return n;
}

function show(value: unknown): string {
  return typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
}

function invalid(message: string): HeatlensError {
  return new HeatlensError('invalid-request', message);
}

function badSamples(message: string): HeatlensError {
  return new HeatlensError('invalid-points', message);
}
