/**
 * The dashboard: reads the view from the URL, loads the site's pages, and keeps the maps, the
 * ranking and the summary in step with the sidebar. Every change is written back to the URL.
 */
import '../components/index.js';
import type { RenderDetail } from '../components/index.js';
import { ApiError, getJson, type ElementsAnswer, type PageInfo } from './api.js';
import { readForm, segmentFieldset, writeForm } from './controls.js';
import { download, exportPanels } from './export.js';
import { elementsUrl, pagesUrl, segmentProblem, sessionsUrl } from './filters.js';
import { MapPanel } from './map-panel.js';
import { Ranking } from './ranking.js';
import { SharedColourMax } from './shared-max.js';
import { describeSegment, parseState, serializeState, type DashboardState, type Segment } from './state.js';
import { renderSummary, type SummaryNumbers } from './summary.js';

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
const form = $<HTMLFormElement>('#controls');
const pagePicker = $<HTMLSelectElement>('#page');
const panelsRoot = $('#panels');
const banner = $('#banner');
const summaryRoot = $('.summary');
const NOUN = { click: 'clicks', scroll: 'visits that scrolled', attention: 'seconds of attention' } as const;

let state: DashboardState = parseState(location.search);
let pages: PageInfo[] = [];
/** Pages under each segment's filters (their layout size), by URL; null while loading. */
const segmentPages = new Map<string, PageInfo[] | null>();
const sessions = new Map<string, number | null>();
const sharedMax = new SharedColourMax();
let densityKey = '';
let rankingKey = '';
let rankingAbort: AbortController | null = null;

const panels = [
  new MapPanel('map-a', { onRender, onStatus: () => refreshSummary() }),
  new MapPanel('map-b', { onRender, onStatus: () => refreshSummary() }),
];
const ranking = new Ranking($('#ranking'), (selector) => {
  state = { ...state, selector, map: 'click' };
  writeForm(form, state);
  commit();
});

function onRender(panel: MapPanel, detail: RenderDetail): void {
  sharedMax.rendered(panel, detail);
  refreshSummary();
}

function showBanner(message: string | null): void {
  banner.hidden = message === null;
  banner.textContent = message ?? '';
}

function currentPage(): PageInfo | undefined {
  return pages.find((p) => p.path === state.page);
}

function activePanels(): MapPanel[] {
  return state.compare ? panels : panels.slice(0, 1);
}

/** Width each panel may take: the main column, halved when comparing. */
function availableWidth(): number {
  const gap = 16;
  const width = panelsRoot.clientWidth || 800;
  return state.compare ? (width - gap) / 2 : width;
}

function segments(): Segment[] {
  return state.compare ? [state.segment, state.segmentB] : [state.segment];
}

/** Draws the whole view from `state`. */
function render(): void {
  const page = currentPage();
  const problem = segments().map(segmentProblem).find((p) => p !== null) ?? null;
  showBanner(problem);
  if (!page || problem) return;
  const active = activePanels();
  panelsRoot.replaceChildren(...active.map((p) => p.root));
  panelsRoot.dataset.compare = String(state.compare);
  const available = availableWidth();
  active.forEach((panel, i) => {
    const segment = segments()[i];
    panel.setTitle(state.compare ? `${i === 0 ? 'A' : 'B'} · ${describeSegment(segment)}` : `${page.path} · ${describeSegment(segment)}`);
    const layout = segmentLayout(segment);
    if (layout) panel.update({ state, segment, page: layout, available });
  });
  const key = JSON.stringify([state.map, state.page, segments(), state.selector, state.bandwidth, state.max, state.compare]);
  if (key !== densityKey) {
    densityKey = key;
    if (state.compare && state.map !== 'scroll') sharedMax.reset(active, state.max);
    else {
      sharedMax.reset([], state.max);
      for (const p of active) p.setMax(state.max);
    }
  }
  loadRanking();
  loadSessions();
  refreshSummary();
}

