/**
 * The `heatlens` command line: a table of subcommands, a small strict flag parser shared by
 * them, and the one place where errors become a single line on stderr and an exit code
 * (2: the command line is wrong; 1: the work failed). `bin/heatlens.js` calls `main`.
 */
import { readFileSync } from 'node:fs';

/** The command line itself is wrong: unknown flag, missing or invalid value. Exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A runtime failure worth one clear line (missing file, unreadable data). Exit code 1. */
export class CliError extends Error {
  override name = 'CliError';
}

export interface CommandModule {
  /** Full usage text for `heatlens <command> --help`. */
  usage: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(argv: string[]): Promise<number>;
}

interface CommandEntry {
  summary: string;
  /** Loaded on demand, so `--help` and each command pay only for what they use. */
  load(): Promise<CommandModule>;
}

/** Subcommands: add a row per command. */
export const COMMANDS: Record<string, CommandEntry> = {
  density: {
    summary: 'compute a kernel density grid from points (CSV/NDJSON) to .f32, .json or .png',
    load: () => import('./commands/density.js'),
  },
  attention: {
    summary: 'attention map of cursor samples (CSV/NDJSON) in seconds per px², to .f32, .json or .png',
    load: () => import('./commands/attention.js'),
  },
  render: { summary: 'draw a page\'s click, attention or scroll map as the dashboard does, over a screenshot, to .png', load: () => import('./commands/render.js') },
  scroll: { summary: 'scroll depth of sessions (CSV/NDJSON samples): reach curve, fold, time in view, to .json', load: () => import('./commands/scroll.js') },
  serve: { summary: 'serve the ingest API and the data the heatmap elements render', load: () => import('./commands/serve.js') },
  import: { summary: 'import rrweb, PostHog or CSV/NDJSON interaction data into the store', load: () => import('./commands/import.js') },
  migrate: { summary: 'copy the embedded store into ClickHouse (events and batch ids; re-runs copy nothing twice)', load: () => import('./commands/migrate.js') },
};

function globalUsage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const rows = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: heatlens <command> [flags]',
    '',
    'Commands:',
    ...rows,
    '',
    'Flags:',
    '  -h, --help     show help (also: heatlens <command> --help)',
    '  -v, --version  print the version',
    '',
    'Set HEATLENS_DEBUG=1 to print stack traces on errors.',
  ].join('\n');
}

export type FlagSpec = Record<string, 'string' | 'boolean'>;
export type Flags = Record<string, string | boolean | undefined>;

/**
 * Parses `--name value`, `--name=value` and boolean `--name`; `-h` means `--help`. Values may
 * start with `-` (negative numbers, e.g. `--extent -10,-10,90,90`) but not with `--`.
 * Throws UsageError naming the command for anything unknown, missing or misplaced.
 */
export function parseFlags(argv: readonly string[], spec: FlagSpec, command: string): Flags {
  const hint = `(see heatlens ${command} --help)`;
  const flags: Flags = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h') {
      flags.help = true;
      continue;
    }
    if (!arg.startsWith('--') || arg === '--') {
      throw new UsageError(`unexpected argument "${arg}" for ${command} ${hint}`);
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const type = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (type === undefined) throw new UsageError(`unknown flag --${name} for ${command} ${hint}`);
    if (type === 'boolean') {
      if (eq >= 0) throw new UsageError(`flag --${name} takes no value ${hint}`);
      flags[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) value = argv[++i];
    if (value === undefined || value === '') {
      throw new UsageError(`missing value for --${name} ${hint}`);
    }
    flags[name] = value;
  }
  return flags;
}

function version(): string {
  // Compiled to dist/bin/main.js, the package root is two levels up; from source, one.
  for (const rel of ['../../package.json', '../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'heatlens' && pkg.version) return pkg.version;
    } catch {
      // Not at this level; try the next.
    }
  }
  return 'unknown';
}

function report(err: unknown): number {
  const debug = process.env.HEATLENS_DEBUG === '1';
  const message = err instanceof Error ? err.message : String(err);
  // Our own messages are already one line; anything else is flattened to keep the promise.
  process.stderr.write(`heatlens: ${message.split('\n')[0]}\n`);
  if (debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return err instanceof UsageError ? 2 : 1;
}

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first === undefined) {
      process.stderr.write(`${globalUsage()}\n`);
      return 2;
    }
    if (first === '--help' || first === '-h' || (first === 'help' && rest.length === 0)) {
      process.stdout.write(`${globalUsage()}\n`);
      return 0;
    }
    if (first === '--version' || first === '-v') {
      process.stdout.write(`${version()}\n`);
      return 0;
    }
    // `heatlens help density` is the same as `heatlens density --help`.
    const [name, args] = first === 'help' ? [rest[0], ['--help']] : [first, rest];
    const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!entry) {
      const what = name.startsWith('-') ? `unknown flag ${name}` : `unknown command "${name}"`;
      throw new UsageError(`${what} (see heatlens --help)`);
    }
    const mod = await entry.load();
    return await mod.run(args);
  } catch (err) {
    return report(err);
  }
}
