import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../components/index.js';
import { colormapNames } from '../components/colormaps.js';

interface Args {
  colormap: string;
  scale: string;
  max: number;
  noun: string;
  unitArea: number;
  measure: 'density' | 'share' | 'value';
}

const meta: Meta<Args> = {
  title: 'Maps/heatlens-legend',
  component: 'heatlens-legend',
  render: (a) =>
    html`<heatlens-legend colormap=${a.colormap} scale=${a.scale} .max=${a.max} noun=${a.noun} unit-area=${a.unitArea} measure=${a.measure}></heatlens-legend>`,
  args: { colormap: 'viridis', scale: 'linear', max: 0.002, noun: 'clicks', unitArea: 10_000, measure: 'density' },
  argTypes: {
    colormap: { control: 'select', options: [...colormapNames] },
    scale: { control: 'inline-radio', options: ['linear', 'sqrt', 'log'] },
    max: { control: 'number', description: 'the top of the scale: events / px² (density), a share 0…1 (share) or an amount (value)' },
    noun: { control: 'text', description: 'what is counted' },
    unitArea: { control: { type: 'number', min: 1, step: 100 }, description: 'px² the density labels count events in (density only)' },
    measure: { control: 'inline-radio', options: ['density', 'share', 'value'], description: 'what the colours stand for' },
  },
};
export default meta;

export const Linear: StoryObj<Args> = {};
export const Log: StoryObj<Args> = { args: { scale: 'log', colormap: 'inferno' } };
export const UnitArea: StoryObj<Args> = { args: { unitArea: 50 * 50 }, name: 'Unit area (per 50 × 50 px)' };
export const Share: StoryObj<Args> = { args: { measure: 'share', max: 1, noun: 'visitors' }, name: 'Measure: share' };
export const Value: StoryObj<Args> = { args: { measure: 'value', max: 12, noun: 'seconds in view' }, name: 'Measure: value' };
