/**
 * The view in the address bar. A new page or map type is a new history entry (Back returns to
 * it); filter and display changes replace the current entry, a little after a slider stops,
 * since browsers throttle rapid history updates.
 */
import { parseState, serializeState, type DashboardState } from './state.js';

const viewOf = (s: DashboardState) => `${s.page}|${s.map}`;

export class UrlHistory {
  private timer = 0;
  private shown = '';

  /** The view the URL holds now. */
  read(): DashboardState {
    const state = parseState(location.search);
    this.shown = viewOf(state);
    return state;
  }

  write(state: DashboardState): void {
    const view = viewOf(state);
    const push = this.shown !== '' && view !== this.shown;
    this.shown = view;
    clearTimeout(this.timer);
    const apply = () => {
      const search = serializeState(state);
      if (search === location.search) return;
      const url = `${location.pathname}${search}${location.hash}`;
      if (push) history.pushState(null, '', url);
      else history.replaceState(null, '', url);
    };
    if (push) apply();
    else this.timer = window.setTimeout(apply, 150);
  }
}
