/**
 * The most-clicked elements of the page with their rage clicks. Each row is a button: choosing
 * it filters the maps by that element's selector, choosing it again clears the filter.
 */
import type { ElementsAnswer } from './api.js';

const number = new Intl.NumberFormat('en');
const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });

export class Ranking {
  constructor(
    private readonly root: HTMLElement,
    private readonly onPick: (selector: string) => void,
  ) {}

  loading(): void {
    this.root.dataset.status = 'loading';
    this.root.replaceChildren(note('Loading the most-clicked elements…'));
  }

  error(message: string): void {
    this.root.dataset.status = 'error';
    this.root.replaceChildren(note(message, 'error'));
  }

  show(answer: ElementsAnswer, selected: string): void {
    this.root.dataset.status = answer.elements.length ? 'ready' : 'empty';
    if (!answer.elements.length) {
      this.root.replaceChildren(note('No clicks on this page for this segment yet.'));
      return;
    }
    const table = document.createElement('table');
    table.className = 'ranking-table';
    table.innerHTML = `<caption class="visually-hidden">Most-clicked elements: ${number.format(answer.total)} clicks in all</caption>
      <thead><tr><th scope="col">Element</th><th scope="col" class="num">Clicks</th><th scope="col" class="num">Rage</th></tr></thead>`;
    const body = document.createElement('tbody');
    for (const el of answer.elements) {
      const row = document.createElement('tr');
      const active = el.selector === selected;
      if (active) row.className = 'active';
      const cell = document.createElement('th');
      cell.scope = 'row';
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'selector';
      button.title = active ? 'Show all clicks again' : `Show only clicks on ${el.selector}`;
      button.setAttribute('aria-pressed', String(active));
      button.dataset.selector = el.selector;
      button.append(...selectorLines(el.selector));
      button.addEventListener('click', () => this.onPick(active ? '' : el.selector));
      const bar = document.createElement('span');
      bar.className = 'share';
      bar.style.setProperty('--share', String(Math.max(0, Math.min(1, el.share))));
      bar.setAttribute('aria-hidden', 'true');
      cell.append(button, bar);
      row.append(cell, td(`${number.format(el.clicks)}`, percent.format(el.share)), td(number.format(el.rage), '', el.rage > 0 ? 'rage' : ''));
      body.append(row);
    }
    table.append(body);
    this.root.replaceChildren(table);
  }
}

/**
 * A selector path cut where a line may wrap: between elements (the space after a '>' or a
 * descendant space, so '>' ends a line rather than starting one), and before a pseudo-class
 * or an attribute test of one element. Quoted values and brackets are never cut. Pieces keep
 * their spaces: joined, they are the selector again.
 */
export function selectorPieces(selector: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  let depth = 0;
  let quote = '';
  const cut = (at: number) => {
    if (at > start) pieces.push(selector.slice(start, at));
    start = at;
  };
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === ')' || c === ']') depth = Math.max(0, depth - 1);
    else if (depth > 0) {
      if (c === '(' || c === '[') depth++;
    } else if (c === ' ' && selector[i + 1] !== '>' && selector[i + 1] !== ' ') cut(i);
    else if (c === '>' && selector[i + 1] !== ' ') cut(i + 1);
    else if ((c === ':' || c === '[') && i > start && !/[\s>]/.test(selector[i - 1])) cut(i);
    if (depth === 0 && (c === '(' || c === '[')) depth = 1;
  }
  cut(selector.length);
  return pieces;
}

/**
 * The selector as pieces that each stay on one line unless a piece alone is wider than the
 * column (then, and only then, CSS splits it), with a line-break opportunity between them.
 */
function selectorLines(selector: string): Node[] {
  return selectorPieces(selector).flatMap((piece, i) => {
    const span = document.createElement('span');
    span.className = 'piece';
    span.textContent = piece.trimStart();
    const gap = piece.length > span.textContent.length ? document.createTextNode(' ') : document.createElement('wbr');
    return i === 0 ? [span] : [gap, span];
  });
}

function td(text: string, sub = '', extra = ''): HTMLTableCellElement {
  const cell = document.createElement('td');
  cell.className = `num ${extra}`.trim();
  cell.textContent = text;
  if (sub) {
    const small = document.createElement('small');
    small.textContent = sub;
    cell.append(small);
  }
  return cell;
}

function note(text: string, kind = ''): HTMLElement {
  const p = document.createElement('p');
  p.className = `note ${kind}`.trim();
  p.textContent = text;
  return p;
}
