/**
 * `heatlens import`: read a file in one of the supported formats, validate every record,
 * and store all the good ones in one transaction — or nothing, if anything fails. The batch
 * id is a hash of the format, site and content, so importing the same file twice stores it
 * once.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Store } from '../store.js';
import { ImportError, type ImportReport } from './collect.js';
import { importPlain } from './csv.js';
import { importPostHog } from './posthog.js';
import { importRRweb } from './rrweb.js';

export { ImportError, type ImportReport } from './collect.js';

export const IMPORT_FORMATS = ['rrweb', 'posthog', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export function parseImport(format: ImportFormat, text: string, site: string, name: string): ImportReport {
  if (format === 'rrweb') return importRRweb(text, site);
  if (format === 'posthog') return importPostHog(text, site, name);
  return importPlain(text, site, name);
}

export interface ImportResult extends ImportReport {
  /** True when this very content was imported into this site before (nothing stored again). */
  duplicate: boolean;
  batch: string;
}

export async function importFile(store: Store, format: ImportFormat, file: string, site: string, now = Date.now()): Promise<ImportResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ImportError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const report = parseImport(format, text, site, file);
  const batch = `imp_${createHash('sha256').update(`${format}\n${site}\n`).update(text).digest('hex').slice(0, 40)}`;
  if (report.rows.length === 0) return { ...report, duplicate: false, batch };
  const result = await store.write({ site, batch, received: now, rows: report.rows });
  return { ...report, duplicate: result.duplicate, batch };
}
