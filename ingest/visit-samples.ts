/**
 * Samples grouped into visits — one session on one page path — as `GET /v1/scroll?mode=samples`
 * and `GET /v1/moves` answer them, whichever store read the rows. Rows arrive ordered by
 * session, path, then time; each gets the index of its visit. Past the sample limit whole visits
 * are dropped from the end, never half of one: a half visit would fake a visitor who left early
 * (scroll) or stopped looking (attention). The tracker's session ids are random, so the visits
 * kept are a uniform sample of the visits that matched, not the oldest or the newest.
 */
export class VisitIndex {
  readonly sessions: string[] = [];
  readonly paths: string[] = [];
  readonly visit: number[] = [];
  private last = '';

  /** Records the next row's visit; rows must come ordered by session, then path. */
  add(session: string, path: string): void {
    const key = `${session}\u0000${path}`;
    if (key !== this.last) {
      this.sessions.push(session);
      this.paths.push(path);
      this.last = key;
    }
    this.visit.push(this.sessions.length - 1);
  }

  get rows(): number {
    return this.visit.length;
  }

  /**
   * Keeps at most `limit` rows, whole visits only, and forgets the visits dropped. Returns the
   * rows kept and whether any visit was dropped; the caller truncates its own columns to `keep`.
   */
  cap(limit: number): { keep: number; truncated: boolean } {
    const r = capVisits(this.visit, limit);
    this.visit.length = r.keep;
    this.sessions.length = this.paths.length = r.keep > 0 ? this.visit[r.keep - 1] + 1 : 0;
    return r;
  }
}

/**
 * How many of the rows (visit indices in order) to keep so that at most `limit` remain and no
 * visit is cut: the caller asked for `limit + 1` rows, so more than `limit` means the visit at
 * `limit` is incomplete, and it goes with everything after it.
 */
export function capVisits(visit: ArrayLike<number>, limit: number): { keep: number; truncated: boolean } {
  if (visit.length <= limit) return { keep: visit.length, truncated: false };
  const cut = visit[limit];
  let keep = limit;
  while (keep > 0 && visit[keep - 1] === cut) keep--;
  return { keep, truncated: true };
}
