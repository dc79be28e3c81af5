// Where every benchmark keeps its results: bench/results/<prefix><UTC time>.json, optionally
// copied to a path given with --out (and, for the main run, to latest.json).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'results');

/** ISO 8601 with ':' replaced so the name is portable: 2025-01-31T14-05-09Z. */
export function fileStamp(date) {
  return date.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}

/**
 * Writes `report` as pretty JSON to bench/results/<prefix><stamp>.json and to each of `copies`
 * (paths; falsy ones are skipped). Resolves to the results file's path.
 */
export async function writeResult(prefix, date, report, copies = []) {
  const json = `${JSON.stringify(report, null, 2)}\n`;
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${prefix}${fileStamp(date)}.json`);
  await writeFile(file, json);
  for (const copy of copies) if (copy) await writeFile(copy, json);
  return file;
}
