// The generated custom-elements manifest (dist/custom-elements.json, built by `npm run build`)
// against the elements themselves: every defined heatlens element is in it, its attributes are
// exactly the ones the element observes, and every part and custom property the element
// actually uses is documented.
import { afterEach, describe, expect, it } from 'vitest';
import '../../components/index.js';

interface Named {
  name: string;
}
interface Declaration {
  kind: string;
  customElement?: boolean;
  tagName?: string;
  attributes?: Named[];
  events?: Named[];
  cssParts?: Named[];
  cssProperties?: Named[];
  slots?: Named[];
}
interface Manifest {
  schemaVersion: string;
  modules: Array<{ path: string; declarations?: Declaration[] }>;
}

async function manifest(): Promise<Manifest> {
  const response = await fetch(new URL('../../dist/custom-elements.json', import.meta.url));
  expect(response.ok, 'dist/custom-elements.json is missing: run npm run build').toBe(true);
  return (await response.json()) as Manifest;
}

async function elements(): Promise<Map<string, Declaration>> {
  const m = await manifest();
  const out = new Map<string, Declaration>();
  for (const mod of m.modules) for (const d of mod.declarations ?? []) if (d.customElement && d.tagName) out.set(d.tagName, d);
  return out;
}

const names = (list: Named[] | undefined) => new Set((list ?? []).map((x) => x.name));
const MAPS = ['click-map', 'scroll-map', 'attention-map'].filter((tag) => customElements.get(tag));

const mounted: HTMLElement[] = [];
afterEach(() => {
  while (mounted.length) mounted.pop()!.remove();
});

describe('custom-elements manifest', () => {
  it('lists every heatlens element that components/index.ts defines', async () => {
    const documented = await elements();
    for (const tag of [...MAPS, 'heatlens-legend']) expect(documented.has(tag), `<${tag}> in the manifest`).toBe(true);
    expect(MAPS).toContain('click-map');
    expect(MAPS).toContain('scroll-map');
  });

  it('documents exactly the attributes each element observes', async () => {
    const documented = await elements();
    for (const tag of [...MAPS, 'heatlens-legend']) {
      const ctor = customElements.get(tag) as unknown as { observedAttributes: string[] };
      const observed = new Set(ctor.observedAttributes);
      expect(names(documented.get(tag)!.attributes), `<${tag}> attributes`).toEqual(observed);
    }
  });

  it('gives each attribute the default the element really starts with (overrides included)', async () => {
    const documented = await elements();
    let checked = 0;
    for (const tag of [...MAPS, 'heatlens-legend']) {
      const el = document.createElement(tag) as unknown as Record<string, unknown>;
      for (const a of (documented.get(tag)!.attributes ?? []) as Array<Named & { fieldName?: string; default?: string }>) {
        if (!a.fieldName || a.default === undefined) continue;
        let literal: unknown;
        try {
          literal = JSON.parse(a.default.replace(/^'(.*)'$/, '"$1"'));
        } catch {
          continue; // a named constant (DEFAULT_MAX): nothing literal to compare
        }
        expect(el[a.fieldName], `<${tag}> ${a.name} default`).toEqual(literal);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('documents the events, the default slot, the parts and the custom properties the map elements use', async () => {
    const documented = await elements();
    for (const tag of MAPS) {
      const d = documented.get(tag)!;
      expect(names(d.events)).toEqual(new Set(['heatlens-render', 'heatlens-error']));
      expect(names(d.slots).has('')).toBe(true);
      const el = document.createElement(tag);
      el.setAttribute('legend', '');
      el.style.cssText = 'width: 200px; height: 100px';
      document.body.append(el);
      mounted.push(el);
      await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
      const parts = names(d.cssParts);
      for (const node of el.shadowRoot!.querySelectorAll('[part]')) {
        for (const part of node.getAttribute('part')!.split(/\s+/)) expect(parts.has(part), `<${tag}> part "${part}" documented`).toBe(true);
      }
      const ctor = customElements.get(tag) as unknown as { elementStyles: Array<{ cssText: string }> };
      const css = ctor.elementStyles.map((s) => s.cssText).join('\n');
      const props = names(d.cssProperties);
      for (const [, prop] of css.matchAll(/var\((--heatlens-[\w-]+)/g)) expect(props.has(prop), `<${tag}> ${prop} documented`).toBe(true);
    }
  });
});
