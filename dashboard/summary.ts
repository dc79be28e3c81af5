/**
 * The summary cards above the maps: page views and visits (sessions on this page) in the
 * segment, the events on the map and the events the engine dropped (outside the page or
 * malformed). When comparing, each card shows segment A's number and B's beside it.
 */

const number = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

export interface SummaryNumbers {
  views: number | null;
  sessions: number | null;
  events: number | null;
  eventNoun: string;
  dropped: number | null;
}

function show(n: number | null): string {
  return n === null ? '—' : number.format(n);
}

export function renderSummary(root: HTMLElement, a: SummaryNumbers, b: SummaryNumbers | null): void {
  const card = (key: keyof SummaryNumbers, title: string, help: string) => {
    const value = (s: SummaryNumbers) => show(s[key] as number | null);
    return `<div class="card" data-stat="${key}"><dt title="${help}">${title}</dt><dd><span class="a">${value(a)}</span>${b ? `<span class="b" aria-label="segment B">${value(b)}</span>` : ''}</dd></div>`;
  };
  root.innerHTML = `<dl class="cards"${b ? ' data-compare' : ''}>
    ${card('views', 'Page views', 'Views of this page by the segment')}
    ${card('sessions', 'Visits', 'Sessions on this page that match the segment')}
    ${card('events', a.eventNoun[0].toUpperCase() + a.eventNoun.slice(1), 'Events on the map for the segment')}
    ${card('dropped', 'Dropped', 'Events the engine left out: outside the page or not finite')}
  </dl>`;
}
