// The script-tag build (dist/tracker/tracker.js):
//
//   <script src="…/tracker.js" data-site="SITE" data-endpoint="ORIGIN" defer></script>
//
// starts the tracker from the tag's data attributes (options.ts lists them; the endpoint
// defaults to the script's own origin). Its one global is the `heatlens` namespace, which also
// holds init() for pages that configure it by hand.
import * as heatlens from './index.js';
import { fromScript } from './options.js';

declare global {
  interface Window {
    heatlens?: typeof heatlens;
  }
}

const script = document.currentScript;
if (!window.heatlens) {
  window.heatlens = heatlens;
  if (script instanceof HTMLScriptElement && script.dataset.site) {
    try {
      heatlens.init(fromScript(script));
    } catch (e) {
      console.warn(String(e));
    }
  }
}
