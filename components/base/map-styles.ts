// The shadow styles every map element shares: the page underneath, the canvas over it, the
// read-out, the stacked legends and the error state. Elements add theirs after these.
import { css } from 'lit';

export const mapElementStyles = css`
  :host {
    display: block;
    position: relative;
    overflow: hidden;
    font: var(--heatlens-font, 12px/1.4 system-ui, sans-serif);
  }
  :host([hidden]) {
    display: none;
  }
  :host(:focus-visible) {
    outline: var(--heatlens-focus-ring, 2px solid #2f6fde);
    outline-offset: 2px;
  }
  /* The canvas is absolutely placed in this box, so the box must be as tall as the host even
     with nothing slotted in: a host sized by CSS alone would otherwise get a 0 px canvas. A host
     without a definite height (sized by its slotted page) resolves 100% to auto. */
  [part='base'] {
    position: relative;
    height: 100%;
    min-height: inherit;
  }
  ::slotted(img),
  ::slotted(iframe) {
    display: block;
  }
  canvas {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    pointer-events: none;
    mix-blend-mode: var(--heatlens-blend-mode, normal);
  }
  [part='readout'] {
    position: absolute;
    pointer-events: none;
    padding: 2px 6px;
    border-radius: 3px;
    white-space: nowrap;
    background: var(--heatlens-readout-background, rgb(0 0 0 / 0.78));
    color: var(--heatlens-readout-color, #fff);
    transform: translate(12px, 12px);
  }
  [part='cursor'] {
    position: absolute;
    pointer-events: none;
    border: 1px solid var(--heatlens-cursor-color, rgb(255 255 255 / 0.9));
    border-radius: 50%;
    box-shadow: 0 0 0 1px rgb(0 0 0 / 0.5);
  }
  @media (prefers-reduced-motion: no-preference) {
    [part='readout'],
    [part='cursor'] {
      transition: opacity 120ms ease-out;
    }
  }
  /* Placed against the host, as the error state is: both are outside [part='base']. */
  [part='legends'] {
    position: absolute;
    right: var(--heatlens-legend-inset, 8px);
    top: var(--heatlens-legend-inset, 8px);
    display: flex;
    flex-direction: column;
    align-items: flex-end;
    gap: 4px;
  }
  [part='error'] {
    position: absolute;
    inset: 0;
    display: flex;
    /* At the top, not the middle: a map of a tall page is mostly below the fold. */
    align-items: flex-start;
    justify-content: center;
    padding: 2em 1em;
    text-align: center;
    background: var(--heatlens-error-background, rgb(255 240 240 / 0.92));
    color: var(--heatlens-error-color, #8a1010);
  }
  [hidden] {
    display: none !important;
  }
`;
