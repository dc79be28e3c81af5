// Every <click-map> story renders in Chromium, as Storybook renders it (see stories-support.ts),
// and the stories of single attributes show what the attribute does.
import { render } from 'lit';
import { afterEach, describe, expect, it } from 'vitest';
import * as stories from '../../stories/click-map.stories.js';
import type { ClickMap } from '../../components/click-map.js';
import { densityRender } from './click-map-support.js';
import { describeStories } from './stories-support.js';

describeStories('click-map', stories);

describe('<click-map> attribute stories', () => {
  const host = document.createElement('div');
  document.body.append(host);
  afterEach(() => render(null, host));

  async function show(story: { args?: Record<string, unknown> }): Promise<ClickMap> {
    const args = { ...stories.default.args, ...story.args } as never;
    const rendered = densityRender(host);
    render(stories.default.render!(args, {} as never) as Parameters<typeof render>[0], host);
    await rendered;
    return host.querySelector('click-map') as ClickMap;
  }

  it('Label: the accessible name is the label with the click count', async () => {
    const el = await show(stories.Label);
    await el.updateComplete;
    const match = /^Pricing page clicks, last 7 days: ([\d,]+) clicks$/.exec(el.getAttribute('aria-label')!);
    expect(match).not.toBeNull();
    // 50 000 synthetic clicks, less the few whose kernel mass falls off the page's edges.
    const count = Number(match![1].replace(/,/g, ''));
    expect(count).toBeGreaterThan(49_000);
    expect(count).toBeLessThanOrEqual(50_000);
  });

  it('MaxCanvasPixels: a page over the budget is drawn at 8 buffer pixels per σ', async () => {
    const full = await show(stories.SlottedScreenshot);
    const canvas = () => host.querySelector('click-map')!.shadowRoot!.querySelector('canvas')!;
    const dpr = devicePixelRatio;
    expect([canvas().width, canvas().height]).toEqual([Math.round(1280 * dpr), Math.round(1300 * dpr)]);
    expect(full.maxCanvasPixels).toBe(1920 * 1080);
    render(null, host);

    await show(stories.MaxCanvasPixels);
    // σ = 15 px and 8 pixels per σ: one buffer pixel per 15 / 8 CSS px (at most 2 CSS px).
    const w = Math.min(Math.round(1280 * dpr), Math.max(Math.ceil(1280 / 2), Math.ceil((1280 * 8) / 15)));
    const h = Math.min(Math.round(1300 * dpr), Math.max(Math.ceil(1300 / 2), Math.ceil((1300 * 8) / 15)));
    expect([canvas().width, canvas().height]).toEqual([w, h]);
    expect(canvas().getBoundingClientRect().width).toBe(1280);
  });
});
