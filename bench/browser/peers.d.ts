// Minimal types for the two canvas peers, which ship none; only what the bench page calls.

declare module 'heatmap.js' {
  interface HeatmapConfig {
    container: HTMLElement;
    radius?: number;
    blur?: number;
    maxOpacity?: number;
    minOpacity?: number;
    width?: number;
    height?: number;
    gradient?: Record<string, string>;
  }
  interface HeatmapData {
    max: number;
    min?: number;
    data: Array<{ x: number; y: number; value: number }>;
  }
  interface Heatmap {
    setData(data: HeatmapData): Heatmap;
    _renderer: { canvas: HTMLCanvasElement };
  }
  /** The `window.h337` global the classic script defines. */
  export interface H337 {
    create(config: HeatmapConfig): Heatmap;
  }
}

declare module 'simpleheat' {
  interface SimpleHeat {
    data(points: Array<[number, number, number]>): SimpleHeat;
    radius(r: number, blur?: number): SimpleHeat;
    max(max: number): SimpleHeat;
    draw(minOpacity?: number): SimpleHeat;
  }
  function simpleheat(canvas: HTMLCanvasElement | string): SimpleHeat;
  export default simpleheat;
}
