// Generates the custom-elements manifest (dist/custom-elements.json, the package's
// "customElements" entry) from the element classes' JSDoc and Lit properties, so editors,
// Storybook and documentation tools see every attribute, event, part, slot and custom property.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
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

// An element that overrides an inherited property's initial value (`override readoutRadius =
// 56`) gets the override on the field but keeps the base's default on the attribute; the
// attribute is what HTML authors read, so it takes the field's.
for (const mod of manifest.modules) {
  for (const d of mod.declarations ?? []) {
    const fields = new Map((d.members ?? []).filter((m) => m.kind === 'field').map((m) => [m.name, m]));
    for (const a of d.attributes ?? []) {
      const field = a.fieldName && fields.get(a.fieldName);
      if (field && field.default !== undefined && field.default !== a.default) {
        a.default = field.default;
        if (field.description) a.description = field.description;
      }
    }
  }
}
writeFileSync(join(root, 'dist/custom-elements.json'), JSON.stringify(manifest, null, 2));
const tags = manifest.modules.flatMap((m) => (m.declarations ?? []).filter((d) => d.customElement && d.tagName).map((d) => d.tagName));
if (!tags.includes('click-map')) throw new Error(`the custom-elements manifest lists no <click-map> (found: ${tags.join(', ') || 'none'})`);
