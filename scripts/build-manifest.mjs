// Generates the custom-elements manifest (dist/custom-elements.json, the package's
// "customElements" entry) from the element classes' JSDoc and Lit properties, so editors,
// Storybook and documentation tools see every attribute, event, part, slot and custom property.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'node_modules/@custom-elements-manifest/analyzer/cem.js');
// Settings: custom-elements-manifest.config.mjs (the analyzer reads it from the working directory).
execFileSync(process.execPath, [cli, 'analyze', '--quiet'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});

// The analyzer reports nothing when it finds no elements; an empty manifest is a broken build.
const manifest = JSON.parse(readFileSync(join(root, 'dist/custom-elements.json'), 'utf8'));
const tags = manifest.modules.flatMap((m) => (m.declarations ?? []).filter((d) => d.customElement && d.tagName).map((d) => d.tagName));
if (!tags.includes('click-map')) throw new Error(`the custom-elements manifest lists no <click-map> (found: ${tags.join(', ') || 'none'})`);
