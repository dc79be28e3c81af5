/**
 * What a map element calls a failure: the `heatlens-error` detail's codes, and which code an
 * error thrown on the way to a frame (fetch, data, attribute, engine) is shown as.
 */
import { PointsSourceError } from '../points-source.js';

export interface ErrorDetail {
  /**
   * `render`: the drawing itself failed (a GPU or browser refusal), not the data.
   * `renderer-unavailable`: nothing can draw at all (WebGL failed and no Canvas2D context either).
   */
  code: 'fetch-failed' | 'http-status' | 'bad-data' | 'invalid-attribute' | 'engine' | 'render' | 'renderer-unavailable';
  message: string;
}

/** A property or attribute value the element cannot use; shown as `invalid-attribute`. */
export class AttributeError extends Error {
  override name = 'AttributeError';
}

/**
 * The error code a map shows for a failure: a fetch's own code, a bad attribute, or the
 * engine's — which refuses data it cannot hold (bad data) and parameters it cannot use.
 */
export function errorCodeOf(error: unknown): ErrorDetail['code'] {
  if (error instanceof PointsSourceError) return error.code;
  if (error instanceof AttributeError) return 'invalid-attribute';
  const code = (error as { code?: string } | null)?.code;
  return code === 'invalid-points' ? 'bad-data' : code === 'invalid-request' ? 'invalid-attribute' : 'engine';
}
