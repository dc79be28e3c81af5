// Output files are written next to their target and renamed into place, so a failed or
// interrupted run never leaves a truncated file where a good one was.
import { rename, unlink } from 'node:fs/promises';
import { CliError } from './main.js';

/** Runs `write` on a temporary path beside `out`, then renames it to `out`; CliError on failure. */
export async function writeAtomically(out: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = `${out}.${process.pid}.tmp`;
  try {
    await write(tmp);
    await rename(tmp, out);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw new CliError(`cannot write ${out}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}
