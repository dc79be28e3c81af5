// <scroll-map> stories: reach gradient with markers over a slotted screenshot, the time-in-view
// band, a colormap, empty data, data from src, and error states. Data is generated in the
// browser (nothing is fetched).
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import '../components/index.js';
import { colormapNames } from '../components/colormaps.js';
import type { ScrollSamples } from '../worker/api.js';
import { screenshot } from './data.js';
import { pageArgTypes } from './shared-arg-types.js';

interface Args {
  colormap: string;
  opacity: number;
  cell: number;
  timeInView: boolean;
  src: string;
  sessions: number;
  width: number;
  height: number;
  slotted: boolean;
}

const cache = new Map<string, ScrollSamples>();

/** Deterministic sessions on a page of `height` px: viewports 600–900 px, most stop early. */
function syntheticScroll(n: number, height: number, seed = 3): ScrollSamples {
  const key = `${n}:${height}:${seed}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let state = seed >>> 0;
  const rand = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 4294967296;
  };
  const session: number[] = [];
  const ts: number[] = [];
  const y: number[] = [];
  const vh: number[] = [];
  const dh: number[] = [];
  for (let s = 0; s < n; s++) {
    const v = 600 + Math.round(rand() * 300);
    const deepest = Math.min(height - v, -Math.log(rand()) * height * 0.35);
    const steps = 2 + Math.floor(rand() * 6);
    let t = 0;
    for (let k = 0; k <= steps; k++) {
      session.push(s);
      ts.push(t);
      y.push(Math.max(0, (deepest * k) / steps));
      vh.push(v);
      dh.push(height);
      t += 500 + rand() * 8000;
    }
  }
  const samples = { session: Float64Array.from(session), ts: Float64Array.from(ts), y: Float64Array.from(y), vh: Float64Array.from(vh), dh: Float64Array.from(dh) };
  cache.set(key, samples);
  return samples;
}

const render = (args: Args) => {
  const samples = args.sessions > 0 ? syntheticScroll(args.sessions, args.height) : null;
  return html`<scroll-map
    style="width:${args.width}px;${args.slotted ? '' : `height:${args.height}px;`}"
    colormap=${args.colormap}
    opacity=${args.opacity}
    cell=${args.cell}
    ?time-in-view=${args.timeInView}
    src=${args.src || nothing}
    .samples=${samples}
    >${args.slotted ? html`<img src=${screenshot(args.width, args.height)} width=${args.width} height=${args.height} alt="Landing page screenshot" />` : nothing}</scroll-map
  >`;
};

const meta: Meta<Args> = {
  title: 'Maps/scroll-map',
  component: 'scroll-map',
  render,
  args: {
    colormap: 'viridis',
    opacity: 0.6,
    cell: 4,
    timeInView: false,
    src: '',
    sessions: 2000,
    width: 1280,
    height: 1300,
    slotted: true,
  },
  argTypes: {
    colormap: { control: 'select', options: [...colormapNames] },
    opacity: { control: { type: 'range', min: 0, max: 1, step: 0.05 } },
    cell: { control: { type: 'number', min: 1, max: 64 }, description: 'depth bin size in px' },
    timeInView: { control: 'boolean', description: 'time-in-view band on the right edge' },
    src: { control: 'text', description: 'URL of scroll samples (ingest JSON, JSON, NDJSON, CSV); used when there are no samples' },
    sessions: { control: { type: 'number', min: 0, max: 200_000, step: 1000 }, description: 'synthetic sessions' },
    ...pageArgTypes,
  },
};
export default meta;

type Story = StoryObj<Args>;

export const SlottedScreenshot: Story = {};
export const Normal: Story = { args: { slotted: false }, name: 'Normal (no page underneath)' };
export const TimeInView: Story = { args: { timeInView: true }, name: 'Time-in-view band' };
export const Colormap: Story = { args: { colormap: 'inferno' } };
export const FromSrc: Story = {
  args: {
    sessions: 0,
    src: `data:text/csv,${encodeURIComponent('session,ts,y,vh,dh\na,0,0,700,1300\na,4000,300,700,1300\nb,0,0,800,1300\nb,3000,500,800,1300\nc,0,0,650,1300\nc,2000,0,650,1300\n')}`,
  },
  name: 'Src (CSV)',
};
export const EmptyData: Story = { args: { sessions: 0 } };
export const ErrorState: Story = {
  args: { sessions: 0, src: 'data:text/csv,a%2Cb%0A1%2C2', slotted: false, height: 400 },
  name: 'Error state (bad data)',
};
export const FetchError: Story = {
  args: { sessions: 0, src: 'http://127.0.0.1:1/v1/scroll?site=demo&mode=samples&format=json', slotted: false, height: 400 },
  name: 'Error state (failed fetch)',
};
