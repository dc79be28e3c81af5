// The events of docs/batch-format.md, field for field and in its order. Every event carries
// `t` (kind), `ts` (ms since epoch, client clock) and `path` (the page path).

export type Device = 'desktop' | 'tablet' | 'mobile';

export interface ViewEvent {
  t: 'view';
  ts: number;
  path: string;
  vw: number;
  vh: number;
  dw: number;
  dh: number;
  /** The previous path (an SPA route change, or a same-origin referrer); omitted when unknown. */
  ref?: string;
}

export interface ClickEvent {
  t: 'click';
  ts: number;
  path: string;
  x: number;
  y: number;
  vw: number;
  vh: number;
  dw: number;
  dh: number;
  sel: string;
  fx: number;
  fy: number;
  ia: boolean;
  rage: boolean;
}

export interface MoveEvent {
  t: 'move';
  ts: number;
  path: string;
  x: number;
  y: number;
  vw: number;
  dh: number;
}

export interface ScrollEvent {
  t: 'scroll';
  ts: number;
  path: string;
  y: number;
  vh: number;
  dh: number;
  vw: number;
}

export type TrackerEvent = ViewEvent | ClickEvent | MoveEvent | ScrollEvent;

/** How a capture module hands an event to delivery. */
export type Emit = (event: TrackerEvent) => void;

/** Counters the tracker keeps instead of throwing into the host page. */
export interface Stats {
  /** Events handed to the network and acknowledged (fetch 2xx) or queued by sendBeacon. */
  sent: number;
  /** Events dropped by the memory cap (oldest first). */
  dropped: number;
  /** Events the endpoint refused for good (4xx other than 429). */
  rejected: number;
  /** Repeated attempts of a batch (same batch id). */
  retries: number;
  /** Exceptions caught inside the tracker's own handlers. */
  errors: number;
  /** Events waiting in memory (pending or in unacknowledged batches). */
  queued: number;
}
