// The two ways a batch leaves the page. fetch() while the page lives (JSON, and its status is
// known); sendBeacon() when the page is being hidden or unloaded (text/plain, which needs no
// CORS preflight, and fire-and-forget: the browser sends it after the page is gone).

/** Chromium refuses keepalive bodies once those in flight pass 64 KiB. */
const KEEPALIVE_LIMIT = 65_536;

/** Status (0 on a network error) and the Retry-After header of one POST. */
export type Answer = [status: number, retryAfter: string | null];

export function post(url: string, body: string, size: number): Promise<Answer> {
  return fetch(url, {
    method: 'POST',
    body,
    headers: { 'Content-Type': 'application/json' },
    // keepalive lets a send that is under way finish if the page navigates away meanwhile.
    keepalive: size <= KEEPALIVE_LIMIT,
    credentials: 'omit',
  }).then(
    (r): Answer => [r.status, r.headers.get('Retry-After')],
    (): Answer => [0, null],
  );
}

/** Whether the browser accepted the beacon (false when over its quota or unavailable). */
export function beacon(url: string, body: string): boolean {
  try {
    return navigator.sendBeacon(url, new Blob([body], { type: 'text/plain' }));
  } catch {
    return false;
  }
}
