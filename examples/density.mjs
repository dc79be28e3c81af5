// The engine API from Node: load points once, then ask for densities. Run it with
//   npm run build && node examples/density.mjs
import { createEngine } from '../dist/worker/node.js';

const engine = await createEngine();

// 50,000 clicks around two buttons on a 1280 × 2000 page (CSS px, document-relative).
const n = 50_000;
const x = new Float32Array(n);
const y = new Float32Array(n);
for (let i = 0; i < n; i++) {
  const [cx, cy] = i % 3 ? [320, 400] : [960, 1500];
  const r = 40 * Math.sqrt(-2 * Math.log(Math.random() || 1e-12));
  const a = 2 * Math.PI * Math.random();
  x[i] = cx + r * Math.cos(a);
  y[i] = cy + r * Math.sin(a);
}

const dataset = await engine.load({ x, y });
const grid = { dataset: dataset.id, extent: [0, 0, 1280, 2000], width: 320, height: 500 };

const first = await engine.density({ ...grid, bandwidth: 15 });
console.log(`σ = 15 px: peak ${first.max.toExponential(3)} clicks/px², ${first.kept} kept, ${first.dropped} dropped,`,
  `binned in ${first.timings.bin.toFixed(1)} ms, smoothed in ${first.timings.smooth.toFixed(1)} ms`);

// A new bandwidth re-smooths the cached bins: no re-binning.
const wider = await engine.density({ ...grid, bandwidth: 30 });
console.log(`σ = 30 px: peak ${wider.max.toExponential(3)} clicks/px², binned in ${wider.timings.bin.toFixed(1)} ms,`,
  `smoothed in ${wider.timings.smooth.toFixed(1)} ms`);

// Expected clicks in a 100 × 40 px box around the first button: integrate the density.
const cellArea = (1280 / 320) * (2000 / 500);
let inBox = 0;
for (let row = Math.floor(380 / 4); row < Math.ceil(420 / 4); row++) {
  for (let col = Math.floor(270 / 4); col < Math.ceil(370 / 4); col++) inBox += first.values[row * 320 + col] * cellArea;
}
console.log(`about ${Math.round(inBox)} clicks in the 100 × 40 px box around the first button`);

await engine.close();