/**
 * The page as this segment sees it: its typical document size under the segment's filters, so
 * a phone segment is drawn over the phone layout. Undefined while that is loading (render runs
 * again when it arrives); the unfiltered size when the segment has no size of its own.
 */
function segmentLayout(segment: Segment): PageInfo | undefined {
  const page = currentPage()!;
  const filtered = segment.devices.length > 0 || segment.vwmin !== null || segment.vwmax !== null || segment.from !== '' || segment.to !== '';
  if (!filtered) return page;
  const url = pagesUrl(state.site, segment);
  if (!segmentPages.has(url)) {
    segmentPages.set(url, null);
    getJson<{ pages: PageInfo[] }>(url)
      .then((answer) => segmentPages.set(url, answer.pages))
      .catch(() => segmentPages.set(url, []))
      .finally(render);
    return undefined;
  }
  const own = segmentPages.get(url)?.find((p) => p.path === page.path && p.width > 0 && p.height > 0);
  if (segmentPages.get(url) === null) return undefined;
  return { ...page, views: own?.views ?? 0, width: own?.width ?? page.width, height: own?.height ?? page.height };
}

function loadRanking(): void {
  const key = elementsUrl(state, state.segment) + `#${state.selector}`;
  if (key === rankingKey) return;
  rankingKey = key;
  rankingAbort?.abort();
  const abort = (rankingAbort = new AbortController());
  ranking.loading();
  getJson<ElementsAnswer>(elementsUrl(state, state.segment), abort.signal)
    .then((answer) => ranking.show(answer, state.selector))
    .catch((error: Error) => {
      if (error.name !== 'AbortError') ranking.error(error.message);
    });
}

function loadSessions(): void {
  for (const segment of segments()) {
    const url = sessionsUrl(state, segment);
    if (sessions.has(url)) continue;
    sessions.set(url, null);
    getJson<{ sessions: number }>(url)
      .then((answer) => sessions.set(url, answer.sessions))
      .catch(() => sessions.delete(url))
      .finally(refreshSummary);
  }
}

function numbers(panel: MapPanel, segment: Segment): SummaryNumbers {
  const last = panel.status.kind === 'ready' || panel.status.kind === 'empty' ? panel.last : null;
  return {
    views: segmentLayout(segment)?.views ?? null,
    sessions: sessions.get(sessionsUrl(state, segment)) ?? null,
    // Attention is measured in seconds (one decimal), the others in whole events.
    events: last ? (state.map === 'attention' ? Math.round(last.events * 10) / 10 : Math.round(last.events)) : null,
    eventNoun: NOUN[state.map],
    dropped: last ? last.dropped : null,
  };
}

function refreshSummary(): void {
  if (!currentPage()) return;
  renderSummary(summaryRoot, numbers(panels[0], state.segment), state.compare ? numbers(panels[1], state.segmentB) : null);
}

let urlTimer = 0;
let shownView = '';

/**
 * Writes the state to the URL and redraws. A new page or map type is a new history entry (Back
 * returns to it); filter and display changes replace the current one, a little after a slider
 * stops, since browsers throttle rapid history updates.
 */
function commit(): void {
  const view = `${state.page}|${state.map}`;
  const push = shownView !== '' && view !== shownView;
  shownView = view;
  clearTimeout(urlTimer);
  const write = () => {
    const search = serializeState(state);
    if (search === location.search) return;
    const url = `${location.pathname}${search}${location.hash}`;
    if (push) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
  };
  if (push) write();
  else urlTimer = window.setTimeout(write, 150);
  render();
}

function fillPagePicker(): void {
  pagePicker.replaceChildren(
    ...pages.map((p) => {
      const option = document.createElement('option');
      option.value = p.path;
      option.textContent = `${p.path} — ${new Intl.NumberFormat('en').format(p.views)} views`;
      return option;
    }),
  );
  pagePicker.value = state.page;
  pagePicker.disabled = pages.length === 0;
}

