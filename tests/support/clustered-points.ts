/** Deterministic points in 12 gaussian clusters of 4–40 px over a width × height page, for large-input tests. */
export function clusteredPoints(n: number, width: number, height: number, seed: number, weighted = false) {
  let s = seed >>> 0;
  const random = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  const centres = Array.from({ length: 12 }, () => [random() * width, random() * height, 4 + random() * 40]);
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const w = weighted ? new Float32Array(n) : undefined;
  for (let i = 0; i < n; i++) {
    const [cx, cy, spread] = centres[i % centres.length];
    const r = spread * Math.sqrt(-2 * Math.log(random() || 1e-12));
    const a = 2 * Math.PI * random();
    x[i] = cx + r * Math.cos(a);
    y[i] = cy + r * Math.sin(a);
    if (w) w[i] = 0.5 + random() * 2;
  }
  return { x, y, w };
}
