// Builds the library that bundler users import (dist/lib/): the package's "./components" and
// "./engine/browser" exports as ES modules with vite.lib.config.ts, the engine's Web Worker
// beside them, and their TypeScript declarations (dist/lib/types/, from the same sources with
// this repository's compiler settings, so that applications type-check against .d.ts files and
// never compile heatlens's sources with their own settings).
// Skips the build when dist/lib is newer than every source it is made of; `--force` builds anyway.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { upToDate } from './freshness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/lib');
const ENTRIES = ['components/index.ts', 'worker/browser.ts'];
// Each output, checked for freshness and by the package's "exports".
const OUTPUTS = ['components.js', 'engine-browser.js', 'engine.worker.js', 'types/components/index.d.ts', 'types/worker/browser.d.ts'];
const SOURCES = ['components', 'worker', 'vite.lib.config.ts', 'tsconfig.json', 'package-lock.json', 'scripts/build-lib.mjs'];

/** Declarations only, for the entries and everything they import (tsconfig.json's settings). */
async function emitDeclarations() {
  const { default: ts } = await import('typescript');
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!config) throw new Error('heatlens: cannot read tsconfig.json');
  const options = {
    ...config.options,
    noEmit: false,
    declaration: true,
    emitDeclarationOnly: true,
    declarationMap: false,
    sourceMap: false,
    // `npm test` type-checks these sources (tsc --noEmit); here only the declarations are written.
    noCheck: true,
    // Browser code: Node's ambient types (large) are not needed to write its declarations.
    types: [],
    rootDir: root,
    outDir: join(out, 'types'),
  };
  const program = ts.createProgram(ENTRIES.map((e) => join(root, e)), options);
  const { diagnostics } = program.emit();
  const errors = [...program.getSyntacticDiagnostics(), ...program.getOptionsDiagnostics(), ...diagnostics].filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length) {
    const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' };
    throw new Error(`heatlens: the library's declarations do not compile:\n${ts.formatDiagnostics(errors, host)}`);
  }
}

const force = process.argv.includes('--force');
if (!force && upToDate(OUTPUTS.map((f) => join(out, f)), SOURCES.map((s) => join(root, s)))) {
  console.log('heatlens: dist/lib is up to date');
} else {
  const started = performance.now();
  // A production build, even when a test runner that sets NODE_ENV=test runs this script.
  process.env.NODE_ENV = 'production';
  rmSync(out, { recursive: true, force: true });
  const { build } = await import('vite');
  await build({ configFile: join(root, 'vite.lib.config.ts'), mode: 'production', logLevel: 'warn' });
  await emitDeclarations();
  console.log(`heatlens: built dist/lib (components, engine/browser, types) in ${Math.round(performance.now() - started)} ms`);
}
