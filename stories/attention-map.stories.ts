// <attention-map> stories: one per model parameter (spread, lag, speed threshold, fast weight,
// idle cap, per-session) and colour attribute, the ingest's binary moves answer and CSV as
// `src`, empty data, a large data set, error states and a slotted screenshot. Data is generated
// in the browser (nothing is fetched from a network).
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import '../components/index.js';
import { DEFAULT_MAX } from '../components/gl/colour-scale.js';
import { encodeMoves } from '../ingest/points-format.js';
import { ATTENTION_DEFAULTS } from '../worker/api.js';
import { screenshot, syntheticMoves, type SyntheticMoves } from './data.js';
import { colourArgTypes, gridArgTypes, LANDING, pageArgTypes, type DensityMapArgs } from './shared-arg-types.js';

interface Args extends DensityMapArgs {
  spread: number;
  lag: number;
  speedThreshold: number;
  fastWeight: number;
  idleCap: number;
  perSession: boolean;
  sessions: number;
}

const render = (args: Args) => {
  // Memoised by its arguments: the same samples across re-renders (see data.ts), so a
  // parameter change re-weighs the loaded samples instead of loading them again.
  const samples = args.sessions > 0 ? syntheticMoves(args.sessions, args.width, args.height) : null;
  return html`<attention-map
    style="width:${args.width}px;${args.slotted ? '' : `height:${args.height}px;`}"
    colormap=${args.colormap}
    opacity=${args.opacity}
    scale=${args.scale}
    max=${args.max}
    spread=${args.spread}
    lag=${args.lag}
    speed-threshold=${args.speedThreshold}
    fast-weight=${args.fastWeight}
    idle-cap=${args.idleCap}
    ?per-session=${args.perSession}
    cell=${args.cell}
    extent=${args.extent || nothing}
    renderer=${args.renderer}
    readout-radius=${args.readoutRadius}
    src=${args.src || nothing}
    ?legend=${args.legend}
    .samples=${samples}
    >${args.slotted ? html`<img src=${screenshot(args.width, args.height)} width=${args.width} height=${args.height} alt="Landing page screenshot" />` : nothing}</attention-map
  >`;
};

/** The ingest's `GET /v1/moves` binary answer (its own encoder, docs/points-format.md) as a data: URL. */
function movesDataUrl(m: SyntheticMoves): string {
  const bytes = encodeMoves({ visits: new Set(m.session).size, visit: m.session, t: m.ts, x: Float64Array.from(m.x), y: Float64Array.from(m.y), truncated: false });
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  return `data:application/vnd.heatlens.moves;base64,${btoa(binary)}`;
}

const meta: Meta<Args> = {
  title: 'Maps/attention-map',
  component: 'attention-map',
  render,
  args: {
    colormap: 'inferno',
    opacity: 0.8,
    scale: 'linear',
    max: DEFAULT_MAX,
    spread: ATTENTION_DEFAULTS.spread,
    lag: ATTENTION_DEFAULTS.lag,
    speedThreshold: ATTENTION_DEFAULTS.speedThreshold,
    fastWeight: ATTENTION_DEFAULTS.fastWeight,
    idleCap: ATTENTION_DEFAULTS.idleCap,
    perSession: ATTENTION_DEFAULTS.perSession,
    cell: 4,
    extent: '',
    legend: true,
    renderer: 'auto',
    readoutRadius: 56,
    src: '',
    sessions: 400,
    width: LANDING.width,
    height: LANDING.height,
    slotted: true,
  },
  argTypes: {
    ...colourArgTypes('seconds/px²'),
    spread: { control: { type: 'range', min: 5, max: 300, step: 5 }, description: 'σ of the gaze–cursor distance, px (re-smooths only)' },
    lag: { control: { type: 'range', min: 0, max: 2000, step: 50 }, description: 'cursor trails gaze by this many ms' },
    speedThreshold: { control: { type: 'range', min: 50, max: 3000, step: 10 }, description: 'px/s above which a move is ballistic' },
    fastWeight: { control: { type: 'range', min: 0, max: 1, step: 0.05 }, description: 'weight of a ballistic sample, 0…1' },
    idleCap: { control: { type: 'range', min: 0.5, max: 30, step: 0.5 }, description: 'longest dwell one sample is credited with, s' },
    perSession: { control: 'boolean', description: 'every visitor contributes the same total attention' },
    ...gridArgTypes(300),
    src: { control: 'text', description: 'URL of cursor samples (ingest /v1/moves, JSON, NDJSON, CSV); used when there are no samples' },
    sessions: { control: { type: 'number', min: 0, max: 20_000, step: 100 }, description: 'synthetic visits (≈ 150 samples each)' },
    ...pageArgTypes,
  },
};
export default meta;

type Story = StoryObj<Args>;

export const SlottedScreenshot: Story = {};
export const SpreadNarrow: Story = { args: { spread: 30, cell: 2 }, name: 'Spread 30 px (the cursor, not the gaze)' };
export const SpreadWide: Story = { args: { spread: 250 } };
export const NoLag: Story = { args: { lag: 0 }, name: 'Lag 0 ms' };
export const LongLag: Story = { args: { lag: 1500 }, name: 'Lag 1500 ms' };
export const SpeedThresholdLow: Story = { args: { speedThreshold: 80 }, name: 'Speed threshold 80 px/s (only the slowest reading counts)' };
export const FastWeight: Story = { args: { fastWeight: 1 }, name: 'Fast weight 1 (every move counts: a plain cursor blur)' };
export const IdleCap: Story = { args: { idleCap: 30 }, name: 'Idle cap 30 s (parked cursors become hot spots)' };
export const PerSession: Story = { args: { perSession: true }, name: 'Per session (every visitor weighs the same)' };
export const Colormap: Story = { args: { colormap: 'viridis' } };
export const ScaleSqrt: Story = { args: { scale: 'sqrt' } };
export const MaxAbsolute: Story = { args: { max: '0.005' }, name: 'Max 50 s per 100×100 px (the hot spots saturate)' };
export const Opacity: Story = { args: { opacity: 0.4 } };
export const CellCoarse: Story = { args: { cell: 12 } };
export const Extent: Story = { args: { extent: '0,0,1280,650', slotted: false, height: 650 }, name: 'Extent (top half of the page)' };
export const Canvas2dFallback: Story = { args: { renderer: 'canvas2d' } };
export const FromBinarySrc: Story = {
  args: { sessions: 0, src: movesDataUrl(syntheticMoves(60, LANDING.width, LANDING.height, undefined, 11)) },
  name: 'Src (ingest binary moves)',
};
export const FromCsvSrc: Story = {
  args: {
    sessions: 0,
    spread: 40,
    src: `data:text/csv,${encodeURIComponent('session,ts,x,y\na,0,600,215\na,1500,640,218\na,3000,700,220\na,3100,640,330\na,4600,645,332\nb,0,300,640\nb,2000,320,650\nb,2100,980,640\n')}`,
  },
  name: 'Src (CSV)',
};
export const EmptyData: Story = { args: { sessions: 0 } };
export const LargeDataSet: Story = { args: { sessions: 10_000 }, name: 'Large data set (10,000 visits, ≈ 1.5M samples)' };
export const ErrorState: Story = {
  args: { sessions: 0, src: `data:text/csv,${encodeURIComponent('visitor,time\n1,2\n')}`, slotted: false, height: 400 },
  name: 'Error state (bad data)',
};
export const FetchError: Story = {
  args: { sessions: 0, src: 'http://127.0.0.1:1/v1/moves?site=demo&path=/', slotted: false, height: 400 },
  name: 'Error state (failed fetch)',
};
