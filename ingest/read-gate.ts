/**
 * Admission for the store's read queries. A heavy read (a million clicks for one map) takes a
 * few hundred milliseconds of CPU; without a bound, a burst of them — a crawler, a dashboard
 * left open in forty tabs, someone hammering an open read route — would queue inside the
 * database and starve the batch writes the trackers depend on. So at most `concurrency` reads
 * run at once, at most `queue` wait (first come, first served), and the rest are told at once
 * to come back: 503 `busy` with Retry-After, an answer a client can act on.
 *
 * Only the query is gated: 304s and HEADs are answered from the store's revision and never wait.
 * A waiting read whose client has gone (its request's signal aborted) leaves the queue.
 */
import { HttpError } from './errors.js';

export interface ReadLimits {
  /** Store reads running at once. */
  concurrency: number;
  /** Reads waiting for a turn; one more is refused with 503. */
  queue: number;
}

/** Two cores run a few heavy queries at once well; more only share the same cores. */
export const DEFAULT_READ_LIMITS: ReadLimits = { concurrency: 4, queue: 64 };

/** Seconds a refused client is asked to wait: long enough for the queue ahead to move. */
const RETRY_AFTER_S = '1';

export class ReadGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limits: ReadLimits) {
    if (!(Number.isInteger(limits.concurrency) && limits.concurrency >= 1)) throw new RangeError(`read concurrency must be a whole number ≥ 1, got ${limits.concurrency}`);
    if (!(Number.isInteger(limits.queue) && limits.queue >= 0)) throw new RangeError(`read queue must be a whole number ≥ 0, got ${limits.queue}`);
  }

  /** Reads running and waiting now, and the limits (GET /healthz shows them). */
  get load(): { running: number; waiting: number } & ReadLimits {
    return { running: this.running, waiting: this.waiting.length, ...this.limits };
  }

  /** Runs `read` when its turn comes; throws HttpError 503 when the queue is full. */
  async run<T>(read: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.turn(signal);
    try {
      return await read();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private turn(signal?: AbortSignal): Promise<void> {
    if (this.running < this.limits.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.limits.queue) {
      throw new HttpError(
        503,
        'busy',
        `the server is answering ${this.running} reads with ${this.waiting.length} waiting; retry in ${RETRY_AFTER_S} s`,
        '',
        { 'Retry-After': RETRY_AFTER_S },
      );
    }
    return new Promise<void>((resolve, reject) => {
      const admit = () => {
        signal?.removeEventListener('abort', leave);
        this.running++;
        resolve();
      };
      const leave = () => {
        const at = this.waiting.indexOf(admit);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(new HttpError(499, 'client_gone', 'the client went away while its read waited'));
      };
      if (signal?.aborted) return leave();
      signal?.addEventListener('abort', leave, { once: true });
      this.waiting.push(admit);
    });
  }
}
