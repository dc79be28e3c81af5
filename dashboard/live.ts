/**
 * Keeping the dashboard current while traffic arrives: a Refresh button, and a Live switch that
 * refreshes every few seconds while the tab is visible (a hidden tab asks nothing of the server).
 */
const LIVE_INTERVAL_MS = 5000;

export class LiveRefresh {
  private timer = 0;

  constructor(
    private readonly toggle: HTMLInputElement,
    button: HTMLButtonElement,
    private readonly refresh: () => void,
  ) {
    button.addEventListener('click', () => this.refresh());
    toggle.addEventListener('change', () => this.schedule());
    document.addEventListener('visibilitychange', () => this.schedule());
  }

  private schedule(): void {
    clearInterval(this.timer);
    this.timer = 0;
    if (!this.toggle.checked || document.hidden) return;
    // Catch up at once when switched on or when the tab comes back.
    this.refresh();
    this.timer = window.setInterval(() => this.refresh(), LIVE_INTERVAL_MS);
  }
}
