/**
 * Defines every heatlens element: `import 'heatlens/components'` (or this file) once, then use
 * `<click-map>`, `<scroll-map>`, `<attention-map>` and `<heatlens-legend>` in HTML.
 */
import { AttentionMap } from './attention-map.js';
import { ClickMap } from './click-map.js';
import { HeatlensLegend } from './legend.js';
import { ScrollMap } from './scroll-map.js';

export { AttentionMap, type AttentionRenderDetail } from './attention-map.js';
export { ClickMap, type ClickRenderDetail } from './click-map.js';
export { HeatlensLegend } from './legend.js';
export { ScrollMap, parseScrollSamples, type ScrollMarker } from './scroll-map.js';
export { MapElement, type RenderDetail, type ErrorDetail } from './base/map-element.js';
export { colormapNames, colormapLUT } from './colormaps.js';

function define(name: string, element: CustomElementConstructor): void {
  if (!customElements.get(name)) customElements.define(name, element);
}

define('heatlens-legend', HeatlensLegend);
define('click-map', ClickMap);
define('scroll-map', ScrollMap);
define('attention-map', AttentionMap);

declare global {
  interface HTMLElementTagNameMap {
    'click-map': ClickMap;
    'scroll-map': ScrollMap;
    'attention-map': AttentionMap;
    'heatlens-legend': HeatlensLegend;
  }
  interface HTMLElementEventMap {
    'heatlens-render': CustomEvent<import('./base/map-element.js').RenderDetail>;
    'heatlens-error': CustomEvent<import('./base/map-element.js').ErrorDetail>;
  }
}
