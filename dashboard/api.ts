/**
 * JSON requests to the ingest API with its error shape (`{error: {code, message, path}}`)
 * turned into messages a person can read, and the answers the dashboard uses, typed.
 */

export interface PageInfo {
  path: string;
  views: number;
  clicks: number;
  moves: number;
  scrolls: number;
  /** Typical document size in CSS px: the map's extent is 0,0,width,height. */
  width: number;
  height: number;
}

export interface RankedElement {
  selector: string;
  clicks: number;
  rage: number;
  /** Share of the page's clicks, 0…1. */
  share: number;
}

export interface ElementsAnswer {
  total: number;
  elements: RankedElement[];
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
}

/** GETs a JSON answer; any failure becomes an ApiError with the server's own message. */
export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: { accept: 'application/json' } });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(`The heatlens server cannot be reached (${(error as Error).message}).`, 0, 'network');
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: described below by status.
  }
  if (!response.ok) {
    const err = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(err?.message ?? `${url.split('?')[0]} answered ${response.status} ${response.statusText}`.trim(), response.status, err?.code ?? 'http-status');
  }
  if (body === null) throw new ApiError(`${url.split('?')[0]} did not answer JSON`, response.status, 'bad-data');
  return body as T;
}
