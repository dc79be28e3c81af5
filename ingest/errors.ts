/**
 * The one error shape of the ingest API, `{error: {code, message, path}}`, and the exception
 * that carries it from deep inside a request to the handler's single catch.
 */

/** A client error with its HTTP status; `path` is the JSON path of the bad field, or "". */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path = '',
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The store could not do its part (disk full, file locked): the client should retry. */
export class StoreError extends Error {
  override name = 'StoreError';
}

export interface ErrorBody {
  error: { code: string; message: string; path: string };
}

export function errorBody(code: string, message: string, path = ''): ErrorBody {
  return { error: { code, message, path } };
}

/** `["events", 3, "x"]` → `events[3].x`; the empty path is the body itself. */
export function jsonPath(parts: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'number') out += `[${part}]`;
    else {
      const name = String(part);
      out += /^[A-Za-z_$][\w$]*$/.test(name) ? (out ? `.${name}` : name) : `[${JSON.stringify(name)}]`;
    }
  }
  return out;
}

/** A query the store cannot answer as asked (too many bins, an unusable filter): a 400. */
export class QueryError extends Error {
  override name = 'QueryError';
  constructor(
    readonly code: string,
    message: string,
    readonly path = '',
  ) {
    super(message);
  }
}
