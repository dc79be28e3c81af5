// Renders every story of a map element's stories module in Chromium, as Storybook does, and
// checks its outcome: a frame with data (for the empty story, an empty frame; for the error
// stories, the error state), on a canvas laid out over the whole element.
import { render } from 'lit';
import { afterEach, describe, expect, it } from 'vitest';
import type { ErrorDetail, MapElement, RenderDetail } from '../../components/base/map-element.js';

type AnyStory = { args?: Record<string, unknown>; render?: (args: never) => unknown };

export function describeStories(tag: string, stories: Record<string, unknown>): void {
  const host = document.createElement('div');
  document.body.append(host);
  afterEach(() => render(null, host));

  const meta = stories.default as { args: Record<string, unknown>; render: (args: never) => unknown };
  const entries = Object.entries(stories).filter(([name]) => name !== 'default') as [string, AnyStory][];

  function outcome(): Promise<{ render?: RenderDetail; error?: ErrorDetail }> {
    return new Promise((resolve) => {
      const onRender = (e: Event) => {
        const d = (e as CustomEvent<RenderDetail>).detail;
        if (d.density || d.gridWidth === 0) finish({ render: d });
      };
      const onError = (e: Event) => finish({ error: (e as CustomEvent<ErrorDetail>).detail });
      const finish = (r: { render?: RenderDetail; error?: ErrorDetail }) => {
        host.removeEventListener('heatlens-render', onRender);
        host.removeEventListener('heatlens-error', onError);
        resolve(r);
      };
      host.addEventListener('heatlens-render', onRender);
      host.addEventListener('heatlens-error', onError);
    });
  }

  describe(`<${tag}> stories`, () => {
    for (const [name, story] of entries) {
      it(`renders the ${name} story`, async () => {
        const args = { ...meta.args, ...story.args } as never;
        const result = outcome();
        render((story.render ?? meta.render)(args) as Parameters<typeof render>[0], host);
        const { render: frame, error } = await result;
        const el = host.querySelector(tag) as MapElement;
        // What is on screen, not the drawing buffer (which has its size whatever the layout).
        const canvas = el.shadowRoot!.querySelector('canvas')!.getBoundingClientRect();
        const own = el.getBoundingClientRect();
        expect(canvas.width).toBeGreaterThan(0);
        expect(canvas.height).toBeGreaterThan(0);
        expect([canvas.left, canvas.top, canvas.width, canvas.height]).toEqual([own.left, own.top, own.width, own.height]);
        if (/Error/.test(name)) {
          expect(error?.code).toMatch(/bad-data|fetch-failed/);
          return;
        }
        expect(error, error?.message).toBeUndefined();
        if (name === 'EmptyData') expect(frame!.gridWidth).toBe(0);
        else expect(frame!.events).toBeGreaterThan(0);
        expect(el.readPixels()).not.toBeNull();
      });
    }
  });
}
