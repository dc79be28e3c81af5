/**
 * A reactive controller for a map's read-out: where the cursor is and what to say there.
 * Mouse and pen hover move it; touch does not (a read-out under the finger helps nobody); from
 * the keyboard, focusing the map shows it and the arrow keys move it (Shift: 5× the step),
 * Escape hides it. Scrolling a tall page to keep it in view respects reduced motion.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface ReadoutState {
  /** Element position in CSS px from its top left. */
  x: number;
  y: number;
  text: string;
  /** The radius of the counted area, in CSS px of the element. */
  radiusCss: number;
}

export interface ReadoutSource {
  measure(x: number, y: number): { text: string; radiusCss: number };
}

const STEP = 10;

export class ReadoutController implements ReactiveController {
  state: ReadoutState | null = null;
  private cursor: [number, number] | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly source: ReadoutSource,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    const h = this.host;
    h.addEventListener('pointermove', this.onPointerMove);
    h.addEventListener('pointerleave', this.hide);
    h.addEventListener('keydown', this.onKeyDown);
    h.addEventListener('focus', this.onFocus);
    h.addEventListener('blur', this.hide);
  }

  hostDisconnected(): void {
    const h = this.host;
    h.removeEventListener('pointermove', this.onPointerMove);
    h.removeEventListener('pointerleave', this.hide);
    h.removeEventListener('keydown', this.onKeyDown);
    h.removeEventListener('focus', this.onFocus);
    h.removeEventListener('blur', this.hide);
  }

  /** Shows the read-out at the element point (x, y). */
  moveTo(x: number, y: number): void {
    this.cursor = [x, y];
    this.state = { x, y, ...this.source.measure(x, y) };
    this.host.requestUpdate();
  }

  readonly hide = (): void => {
    if (!this.state) return;
    this.state = null;
    this.host.requestUpdate();
  };

  private readonly onPointerMove = (event: PointerEvent): void => {
    if (event.pointerType === 'touch') return;
    const box = this.host.getBoundingClientRect();
    this.moveTo(event.clientX - box.left, event.clientY - box.top);
  };

  private readonly onFocus = (): void => {
    // Only keyboard focus: a mouse click that focuses the map already has the hover read-out.
    if (!this.host.matches(':focus-visible')) return;
    const h = this.host;
    this.moveTo(...(this.cursor ?? [h.clientWidth / 2, Math.min(h.clientHeight / 2, 200)]));
  };

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    // Keys typed into slotted content (an iframe's page, a form) are theirs, not the map's.
    if (event.target !== this.host) return;
    if (event.key === 'Escape') return this.hide();
    const step = event.shiftKey ? 5 * STEP : STEP;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const h = this.host;
    const [x, y] = this.cursor ?? [h.clientWidth / 2, h.clientHeight / 2];
    const nx = Math.min(h.clientWidth, Math.max(0, x + move[0]));
    const ny = Math.min(h.clientHeight, Math.max(0, y + move[1]));
    this.moveTo(nx, ny);
    this.keepInView(ny);
  };

  /** Keeps the keyboard cursor on screen on a tall page. */
  private keepInView(y: number): void {
    const top = this.host.getBoundingClientRect().top + y;
    if (top >= 0 && top <= window.innerHeight) return;
    const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    window.scrollBy({ top: top - window.innerHeight / 2, behavior: reduce ? 'instant' : 'smooth' });
  }
}
