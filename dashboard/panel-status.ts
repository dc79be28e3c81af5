/**
 * What a map panel says about its map, decided from the events of the element and the
 * dashboard's own steps. DOM-free (the unit tests drive it in Node).
 *
 * Two layers: the status of the data the element holds (loading, ready, empty, error), and
 * over it what the dashboard knows that the element does not — the next view's layout is still
 * loading (so the map on screen is about to be replaced), or the filters as typed cannot be
 * drawn at all (so the map on screen is not what the form says).
 */

/** `ready` may carry a note worth reading beside the map (events that fell outside it). */
export type PanelStatus =
  | { kind: 'loading' }
  | { kind: 'ready'; note?: string }
  | { kind: 'empty'; message: string }
  | { kind: 'error'; message: string }
  | { kind: 'held'; message: string };

export interface FrameFacts {
  /** Events on the map. */
  events: number;
  /** Whether the frame recomputed density (false: a colour-only redraw). */
  density: boolean;
}

export class PanelStatusTracker {
  /** What the data on the map is. */
  private data: PanelStatus = { kind: 'loading' };
  /** What the panel says instead, while it knows better than the element. */
  private overlay: PanelStatus | null = null;
  /** The element's current source, and the view (the source before layout) it was made for. */
  private src = '';
  private view = '';

  get status(): PanelStatus {
    return this.overlay ?? this.data;
  }

  /** Whether the status describes the data on the map (its numbers may be shown). */
  get current(): boolean {
    return this.overlay === null;
  }

  /**
   * The next view's layout is being fetched. `view` identifies what will be drawn (site, page,
   * map type, segment, selector): a view already on the map is not "loading" again, so a
   * refresh that refetches the same layout does not flash the loading state.
   */
  awaitLayout(view: string): void {
    if (view === this.view && this.overlay === null) return;
    this.overlay = { kind: 'loading' };
  }

  /** The filters typed cannot be drawn; the map keeps what it shows, and says so. */
  hold(message: string): void {
    this.overlay = { kind: 'held', message };
  }

  /**
   * The view is ready to draw with this source. Returns true when the source changed (the
   * caller hands it to the element, which fetches); the same source keeps the data's status.
   */
  show(view: string, src: string): boolean {
    this.view = view;
    this.overlay = null;
    if (src === this.src) return false;
    this.src = src;
    this.data = { kind: 'loading' };
    return true;
  }

  /** The element lost its data (a new element for another map type): everything is new. */
  reset(): void {
    this.src = '';
    this.view = '';
    this.data = { kind: 'loading' };
  }

  failed(message: string): void {
    this.data = { kind: 'error', message };
  }

  /**
   * A frame was drawn. Returns whether it is news about the data (the caller keeps its
   * numbers); `classify` says ready or empty for a frame that is.
   */
  rendered(frame: FrameFacts, classify: () => PanelStatus): boolean {
    // A colour-only redraw (a resize, a colormap change) while new data is loading, or after the
    // data failed, shows the old frame or none at all: it says nothing about the data. (The
    // elements report no frame while a data error stands; this keeps the panel right regardless.)
    if ((this.data.kind === 'loading' || this.data.kind === 'error') && !frame.density) return false;
    this.data = classify();
    return true;
  }
}