async function loadPages(): Promise<void> {
  try {
    pages = (await getJson<{ pages: PageInfo[] }>(pagesUrl(state.site))).pages.filter((p) => p.width > 0 && p.height > 0);
  } catch (error) {
    pagePicker.replaceChildren(new Option('No pages'));
    showBanner(`The pages of site “${state.site}” could not be loaded: ${(error as Error).message}`);
    panelsRoot.replaceChildren(emptyState('Nothing to show yet', error instanceof ApiError && error.code === 'network' ? 'Start the server with npm start, then reload this page.' : 'See the message above.'));
    return;
  }
  if (!pages.length) {
    pagePicker.replaceChildren(new Option('No pages yet'));
    panelsRoot.replaceChildren(
      emptyState(`No pages recorded for site “${state.site}” yet`, 'Open the demo site, click around, and reload: your clicks appear within seconds.', '/demo/'),
    );
    return;
  }
  if (!currentPage()) state = { ...state, page: pages[0].path };
  fillPagePicker();
  commit();
}

function emptyState(title: string, text: string, link?: string): HTMLElement {
  const box = document.createElement('div');
  box.className = 'empty-state';
  box.innerHTML = `<h2></h2><p></p>${link ? `<a class="primary button" href="${link}">Open the demo site</a>` : ''}`;
  box.querySelector('h2')!.textContent = title;
  box.querySelector('p')!.textContent = text;
  return box;
}

function setup(): void {
  const segmentsRoot = $('#segments');
  segmentsRoot.append(segmentFieldset('a-', 'Segment'), segmentFieldset('b-', 'Compare with'));
  writeForm(form, state);
  // Sliders and toggles apply as they move; text fields when they are committed (change/Enter).
  form.addEventListener('input', (e) => {
    if ((e.target as HTMLInputElement).type === 'text' || (e.target as HTMLInputElement).type === 'url') return;
    state = readForm(form, state);
    commit();
  });
  // The map-type radios sit in the top bar, outside the form element, so their events do not
  // bubble through it.
  for (const target of [form, $('.maptype')]) {
    target.addEventListener('change', () => {
      state = readForm(form, state);
      commit();
    });
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    state = readForm(form, state);
    commit();
  });
  $('#clear-selector').addEventListener('click', () => {
    state = { ...state, selector: '' };
    writeForm(form, state);
    commit();
  });
  pagePicker.addEventListener('change', () => {
    state = { ...state, page: pagePicker.value, selector: '' };
    writeForm(form, state);
    commit();
  });
  window.addEventListener('popstate', () => {
    state = parseState(location.search);
    shownView = `${state.page}|${state.map}`;
    writeForm(form, state);
    if (pagePicker.options.length) pagePicker.value = state.page;
    render();
  });
  let resizeTimer = 0;
  new ResizeObserver(() => {
    clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(render, 150);
  }).observe(panelsRoot);
  $('#copy-link').addEventListener('click', async (e) => {
    const button = e.currentTarget as HTMLButtonElement;
    try {
      await navigator.clipboard.writeText(location.href);
      button.textContent = 'Link copied';
    } catch {
      // Clipboard access can be refused; the address bar already holds the same link.
      button.textContent = 'Copy from the address bar';
    }
    setTimeout(() => (button.textContent = 'Copy link'), 2000);
  });
  $('#export').addEventListener('click', exportPng);
}

async function exportPng(): Promise<void> {
  const button = $<HTMLButtonElement>('#export');
  button.disabled = true;
  try {
    const caption = `heatlens · ${state.map} map of ${state.page}${state.selector ? ` · ${state.selector}` : ''}`;
    const result = await exportPanels(activePanels(), caption);
    showBanner(result.notes.length ? `Exported the map without the page underneath. ${result.notes.join(' ')}` : null);
    download(result.blob, `heatlens-${state.map}-${state.page.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'page'}.png`);
  } catch (error) {
    showBanner(`Export failed: ${(error as Error).message}`);
  } finally {
    button.disabled = false;
  }
}

setup();
void loadPages();
