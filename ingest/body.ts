/**
 * Reading a request body under limits: the bytes on the wire (checked against Content-Length
 * before reading, and again while reading, since a client may lie or stream), then the bytes
 * gzip inflates to, counted as they come out so a bomb is stopped at the cap instead of being
 * inflated whole.
 */
import { createGunzip } from 'node:zlib';
import { HttpError } from './errors.js';

export interface BodyLimits {
  /** Bytes on the wire, compressed or not. */
  maxBodyBytes: number;
  /** Bytes after gzip. */
  maxInflatedBytes: number;
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'body_too_large', `request body exceeds ${limit} bytes`);
}

export async function readLimited(request: Request, limit: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limit) throw tooLarge(limit);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

export interface Inflated {
  data: Uint8Array;
  /** Bytes produced before stopping: the whole output, or just past the cap for a bomb. */
  inflated: number;
}

/**
 * Gunzips `input`, stopping as soon as the output passes `cap` (zlib hands out 16 KiB at a
 * time, so at most one chunk past the cap is ever produced). Throws 413 past the cap and 400
 * for data that is not gzip.
 */
export function gunzipCapped(input: Uint8Array, cap: number): Promise<Inflated> {
  return new Promise((resolve, reject) => {
    const gunzip = createGunzip();
    const chunks: Buffer[] = [];
    let inflated = 0;
    let settled = false;
    const fail = (err: HttpError) => {
      if (settled) return;
      settled = true;
      gunzip.destroy();
      reject(err);
    };
    gunzip.on('data', (chunk: Buffer) => {
      inflated += chunk.byteLength;
      if (inflated > cap) {
        const err = new HttpError(413, 'decompressed_too_large', `decompressed body exceeds ${cap} bytes`);
        (err as HttpError & { inflated?: number }).inflated = inflated;
        fail(err);
        return;
      }
      chunks.push(chunk);
    });
    gunzip.on('error', (e: Error) => fail(new HttpError(400, 'bad_gzip', `body is not valid gzip: ${e.message}`)));
    gunzip.on('end', () => {
      if (settled) return;
      settled = true;
      resolve({ data: Buffer.concat(chunks, inflated), inflated });
    });
    gunzip.end(input);
  });
}

/** The body as JSON text's bytes: read under the wire limit, gunzipped under the inflate cap. */
export async function readBody(request: Request, limits: BodyLimits): Promise<Uint8Array> {
  const raw = await readLimited(request, limits.maxBodyBytes);
  const encoding = (request.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') return (await gunzipCapped(raw, limits.maxInflatedBytes)).data;
  if (raw.byteLength > limits.maxInflatedBytes) {
    throw new HttpError(413, 'body_too_large', `request body exceeds ${limits.maxInflatedBytes} bytes`);
  }
  return raw;
}
