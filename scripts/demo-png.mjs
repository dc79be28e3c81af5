// `npm run demo`: builds if needed, then shows the engine at work on a synthetic page — a CSV of
// 200,000 clicks rendered to a PNG heatmap with the `heatlens density` command.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const node = (args) => execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });

node(['scripts/build.mjs']);

const { generate, PAGE_WIDTH, PAGE_HEIGHT } = await import('../bench/data.mjs');
const outDir = join(root, 'heatlens-data', 'demo');
mkdirSync(outDir, { recursive: true });
const csv = join(outDir, 'clicks.csv');
if (!existsSync(csv)) {
  const { x, y } = generate(200_000);
  const lines = ['x,y'];
  for (let i = 0; i < x.length; i++) lines.push(`${x[i].toFixed(1)},${y[i].toFixed(1)}`);
  writeFileSync(csv, lines.join('\n') + '\n');
}
const png = join(outDir, 'clicks.png');
node([
  'bin/heatlens.js', 'density', '--in', csv,
  '--width', String(PAGE_WIDTH / 2), '--height', String(PAGE_HEIGHT / 2),
  '--extent', `0,0,${PAGE_WIDTH},${PAGE_HEIGHT}`, '--bandwidth', '15', '--colormap', 'inferno',
  '--out', png,
]);
console.log(`heatlens: demo heatmap written to ${relative(process.cwd(), png)} (from ${relative(process.cwd(), csv)})`);
