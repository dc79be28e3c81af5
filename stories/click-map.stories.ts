// <click-map> stories: one per attribute, plus empty data, 1M points, a tall page, an error
// state and a slotted screenshot. Data is generated in the browser (nothing is fetched).
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import '../components/index.js';
import { DEFAULT_MAX } from '../components/gl/colour-scale.js';
import { DEFAULT_DETAIL_BUDGET } from '../components/base/gl-surface.js';
import { LANDING_HOTSPOTS, screenshot, syntheticClicks } from './data.js';
import { colourArgTypes, gridArgTypes, LANDING, pageArgTypes, type DensityMapArgs } from './shared-arg-types.js';

interface Args extends DensityMapArgs {
  bandwidth: string;
  points: number;
  /** The accessible name (aria-label, with the click count). */
  label: string;
  /** Drawing buffers above this many pixels are drawn at the density's detail and stretched. */
  maxCanvasPixels: number;
}

const render = (args: Args) => {
  // Memoised by its arguments: the same data object across re-renders (see data.ts).
  const points = args.points > 0 ? syntheticClicks(args.points, args.width, args.height, LANDING_HOTSPOTS) : null;
  return html`<click-map
    style="width:${args.width}px;${args.slotted ? '' : `height:${args.height}px;`}"
    colormap=${args.colormap}
    opacity=${args.opacity}
    scale=${args.scale}
    max=${args.max}
    bandwidth=${args.bandwidth}
    cell=${args.cell}
    extent=${args.extent || nothing}
    renderer=${args.renderer}
    readout-radius=${args.readoutRadius}
    label=${args.label}
    max-canvas-pixels=${args.maxCanvasPixels}
    src=${args.src || nothing}
    ?legend=${args.legend}
    .points=${points}
    >${args.slotted ? html`<img src=${screenshot(args.width, args.height)} width=${args.width} height=${args.height} alt="Landing page screenshot" />` : nothing}</click-map
  >`;
};

const meta: Meta<Args> = {
  title: 'Maps/click-map',
  component: 'click-map',
  render,
  args: {
    colormap: 'viridis',
    opacity: 0.85,
    scale: 'linear',
    max: DEFAULT_MAX,
    bandwidth: '15',
    cell: 4,
    extent: '',
    legend: true,
    renderer: 'auto',
    readoutRadius: 20,
    label: 'Click heatmap',
    maxCanvasPixels: DEFAULT_DETAIL_BUDGET,
    src: '',
    points: 50_000,
    width: LANDING.width,
    height: LANDING.height,
    slotted: true,
  },
  argTypes: {
    ...colourArgTypes('events/px²'),
    bandwidth: { control: 'text', description: 'σ in px, or "auto"' },
    ...gridArgTypes(200),
    src: { control: 'text', description: 'URL of points (ingest binary, JSON, NDJSON, CSV); used when there are no points' },
    points: { control: { type: 'number', min: 0, max: 4_000_000, step: 10_000 }, description: 'synthetic clicks' },
    label: { control: 'text', description: 'accessible name; screen readers hear it with the click count' },
    maxCanvasPixels: {
      control: { type: 'number', min: 10_000, step: 10_000 },
      description: 'drawing buffers above this many pixels are drawn at the detail the density holds and stretched by CSS',
    },
    ...pageArgTypes,
  },
};
export default meta;

type Story = StoryObj<Args>;

export const SlottedScreenshot: Story = {};
export const Colormap: Story = { args: { colormap: 'inferno' } };
export const Turbo: Story = { args: { colormap: 'turbo' } };
export const Opacity: Story = { args: { opacity: 0.4 } };
export const ScaleSqrt: Story = { args: { scale: 'sqrt' } };
export const ScaleLog: Story = { args: { scale: 'log' } };
export const MaxAbsolute: Story = { args: { max: '0.0005' } };
export const MaxPeak: Story = { args: { max: '100%' }, name: 'Max 100% (one hotspot washes out the rest)' };
export const BandwidthNarrow: Story = { args: { bandwidth: '6', cell: 2 } };
export const BandwidthWide: Story = { args: { bandwidth: '40' } };
export const BandwidthAuto: Story = { args: { bandwidth: 'auto' } };
export const CellCoarse: Story = { args: { cell: 12 } };
export const Extent: Story = { args: { extent: '0,0,1280,650', slotted: false, height: 650 }, name: 'Extent (top half of the page)' };
export const NoLegend: Story = { args: { legend: false } };
export const ReadoutRadius: Story = { args: { readoutRadius: 60 } };
export const Label: Story = { args: { label: 'Pricing page clicks, last 7 days' }, name: 'Label (accessible name)' };
// 1280 × 1300 px is 1.66 M pixels: under this budget the buffer is drawn at the density's detail
// (8 pixels per σ) and stretched, which looks the same.
export const MaxCanvasPixels: Story = { args: { maxCanvasPixels: 250_000 }, name: 'Max canvas pixels (250 000: drawn at the density’s detail)' };
export const Canvas2dFallback: Story = { args: { renderer: 'canvas2d' } };
export const WebGL1Context: Story = { args: { renderer: 'webgl1' }, name: 'WebGL1 context (OES_texture_float)' };
export const HalfFloatTextures: Story = { args: { renderer: 'float16' } };
export const QuantisedTextures: Story = { args: { renderer: 'rgba8' } };
export const FromSrc: Story = {
  args: {
    points: 0,
    src: `data:text/csv,${encodeURIComponent('x,y\n640,330\n645,335\n630,320\n300,760\n640,760\n650,770\n1060,32\n')}`,
    bandwidth: '25',
  },
  name: 'Src (CSV)',
};
export const EmptyData: Story = { args: { points: 0 } };
export const OneMillionPoints: Story = { args: { points: 1_000_000 }, name: '1M points' };
export const TallPage: Story = {
  args: { points: 200_000, width: 1280, height: 12000, slotted: false, cell: 4 },
  name: 'Tall page (1280 × 12000 px)',
};
export const ErrorState: Story = {
  args: { points: 0, src: 'data:text/csv,a%2Cb%0A1%2C2', slotted: false, height: 400 },
  name: 'Error state (bad data)',
};
export const FetchError: Story = {
  args: { points: 0, src: 'http://127.0.0.1:1/v1/points?site=demo', slotted: false, height: 400 },
  name: 'Error state (failed fetch)',
};
export const CustomStyling: Story = {
  render: (args) => html`<style>
      .styled {
        --heatlens-blend-mode: multiply;
        --heatlens-readout-background: #2f6fde;
        --heatlens-legend-background: #1d2433;
        --heatlens-legend-color: #fff;
      }
      .styled::part(legend) {
        box-shadow: 0 2px 8px rgb(0 0 0 / 0.3);
      }
    </style>
    <div class="styled">${render(args)}</div>`,
  name: 'CSS custom properties and ::part',
};
