/**
 * What the dashboard knows about the site, fetched once per question and kept: its pages, each
 * page's layout size as a segment sees it, and each segment's visit count. Answers arrive
 * asynchronously; `changed` is called when one does, and the caller asks again.
 */
import { getJson, type PageInfo } from './api.js';
import { pagesUrl, sessionsUrl } from './filters.js';
import type { DashboardState, Segment } from './state.js';

function isFiltered(segment: Segment): boolean {
  return segment.devices.length > 0 || segment.vwmin !== null || segment.vwmax !== null || segment.from !== '' || segment.to !== '';
}

export class SiteData {
  /** The site's pages with a known document size, most viewed first. */
  pages: PageInfo[] = [];
  /** Page lists under a segment's filters, by URL; null while loading. */
  private readonly segmentPages = new Map<string, PageInfo[] | null>();
  /** Visit counts by URL; null while loading. */
  private readonly visits = new Map<string, number | null>();

  constructor(private readonly changed: () => void) {}

  /** Loads the site's pages (throws the API's error). */
  async loadPages(site: string): Promise<PageInfo[]> {
    const answer = await getJson<{ pages: PageInfo[] }>(pagesUrl(site));
    this.pages = answer.pages.filter((p) => p.width > 0 && p.height > 0);
    return this.pages;
  }

  /** Forgets the per-segment answers, so the next questions see events stored since. */
  forget(): void {
    this.segmentPages.clear();
    this.visits.clear();
  }

  page(path: string): PageInfo | undefined {
    return this.pages.find((p) => p.path === path);
  }

  /**
   * The page as this segment sees it: its views and typical document size under the segment's
   * filters, so a phone segment is drawn over the phone layout. Undefined while that is loading;
   * the site-wide size when the segment has none of its own.
   */
  layout(state: DashboardState, segment: Segment): PageInfo | undefined {
    const page = this.page(state.page);
    if (!page || !isFiltered(segment)) return page;
    const url = pagesUrl(state.site, segment);
    const list = this.segmentPages.get(url);
    if (list === undefined) {
      this.segmentPages.set(url, null);
      getJson<{ pages: PageInfo[] }>(url)
        // Without its own list the segment is drawn at the site-wide size.
        .then((answer) => this.segmentPages.set(url, answer.pages), () => this.segmentPages.set(url, []))
        .finally(this.changed);
      return undefined;
    }
    if (list === null) return undefined;
    const own = list.find((p) => p.path === page.path && p.width > 0 && p.height > 0);
    return { ...page, views: own?.views ?? 0, width: own?.width ?? page.width, height: own?.height ?? page.height };
  }

  /** Visits (one session on this page) in the segment; null until known. */
  sessions(state: DashboardState, segment: Segment): number | null {
    const url = sessionsUrl(state, segment);
    if (!this.visits.has(url)) {
      this.visits.set(url, null);
      getJson<{ sessions: number }>(url)
        .then((answer) => this.visits.set(url, answer.sessions))
        // Asked again on the next change; the card shows a dash meanwhile.
        .catch(() => this.visits.delete(url))
        .finally(this.changed);
    }
    return this.visits.get(url) ?? null;
  }
}
