/**
 * One map on the dashboard: the map element for the chosen type over the page underneath (the
 * live page in an iframe, a screenshot, or nothing), scaled to the space available, with its
 * loading / empty / error state in words. The dashboard shows one panel, two when comparing.
 */
import type { ClickRenderDetail, ErrorDetail, MapElement, RenderDetail } from '../components/index.js';
import type { PageInfo } from './api.js';
import { mapSource } from './filters.js';
import { PanelStatusTracker, type PanelStatus } from './panel-status.js';
import type { DashboardState, MapType, Segment } from './state.js';
import { underlayProblem } from './underlay-check.js';

export type { PanelStatus } from './panel-status.js';

const TAGS: Record<MapType, string> = { click: 'click-map', scroll: 'scroll-map', attention: 'attention-map' };
const NOUNS: Record<MapType, string> = { click: 'clicks', scroll: 'visits', attention: 'cursor movements' };

const count = new Intl.NumberFormat('en');

export interface PanelView {
  state: DashboardState;
  segment: Segment;
  page: PageInfo;
  /** CSS px the map may be wide. */
  available: number;
}

/** Map elements as the dashboard drives them; only <click-map> has a bandwidth. */
type AnyMap = MapElement & { bandwidth?: unknown };

export class MapPanel {
  readonly root: HTMLElement;
  private readonly titleEl: HTMLElement;
  private readonly statusEl: HTMLElement;
  private readonly stage: HTMLElement;
  private map: AnyMap | null = null;
  private mapType: MapType | null = null;
  private underlay: HTMLElement | null = null;
  private underlayKey = '';
  private scale = 1;
  /** The colour max this panel was last told to use (a percentile or an absolute density). */
  maxSpec = '';
  /** The last frame's numbers. */
  last: RenderDetail | null = null;
  private readonly tracker = new PanelStatusTracker();

  constructor(
    readonly id: string,
    private readonly hooks: { onRender(panel: MapPanel, detail: RenderDetail): void; onStatus(panel: MapPanel): void },
  ) {
    this.root = document.createElement('section');
    this.root.className = 'panel';
    this.root.setAttribute('aria-labelledby', `${id}-title`);
    this.root.innerHTML = `<header class="panel-head"><h2 id="${id}-title" class="panel-title"></h2><p class="panel-status" role="status" aria-live="polite"></p></header><div class="stage"></div>`;
    this.titleEl = this.root.querySelector('.panel-title')!;
    this.statusEl = this.root.querySelector('.panel-status')!;
    this.stage = this.root.querySelector('.stage')!;
  }

  /** The map element on screen (null before the first page is shown). */
  get element(): AnyMap | null {
    return this.map;
  }

  /** Page px per CSS px on screen is 1 / scale. */
  get pageScale(): number {
    return this.scale;
  }

  get status(): PanelStatus {
    return this.tracker.status;
  }

  setTitle(text: string): void {
    this.titleEl.textContent = text;
  }

  /**
   * The view `view` (the map's source before its layout is known) is on its way: its layout is
   * loading. The map on screen is about to be replaced, so the panel says "loading" now.
   */
  awaitLayout(view: string): void {
    this.tracker.awaitLayout(view);
    this.paint();
  }

  /** The filters as typed cannot be drawn (`problem` says why): the map keeps what it shows. */
  hold(problem: string): void {
    this.tracker.hold(this.map ? `Not showing the filters as typed: ${problem} The map still shows the previous ones.` : `Nothing to show: ${problem}`);
    this.paint();
  }

  /** Loads the map's data again (events stored since show). */
  reload(): void {
    this.map?.reload();
  }

  update(view: PanelView): void {
    const { state, page } = view;
    const map = this.ensureMap(state.map);
    if (!map) return;
    const scale = Math.min(1, Math.max(0.1, view.available / page.width));
    this.scale = scale;
    const cssW = Math.round(page.width * scale);
    const cssH = Math.round(page.height * scale);
    map.style.width = `${cssW}px`;
    map.style.height = `${cssH}px`;
    map.extent = `0,0,${page.width},${page.height}`;
    map.label = `${state.map === 'scroll' ? 'Scroll' : state.map === 'attention' ? 'Attention' : 'Click'} map of ${page.path}`;
    map.colormap = state.colormap;
    map.opacity = state.opacity;
    map.scale = state.scale;
    // Attention maps spread by the gaze–cursor distance the engine cites, not a bandwidth.
    if (state.map === 'click') map.bandwidth = state.bandwidth;
    map.legend = true;
    this.updateUnderlay(state, page, cssW, cssH, scale);
    const src = mapSource(state, view.segment, page.width);
    if (this.tracker.show(mapSource(state, view.segment), src)) {
      this.last = null;
      map.src = src;
    }
    this.paint();
  }

  /** Sets the colour max (not used by scroll maps, whose colours are shares 0…1). */
  setMax(spec: string): void {
    this.maxSpec = spec;
    if (this.map && this.mapType !== 'scroll') this.map.max = spec;
  }

  private ensureMap(type: MapType): AnyMap | null {
    if (this.map && this.mapType === type) return this.map;
    this.map?.remove();
    this.map = null;
    this.mapType = type;
    this.last = null;
    this.tracker.reset();
    if (!customElements.get(TAGS[type])) {
      this.tracker.failed(`<${TAGS[type]}> is not part of this build of heatlens.js.`);
      this.paint();
      return null;
    }
    // The head leaves room for this type's legends (two for scroll maps).
    this.root.dataset.map = type;
    const map = document.createElement(TAGS[type]) as AnyMap;
    map.className = 'map';
    if (type === 'scroll') {
      map.setAttribute('time-in-view', '');
      // A scroll map colours the whole page; multiplied over it, the page stays readable.
      map.style.setProperty('--heatlens-blend-mode', 'multiply');
    }
    map.addEventListener('heatlens-render', (e) => this.rendered((e as CustomEvent<RenderDetail>).detail));
    map.addEventListener('heatlens-error', (e) => {
      this.tracker.failed((e as CustomEvent<ErrorDetail>).detail.message);
      this.paint();
    });
    if (this.underlay) map.append(this.underlay);
    this.stage.append(map);
    this.map = map;
    if (this.maxSpec) this.setMax(this.maxSpec);
    return map;
  }

