// The <heatlens-legend> stories render as Storybook renders them, with tick labels worked out
// here from the story's arguments (ticks at 0, ½ and 1 of the bar).
import { render } from 'lit';
import { afterEach, describe, expect, it } from 'vitest';
import * as stories from '../../stories/legend.stories.js';

const host = document.createElement('div');
document.body.append(host);
afterEach(() => render(null, host));

type Story = { args?: Record<string, unknown> };

async function labels(story: Story): Promise<{ ticks: string[]; title: string }> {
  const args = { ...stories.default.args, ...story.args } as never;
  render(stories.default.render!(args, {} as never) as Parameters<typeof render>[0], host);
  const legend = host.querySelector('heatlens-legend') as HTMLElement & { updateComplete: Promise<unknown> };
  await legend.updateComplete;
  const root = legend.shadowRoot!;
  return {
    ticks: [...root.querySelectorAll('[part="label"]')].map((e) => e.textContent!),
    title: root.querySelector('[part="title"]')!.textContent!,
  };
}

describe('<heatlens-legend> stories', () => {
  it('Linear: events per 100 × 100 px (0.002 events/px² × 10 000 px² = 20)', async () => {
    expect(await labels(stories.Linear)).toEqual({ ticks: ['0', '10', '20+'], title: 'clicks per 100×100 px' });
  });

  it('Log: the middle tick is the density at half the bar, 10^1.5 − 1 over 999 of the max', async () => {
    const mid = (20 * (Math.pow(1000, 0.5) - 1)) / 999;
    expect(await labels(stories.Log)).toEqual({ ticks: ['0', String(Number(mid.toPrecision(3))), '20+'], title: 'clicks per 100×100 px' });
  });

  it('UnitArea: events per 50 × 50 px (0.002 × 2500 = 5)', async () => {
    expect(await labels(stories.UnitArea)).toEqual({ ticks: ['0', '2.5', '5+'], title: 'clicks per 50×50 px' });
  });

  it('Share: percentages of the noun', async () => {
    expect(await labels(stories.Share)).toEqual({ ticks: ['0%', '50%', '100%+'], title: 'of visitors' });
  });

  it('Value: plain amounts in the noun', async () => {
    expect(await labels(stories.Value)).toEqual({ ticks: ['0', '6', '12+'], title: 'seconds in view' });
  });
});
