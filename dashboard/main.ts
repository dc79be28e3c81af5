/**
 * The dashboard: reads the view from the URL, loads the site's pages, and keeps the maps, the
 * ranking and the summary in step with the sidebar. Every change is written back to the URL.
 */
import '../components/index.js';
import type { RenderDetail } from '../components/index.js';
import { ApiError, getJson, type ElementsAnswer } from './api.js';
import { readForm, segmentFieldset, showIssues, writeForm } from './controls.js';
import { download, exportPanels } from './export.js';
import { elementsUrl, mapSource, segmentIssue } from './filters.js';
import { LiveRefresh } from './live.js';
import { MapPanel } from './map-panel.js';
import { Ranking } from './ranking.js';
import { SharedColourMax } from './shared-max.js';
import { SiteData } from './site-data.js';
import { describeSegment, type DashboardState, type Segment } from './state.js';
import { renderSummary, type SummaryNumbers } from './summary.js';
import { UrlHistory } from './url-history.js';

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
const form = $<HTMLFormElement>('#controls');
const pagePicker = $<HTMLSelectElement>('#page');
const panelsRoot = $('#panels');
const banner = $('#banner');
const summaryRoot = $('.summary');
const NOUN = { click: 'clicks', scroll: 'visits that scrolled', attention: 'seconds of attention' } as const;

const url = new UrlHistory();
let state: DashboardState = url.read();
const site = new SiteData(() => render());
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

function activePanels(): MapPanel[] {
  return state.compare ? panels : panels.slice(0, 1);
}

/** Width a map may take: the main column (halved when comparing) less its panel's padding and border. */
function availableWidth(): number {
  const gap = 16;
  const width = panelsRoot.clientWidth || 800;
  const column = state.compare ? (width - gap) / 2 : width;
  const box = panels[0] ? getComputedStyle(panels[0].root) : null;
  const chrome = box ? ['paddingLeft', 'paddingRight', 'borderLeftWidth', 'borderRightWidth'].reduce((sum, k) => sum + (parseFloat(box[k as 'paddingLeft']) || 0), 0) : 0;
  return Math.max(1, Math.floor(column - chrome));
}

function segments(): Segment[] {
  return state.compare ? [state.segment, state.segmentB] : [state.segment];
}

/** Draws the whole view from `state`. */
function render(): void {
  const page = site.page(state.page);
  const issues = segments().map(segmentIssue);
  showIssues(form, issues);
  showBanner(issues.find((issue) => issue !== null)?.message ?? null);
  if (!page) return;
  const active = activePanels();
  // Re-attaching a map disconnects it, which releases its data in the engine and makes it fetch
  // again: only touch the DOM when the panels shown change (comparison on or off).
  const roots = active.map((p) => p.root);
  if (roots.length !== panelsRoot.children.length || roots.some((root, i) => panelsRoot.children[i] !== root)) panelsRoot.replaceChildren(...roots);
  panelsRoot.dataset.compare = String(state.compare);
  const available = availableWidth();
  active.forEach((panel, i) => {
    const segment = segments()[i];
    const issue = issues[i];
    // A range that cannot be drawn leaves the map as it was (its title too), saying so.
    if (issue) {
      if (!panel.element) panel.setTitle(panelTitle(page.path, i, segment));
      panel.hold(issue.message);
      return;
    }
    panel.setTitle(panelTitle(page.path, i, segment));
    const layout = site.layout(state, segment);
    if (layout) panel.update({ state, segment, page: layout, available });
    else panel.awaitLayout(mapSource(state, segment));
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
  $('#ranking-help').textContent = state.compare ? 'For segment A. Choose one to show only its clicks.' : 'Choose one to show only its clicks.';
  loadRanking();
  refreshSummary();
}

function panelTitle(path: string, index: number, segment: Segment): string {
  return state.compare ? `${index === 0 ? 'A' : 'B'} · ${describeSegment(segment)}` : `${path} · ${describeSegment(segment)}`;
}

function loadRanking(): void {
  const issue = segmentIssue(state.segment);
  if (issue) {
    rankingAbort?.abort();
    rankingKey = '';
    ranking.error(`Not ranked: ${issue.message}`);
    return;
  }
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

function numbers(panel: MapPanel, segment: Segment): SummaryNumbers {
  // Filters that cannot be drawn are not asked about either: dashes until they are fixed.
  if (segmentIssue(segment)) return { views: null, sessions: null, events: null, eventNoun: NOUN[state.map], dropped: null };
  const last = panel.status.kind === 'ready' || panel.status.kind === 'empty' ? panel.last : null;
  return {
    views: site.layout(state, segment)?.views ?? null,
    sessions: site.sessions(state, segment),
    // Attention is measured in seconds (one decimal), the others in whole events.
    events: last ? (state.map === 'attention' ? Math.round(last.events * 10) / 10 : Math.round(last.events)) : null,
    eventNoun: NOUN[state.map],
    dropped: last ? last.dropped : null,
  };
}

function refreshSummary(): void {
  if (!site.page(state.page)) return;
  renderSummary(summaryRoot, numbers(panels[0], state.segment), state.compare ? numbers(panels[1], state.segmentB) : null);
}

/** Writes the state to the URL and redraws. */
function commit(): void {
  url.write(state);
  render();
}

function fillPagePicker(): void {
  pagePicker.replaceChildren(
    ...site.pages.map((p) => {
      const option = document.createElement('option');
      option.value = p.path;
      option.textContent = `${p.path} — ${new Intl.NumberFormat('en').format(p.views)} views`;
      return option;
    }),
  );
  pagePicker.value = state.page;
  pagePicker.disabled = site.pages.length === 0;
}

async function loadPages(): Promise<void> {
  let pages;
  try {
    pages = await site.loadPages(state.site);
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
  if (!site.page(state.page)) state = { ...state, page: pages[0].path };
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
    // Menus apply on change (after their own listeners ran), text fields when committed.
    const target = e.target as HTMLInputElement;
    if (target instanceof HTMLSelectElement || target.type === 'text' || target.type === 'url') return;
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
    state = url.read();
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
  new LiveRefresh($<HTMLInputElement>('#live'), $<HTMLButtonElement>('#refresh'), () => void refreshData());
}

/** Asks the server again for everything on screen: events stored since now show. */
async function refreshData(): Promise<void> {
  try {
    await site.loadPages(state.site);
  } catch {
    return; // the server is away; the next refresh asks again
  }
  site.forget();
  const selected = pagePicker.value;
  fillPagePicker();
  pagePicker.value = selected;
  rankingKey = '';
  for (const panel of activePanels()) panel.reload();
  render();
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
