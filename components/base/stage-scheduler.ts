/**
 * A reactive controller that batches a map's work by stage (DESIGN.md: data → grid → colour).
 * A change asks for the stage it invalidates; after Lit's update the host's `run` gets every
 * stage asked for in that task at once, so setting five properties computes once. Connecting
 * (or reconnecting) asks for the data stage: the engine's dataset went with the last disconnect.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Stage bits, most work first: new data, a new grid from the engine, colours only. */
export const STAGE = { DATA: 4, GRID: 2, COLOUR: 1 } as const;

export class StageScheduler implements ReactiveController {
  private needs = 0;
  private scheduled = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly run: (needs: number) => Promise<void>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.request(STAGE.DATA);
  }

  /** Asks for `stages` (STAGE bits) to be redone after the current update. */
  request(stages: number): void {
    this.needs |= stages;
    if (this.scheduled) return;
    this.scheduled = true;
    this.host.updateComplete.then(() => {
      this.scheduled = false;
      const needs = this.needs;
      this.needs = 0;
      if (this.host.isConnected) void this.run(needs);
    });
  }
}
