// Storybook controls every map element shares: the colour attributes and the page set-up.
// Each stories file adds its own element's data and model controls.
import { colormapNames } from '../components/colormaps.js';

/** The story arguments every density map (clicks, attention) has, beside its own data and model ones. */
export interface DensityMapArgs {
  colormap: string;
  opacity: number;
  scale: string;
  max: string;
  cell: number;
  extent: string;
  legend: boolean;
  renderer: string;
  readoutRadius: number;
  src: string;
  width: number;
  height: number;
  slotted: boolean;
}

/** The landing page the stories' synthetic data and screenshot stand for, in px. */
export const LANDING = { width: 1280, height: 1300 } as const;

/** colormap, opacity, scale and max; `unit` names what the map's max is measured in. */
export function colourArgTypes(unit: string) {
  return {
    colormap: { control: 'select', options: [...colormapNames], description: 'Colormap name' },
    opacity: { control: { type: 'range', min: 0, max: 1, step: 0.05 } },
    scale: { control: 'inline-radio', options: ['linear', 'sqrt', 'log'] },
    max: { control: 'text', description: `"95%" (percentile of non-zero cells; the default) or an absolute density in ${unit}` },
  } as const;
}

/** Grid, extent, legend, renderer and read-out controls of the density maps. */
export function gridArgTypes(readoutMax: number) {
  return {
    cell: { control: { type: 'number', min: 1, max: 32 }, description: 'grid cell size in px' },
    extent: { control: 'text', description: '"x0,y0,x1,y1" or "width,height"; empty: the element size' },
    legend: { control: 'boolean' },
    renderer: { control: 'inline-radio', options: ['auto', 'webgl1', 'float16', 'rgba8', 'canvas2d'], description: 'read when the element first renders' },
    readoutRadius: { control: { type: 'number', min: 1, max: readoutMax } },
  } as const;
}

/** The story's own page: its size and whether a screenshot is slotted underneath. */
export const pageArgTypes = {
  width: { control: 'number' },
  height: { control: 'number' },
  slotted: { control: 'boolean', description: 'slot a screenshot underneath' },
} as const;
