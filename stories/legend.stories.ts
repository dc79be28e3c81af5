import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../components/index.js';
import { colormapNames } from '../components/colormaps.js';

interface Args {
  colormap: string;
  scale: string;
  max: number;
  noun: string;
}

const meta: Meta<Args> = {
  title: 'Maps/heatlens-legend',
  component: 'heatlens-legend',
  render: (a) => html`<heatlens-legend colormap=${a.colormap} scale=${a.scale} .max=${a.max} noun=${a.noun}></heatlens-legend>`,
  args: { colormap: 'viridis', scale: 'linear', max: 0.002, noun: 'clicks' },
  argTypes: {
    colormap: { control: 'select', options: [...colormapNames] },
    scale: { control: 'inline-radio', options: ['linear', 'sqrt', 'log'] },
    max: { control: 'number', description: 'events / px² at the top of the scale' },
  },
};
export default meta;

export const Linear: StoryObj<Args> = {};
export const Log: StoryObj<Args> = { args: { scale: 'log', colormap: 'inferno' } };
