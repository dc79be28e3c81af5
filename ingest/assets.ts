/** Files the server hands out as they are built by other parts of the package (dist/). */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The heatlens package root, found upwards from this module (in ingest/ or dist/ingest/). */
export function packageRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'heatlens') return dir;
      } catch {
        // Not ours; keep looking.
      }
    }
    if (dirname(dir) === dir) return from;
  }
}

const FILES: Record<string, string> = { 'tracker.js': 'dist/tracker/tracker.js' };

/** Reads an asset on each request (it may be rebuilt while the server runs); null if absent. */
export function assetReader(root = packageRoot()): (name: string) => Promise<Uint8Array | null> {
  return async (name) => {
    const rel = FILES[name];
    if (!rel) return null;
    try {
      return await readFile(join(root, rel));
    } catch {
      return null;
    }
  };
}