  private rendered(detail: RenderDetail): void {
    const news = this.tracker.rendered({ events: detail.events, density: Boolean(detail.density) }, () =>
      detail.events > 0 ? { kind: 'ready', note: this.droppedNote(detail) } : { kind: 'empty', message: this.emptyMessage(detail) },
    );
    if (!news) return;
    this.last = detail;
    this.paint();
    this.hooks.onRender(this, detail);
  }

  /**
   * Clicks the map could not show, when there are enough to matter: those on elements the
   * layout underneath does not have (a phone's menu button on the desktop page), which the
   * server could not place, and those that fell outside the page.
   */
  private droppedNote(detail: RenderDetail): string | undefined {
    // Clicks only: the other maps count their drops in other units (samples against seconds).
    if (this.mapType !== 'click') return undefined;
    const unplaced = (detail as ClickRenderDetail).unplaced ?? 0;
    const all = detail.events + detail.dropped + unplaced;
    const notes: string[] = [];
    if (unplaced > 0.005 * all) notes.push(`${count.format(unplaced)} clicks were on elements this layout does not show.`);
    if (detail.dropped > 0.005 * all) notes.push(`${count.format(detail.dropped)} clicks fell outside the page.`);
    return notes.length ? notes.join(' ') : undefined;
  }

  /** Why the map is empty: no data matched, or (attention) the samples that did carry no attention. */
  private emptyMessage(detail: RenderDetail): string {
    const kept = (detail as RenderDetail & { kept?: number }).kept ?? 0;
    if (this.mapType === 'attention' && kept > 0) {
      return `${count.format(kept)} cursor samples match, but none carries attention: every move was faster than the reading speed, or a visit left a single sample.`;
    }
    return `No ${NOUNS[this.mapType ?? 'click']} match these filters on this page.`;
  }

  /** Shows the status in words (the head) and on the stage (CSS keys off data-status). */
  private paint(): void {
    const status = this.tracker.status;
    if (this.root.dataset.status === status.kind && this.root.dataset.message === messageOf(status)) return;
    this.root.dataset.status = status.kind;
    this.root.dataset.message = messageOf(status);
    this.stage.dataset.message = status.kind === 'empty' || status.kind === 'held' ? status.message : '';
    this.statusEl.textContent = status.kind === 'loading' ? 'Loading…' : status.kind === 'ready' ? (status.note ?? '') : status.message;
    this.hooks.onStatus(this);
  }

  /**
   * The page underneath, drawn at its real width and scaled down with the map. The live page
   * is sandboxed without scripts: it renders, but its tracker does not record the analyst.
   */
  private updateUnderlay(state: DashboardState, page: PageInfo, cssW: number, cssH: number, scale: number): void {
    const key = `${state.underlay}|${state.underlay === 'image' ? state.image : page.path}|${page.width}x${page.height}`;
    if (key !== this.underlayKey) {
      this.underlayKey = key;
      this.underlay?.remove();
      this.underlay = this.buildUnderlay(state, page);
      if (this.underlay && this.map) this.map.append(this.underlay);
    }
    if (!this.underlay) return;
    this.underlay.style.width = `${cssW}px`;
    this.underlay.style.height = `${cssH}px`;
    const inner = this.underlay.firstElementChild as HTMLElement | null;
    if (inner) inner.style.transform = `scale(${scale})`;
  }

  private buildUnderlay(state: DashboardState, page: PageInfo): HTMLElement | null {
    if (state.underlay === 'none' || (state.underlay === 'image' && !state.image)) return null;
    const box = document.createElement('div');
    box.className = 'underlay';
    // A picture of the page, not a second page: out of the tab order and the accessibility tree
    // (the map element itself is the labelled figure).
    box.inert = true;
    if (state.underlay === 'image') {
      const img = document.createElement('img');
      img.alt = `Screenshot of ${page.path}`;
      // CORS mode, so an image from a server that allows it can go into the PNG export.
      img.crossOrigin = 'anonymous';
      img.src = state.image;
      img.width = page.width;
      img.height = page.height;
      box.append(img);
    } else {
      const frame = document.createElement('iframe');
      frame.title = `The page ${page.path}, underneath the map`;
      frame.src = page.path;
      frame.width = String(page.width);
      frame.height = String(page.height);
      frame.setAttribute('sandbox', 'allow-same-origin');
      frame.setAttribute('scrolling', 'no');
      frame.tabIndex = -1;
      // Only pages this server hosts (the demo site, or a site behind the same origin) can be
      // shown live. Anything else answers with an error document, or is refused outright (no
      // readable document: cross-origin isolation blocks it), so say what to do instead.
      frame.addEventListener('load', () => {
        const doc = frame.contentDocument;
        if (doc !== null && doc.contentType === 'text/html') {
          box.dataset.missing = '';
          return;
        }
        // The frame cannot say why it has no page: ask the server whether it is there at all.
        void underlayProblem(page.path).then((why) => {
          if (this.underlay === box) box.dataset.missing = why;
        });
      });
      box.append(frame);
    }
    return box;
  }
}

function messageOf(status: PanelStatus): string {
  return status.kind === 'loading' ? '' : status.kind === 'ready' ? (status.note ?? '') : status.message;
}
