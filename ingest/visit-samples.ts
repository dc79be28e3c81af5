/**
 * Samples grouped into visits — one session on one page path — as `GET /v1/scroll?mode=samples`
 * and `GET /v1/moves` answer them, whichever store read the rows. Rows arrive ordered by
 * session, path, then time; each gets the index of its visit. Past the sample limit whole visits
 * are dropped from the end, never half of one: a half visit would fake a visitor who left early
 * (scroll) or stopped looking (attention). Session ids are random, so the visits kept are a
 * uniform sample of the visits that matched, not the oldest or the newest.
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
   * Keeps at most `limit` rows, whole visits only (the caller asked for `limit + 1` rows, so
   * more than `limit` means at least one visit is cut). Returns the rows kept and whether any
   * visit was dropped; the caller truncates its own columns to `keep`.
   */
  cap(limit: number): { keep: number; truncated: boolean } {
    if (this.visit.length <= limit) return { keep: this.visit.length, truncated: false };
    const lastVisit = this.visit[limit];
    let keep = limit;
    while (keep > 0 && this.visit[keep - 1] === lastVisit) keep--;
    this.visit.length = keep;
    this.sessions.length = this.paths.length = keep > 0 ? this.visit[keep - 1] + 1 : 0;
    return { keep, truncated: true };
  }
}
