/** An error the caller can act on: bad arguments or data, with a stable code. */
export class HeatlensError extends Error {
  constructor(
    readonly code: 'invalid-request' | 'invalid-points' | 'unknown-dataset' | 'out-of-memory' | 'superseded' | 'closed',
    message: string,
  ) {
    super(message);
    this.name = code === 'superseded' ? 'AbortError' : 'HeatlensError';
  }
}

/** The rejection of a request that a newer request on the same channel replaced. */
export function supersededError(channel: string): HeatlensError {
  return new HeatlensError('superseded', `density request on channel "${channel}" was superseded by a newer one`);
}
