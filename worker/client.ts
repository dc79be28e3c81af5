/**
 * The Engine API as callers see it, over any backend that runs a DensityEngine: a comlink proxy
 * to the Web Worker (browser.ts) or the engine itself in-process (node.ts). It adds what is the
 * same everywhere: latest-wins channels, abort signals and a closed state.
 */
import type {
  AttentionRequest, AttentionResult, AttentionSamples, DatasetId, DatasetInfo, DensityRequest, DensityResult, Engine, EngineStats,
  LoadOptions, PointColumns, ScrollDepthRequest, ScrollDepthResult, ScrollSamples,
} from './api.js';
import { HeatlensError } from './errors.js';
import { checkGrid } from './request.js';
import { LatestWins } from './latest-wins.js';

/** What a backend must offer: the DensityEngine's methods, asynchronously. */
export interface EngineBackend {
  load(points: PointColumns): Promise<DatasetInfo>;
  append(id: DatasetId, points: PointColumns): Promise<DatasetInfo>;
  density(request: DensityRequest): Promise<DensityResult>;
  scrollDepth(request: ScrollDepthRequest): Promise<ScrollDepthResult>;
  loadAttention(samples: AttentionSamples): Promise<DatasetInfo & { sessions: number }>;
  attention(request: AttentionRequest): Promise<AttentionResult>;
  dispose(id: DatasetId): Promise<void>;
  stats(): Promise<EngineStats>;
}

/**
 * Prepares an outgoing message: marks its point buffers for transfer where that applies, and
 * `always` (buffers that come back anyway, like `into`) in every case.
 */
export type Outgoing = <T extends object>(message: T, points: PointColumns | undefined, transfer: boolean, always?: ArrayBuffer[]) => T;

export class EngineClient implements Engine {
  private readonly channels = new LatestWins();
  private readonly pending = new Set<(reason: unknown) => void>();
  private closed = false;

  constructor(
    private readonly backend: EngineBackend,
    private readonly outgoing: Outgoing,
    private readonly shutdown: () => void,
    private readonly transferByDefault: boolean,
  ) {}

  load(points: PointColumns, options?: LoadOptions): Promise<DatasetInfo> {
    return this.guard(() => this.backend.load(this.outgoing(points, points, this.transfers(options))));
  }

  append(dataset: DatasetId, points: PointColumns, options?: LoadOptions): Promise<DatasetInfo> {
    return this.guard(() => this.backend.append(dataset, this.outgoing(points, points, this.transfers(options))));
  }

  density(request: DensityRequest, options?: LoadOptions & { signal?: AbortSignal }): Promise<DensityResult> {
    return this.gridRequest(request, options?.signal, (returning) =>
      this.backend.density(this.outgoing(request, request.points, this.transfers(options), returning)),
    );
  }

  loadAttention(samples: AttentionSamples, options?: LoadOptions): Promise<DatasetInfo & { sessions: number }> {
    const moving = this.transfers(options) ? sampleBuffers(samples) : [];
    return this.guard(() => this.backend.loadAttention(this.outgoing(samples, undefined, false, moving)));
  }

  attention(request: AttentionRequest, options?: LoadOptions & { signal?: AbortSignal }): Promise<AttentionResult> {
    const moving = this.transfers(options) ? sampleBuffers(request?.samples) : [];
    return this.gridRequest(request, options?.signal, (returning) =>
      this.backend.attention(this.outgoing(request, undefined, false, [...moving, ...returning])),
    );
  }

  /** What density and attention maps share: `into` checked early, latest-wins channels, abort. */
  private gridRequest<T>(
    request: { width: number; height: number; into?: Float32Array; channel?: string },
    signal: AbortSignal | undefined,
    sendWith: (returning: ArrayBuffer[]) => Promise<T>,
  ): Promise<T> {
    // Checked here too, so that a wrong buffer is refused before it is transferred away.
    const into = request?.into;
    if (into !== undefined && !(into instanceof Float32Array && into.length === request.width * request.height)) {
      try {
        checkGrid(request as DensityRequest);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    const returning = into?.buffer instanceof ArrayBuffer ? [into.buffer] : [];
    const send = () => sendWith(returning);
    const task = () => (request.channel === undefined ? send() : this.channels.run(request.channel, send));
    if (!signal) return this.guard(task);
    if (signal.aborted) return Promise.reject(abortError(signal));
    // The kernels cannot be interrupted mid-grid, so an abort rejects at once and the result,
    // when it comes, is dropped.
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(abortError(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      this.guard(task).then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  scrollDepth(request: ScrollDepthRequest, options?: LoadOptions): Promise<ScrollDepthResult> {
    const moving = this.transfers(options) ? sampleBuffers(request?.samples) : [];
    return this.guard(() => this.backend.scrollDepth(this.outgoing(request, undefined, false, moving)));
  }

  dispose(dataset: DatasetId): Promise<void> {
    return this.guard(() => this.backend.dispose(dataset));
  }

  stats(): Promise<EngineStats> {
    return this.guard(() => this.backend.stats());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.shutdown();
    // Whatever was still in flight will never be answered now: say so rather than hang.
    const error = new HeatlensError('closed', 'the engine was closed before the request finished');
    for (const reject of this.pending) reject(error);
    this.pending.clear();
  }

  private transfers(options?: LoadOptions): boolean {
    return options?.transfer ?? this.transferByDefault;
  }

  private guard<T>(task: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new HeatlensError('closed', 'the engine has been closed'));
    return new Promise<T>((resolve, reject) => {
      this.pending.add(reject);
      const settle = () => this.pending.delete(reject);
      let running: Promise<T>;
      try {
        running = task();
      } catch (error) {
        running = Promise.reject(error);
      }
      running.then(
        (value) => {
          settle();
          resolve(value);
        },
        (error) => {
          settle();
          reject(error);
        },
      );
    });
  }
}

function abortError(signal: AbortSignal): Error {
  const reason = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error('the density request was aborted');
  error.name = 'AbortError';
  return error;
}

/** The distinct, transferable buffers behind a set of point columns. */
export function pointBuffers(points: PointColumns | undefined): ArrayBuffer[] {
  if (!points) return [];
  const buffers = new Set<ArrayBuffer>();
  for (const column of [points.x, points.y, points.w]) {
    if (ArrayBuffer.isView(column) && column.buffer instanceof ArrayBuffer) buffers.add(column.buffer);
  }
  return [...buffers];
}

/** The distinct, transferable buffers behind a set of scroll- or cursor-sample columns. */
export function sampleBuffers(samples: ScrollSamples | AttentionSamples | undefined): ArrayBuffer[] {
  if (!samples || typeof samples !== 'object') return [];
  const buffers = new Set<ArrayBuffer>();
  for (const column of Object.values(samples) as unknown[]) {
    if (ArrayBuffer.isView(column) && column.buffer instanceof ArrayBuffer) buffers.add(column.buffer);
  }
  return [...buffers];
}
