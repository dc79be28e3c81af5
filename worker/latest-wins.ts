/**
 * "Latest wins" scheduling for requests that share a channel (one element re-rendering as a
 * user drags a slider): at most one request per channel runs; a newer one waits in a single
 * slot, replacing (and rejecting) any older waiter; and when the running one finishes while a
 * newer one waits, its result is stale and is rejected instead of delivered. Nothing older than
 * the newest request ever resolves after it.
 */
import { supersededError } from './errors.js';

interface Waiter<T> {
  start: () => Promise<T>;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
}

interface Lane {
  running: boolean;
  waiting?: Waiter<unknown>;
}

export class LatestWins {
  private readonly lanes = new Map<string, Lane>();

  run<T>(channel: string, start: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let lane = this.lanes.get(channel);
      if (!lane) this.lanes.set(channel, (lane = { running: false }));
      const waiter = { start, resolve, reject } as Waiter<unknown>;
      if (!lane.running) return this.launch(channel, lane, waiter);
      lane.waiting?.reject(supersededError(channel));
      lane.waiting = waiter;
    });
  }

  private launch(channel: string, lane: Lane, waiter: Waiter<unknown>): void {
    lane.running = true;
    const settle = (deliver: () => void) => {
      lane.running = false;
      const next = lane.waiting;
      lane.waiting = undefined;
      if (next) {
        waiter.reject(supersededError(channel));
        this.launch(channel, lane, next);
      } else {
        this.lanes.delete(channel);
        deliver();
      }
    };
    let task: Promise<unknown>;
    try {
      task = waiter.start();
    } catch (error) {
      task = Promise.reject(error);
    }
    task.then(
      (value) => settle(() => waiter.resolve(value)),
      (error) => settle(() => waiter.reject(error)),
    );
  }
}
