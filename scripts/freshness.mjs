// When a build output is out of date: it is missing, or older than a file among its sources.
// Shared by the build scripts that skip work when nothing they are made of has changed.
import { readdirSync, statSync } from 'node:fs';

/**
 * The newest modification time under `path` (files and folders, recursively; a folder's own
 * time moves when a file in it is removed); 0 if absent. Entries whose name `skip` accepts are
 * left out, with everything below them.
 */
export function newestMtime(path, skip = () => false) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) if (!skip(entry)) latest = Math.max(latest, newestMtime(`${path}/${entry}`, skip));
  return latest;
}

/** True when every output exists and the oldest of them is newer than every source. */
export function upToDate(outputs, sources) {
  let built = Infinity;
  for (const output of outputs) {
    const stat = statSync(output, { throwIfNoEntry: false });
    if (!stat) return false;
    built = Math.min(built, stat.mtimeMs);
  }
  return built > Math.max(...sources.map((source) => newestMtime(source)));
}
