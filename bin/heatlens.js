#!/usr/bin/env node
// Executable shim for the `heatlens` CLI: runs the compiled entry point in dist/.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/bin/main.js', import.meta.url);

if (!existsSync(entry)) {
  process.stderr.write('heatlens: not built yet — run npm run build\n');
  process.exit(1);
}

const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
